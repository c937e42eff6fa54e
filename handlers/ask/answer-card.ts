import type { AnswerPlan } from '../../knowledge/answer/answer-plan.js';
import { taxonomy } from '../../knowledge/taxonomy.js';
import { neutralizeMentions } from '../../knowledge/text/neutralize.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { Card, CardBlock, CardButton } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import { t } from '../../core/i18n/t.js';
import { withContactDetails } from './contact-details.js';

const MAX_STEPS = 8;
const MAX_AVOID = 4;

export function severityLabel(lang: Lang, severity: string): string {
  return taxonomy.severities.find((s) => s.id === severity)?.[lang] ?? severity;
}

export function categoryLabel(lang: Lang, category: string): string {
  return taxonomy.categories.find((c) => c.id === category)?.[lang] ?? category;
}

export function responderButton(lang: Lang, caseNumber: string): CardButton {
  return { actionId: 'case.request_responder', label: t(lang, 'button.talkToResponder'), value: caseNumber, style: 'primary' };
}

export function feedbackButtons(lang: Lang, caseNumber: string, includeResponder: boolean): CardButton[] {
  const buttons: CardButton[] = [
    { actionId: 'feedback.helpful', label: t(lang, 'button.helpful'), value: caseNumber },
    { actionId: 'feedback.not_helpful', label: t(lang, 'button.notHelpful'), value: caseNumber },
  ];
  if (includeResponder) buttons.push(responderButton(lang, caseNumber));
  return buttons;
}

/**
 * The reply to a question, from the plan. Order matters for a panicking
 * reader: severity badge, first aid (critical/high), "a responder has been
 * alerted", the steps, then a generated summary (「要約(AI)」, only below the
 * knowledge base's own steps), then what not to do; never an answer the
 * knowledge base did not give.
 * Knowledge-base text (article titles, steps, "what not to do", the passage)
 * is written by people, not by the bot: it is cited mention-free, like model
 * output, so no renderer can turn it into a ping.
 */
export function answerCard(plan: AnswerPlan, c: CaseRecord, articleUrl?: (slug: string) => string): Card {
  const lang = plan.triage.lang;
  const { severity, category } = plan.triage;
  const blocks: CardBlock[] = [];
  const escalated = plan.decision === 'escalate';
  const urgent = severity === 'critical' || severity === 'high';

  if (plan.decision === 'off_topic') {
    blocks.push({ kind: 'text', text: t(lang, plan.triage.injectionSuspected ? 'reply.injection' : 'reply.offTopic') });
    if (escalated) blocks.push({ kind: 'notice', text: t(lang, 'reply.humanRequested', { number: c.number }) });
    return { blocks };
  }

  if (plan.answered && plan.steps.length > 0 && urgent) {
    blocks.push({ kind: 'steps', title: t(lang, 'reply.firstAid'), items: plan.steps.slice(0, MAX_STEPS).map(neutralizeMentions) });
  }
  if (escalated) {
    // Doubt is said out loud: the asker learns why a person will look, not only that one will.
    const unsure = plan.triage.situation?.unsure === true && !urgent;
    const key = plan.triage.humanRequested && !urgent ? 'reply.humanRequested' : unsure ? 'reply.unsureEscalated' : plan.answered ? 'reply.escalated' : 'reply.noAnswerEscalated';
    blocks.push({ kind: 'notice', text: t(lang, key, { number: c.number }) });
  }
  if (plan.answered && !urgent) {
    if (plan.steps.length > 0) blocks.push({ kind: 'steps', title: t(lang, 'reply.steps'), items: plan.steps.slice(0, MAX_STEPS).map(neutralizeMentions) });
    else if (plan.passage) blocks.push({ kind: 'text', text: neutralizeMentions(plan.passage) });
  }
  // A language-model answer grounded in the cited articles (checked against them and mention-free):
  // after the knowledge base's own steps, never above them, and labelled as what it is.
  if (plan.answered && plan.generated) blocks.push({ kind: 'text', title: t(lang, 'reply.summaryAi'), text: neutralizeMentions(plan.generated.text) });
  if (plan.answered && plan.avoid.length > 0) {
    blocks.push({ kind: 'bullets', title: t(lang, 'reply.avoid'), items: plan.avoid.slice(0, MAX_AVOID).map(neutralizeMentions) });
  }
  if (!plan.answered && !escalated) blocks.push({ kind: 'text', text: t(lang, 'reply.noAnswer') });

  const buttons = [
    ...(plan.answered ? feedbackButtons(lang, c.number, !escalated) : escalated ? [] : [responderButton(lang, c.number)]),
    // No page to link to: the cited article opens in the chat itself.
    ...(articleUrl ? [] : plan.citations.slice(0, MAX_OPEN_BUTTONS).map((ci) => articleButton(lang, c.number, ci.slug, ci.title))),
  ];
  // The desks the article names get their current details here (steps, warnings, passage).
  return withContactDetails({
    badge: { severity, label: severityLabel(lang, severity), category: categoryLabel(lang, category) },
    blocks: stepsAgainstButtons(blocks, buttons),
    citations: plan.citations.map((ci) => ({ slug: ci.slug, title: neutralizeMentions(ci.title), lang: ci.lang, ...(articleUrl ? { url: articleUrl(ci.slug) } : {}) })),
    buttons,
  }, plan.citations[0]?.lang ?? lang);
}

/**
 * Article steps tell the reader to press the responder button (as the articles word it, ja and
 * en). On a card without it the case is already with the responders, and what the asker writes
 * in the conversation reaches them, so the step says that instead (in the language of the wording
 * each pattern matches, from the catalogue's reply.noButton.*).
 */
const PRESS_RESPONDER: readonly { press: RegExp; instead: string }[] = [
  { press: /[(（]「担当者に相談(?:する)?」(?:ボタン)?を押してください[)）]/g, instead: t('ja', 'reply.noButton.writeHereAside') },
  { press: /このボットの「担当者に相談」(?:ボタン)?も/g, instead: t('ja', 'reply.noButton.thisConversationToo') },
  { press: /「担当者に相談(?:する)?」(?:ボタン)?を押してください/g, instead: t('ja', 'reply.noButton.writeHere') },
  { press: /「担当者に相談(?:する)?」(?:ボタン)?を押し(?:て)?、?/g, instead: t('ja', 'reply.noButton.inThisConversationThen') },
  { press: /このボットの「担当者に相談」(?:ボタン)?で/g, instead: t('ja', 'reply.noButton.inThisConversation') },
  { press: /with the bot's "Talk to a responder" button/g, instead: t('en', 'reply.noButton.inThisConversation') },
  { press: /the bot's "Talk to a responder" button/g, instead: t('en', 'reply.noButton.thisConversation') },
  { press: /\bPress "Talk to a responder"/g, instead: t('en', 'reply.noButton.replyHere') },
  { press: /\bpress "Talk to a responder"/g, instead: t('en', 'reply.noButton.replyHereInSentence') },
];
const NAMES_RESPONDER_BUTTON = /「担当者に相談(?:する)?」|"Talk to a responder"/i;

/**
 * Article steps are written for a card that has the "talk to a responder" button. A card
 * without it must not tell the reader to press it: such a step is reworded, or dropped when
 * no rewording fits.
 */
export function stepsAgainstButtons(blocks: CardBlock[], buttons: CardButton[]): CardBlock[] {
  if (buttons.some((b) => b.actionId === 'case.request_responder')) return blocks;
  return blocks.map((b) => {
    if (b.kind !== 'steps') return b;
    const items = b.items
      .map((item) => PRESS_RESPONDER.reduce((text, r) => text.replace(r.press, r.instead), item))
      .filter((item) => !NAMES_RESPONDER_BUTTON.test(item));
    return { ...b, items };
  });
}

/** Citations that get an "open" button when there is no page to link to. */
const MAX_OPEN_BUTTONS = 2;
/** Action of a button that shows a cited article in the chat: value `<case number> <slug>`. */
export const ARTICLE_OPEN_ACTION = 'article.open';

function articleButton(lang: Lang, caseNumber: string, slug: string, title: string): CardButton {
  const short = [...title].length > 40 ? `${[...title].slice(0, 39).join('')}…` : title;
  return { actionId: ARTICLE_OPEN_ACTION, label: t(lang, 'button.openArticle', { title: neutralizeMentions(short) }), value: `${caseNumber} ${slug}` };
}

/** A short text reply (errors, acknowledgements). */
export function textCard(text: string): Card {
  return { blocks: [{ kind: 'text', text }] };
}
