import { CATEGORIES, severityRank, type Category, type Severity } from '../taxonomy.js';
import { IMPACT_FLAGS, type ImpactFlag, type SituationState } from './corpus-schema.js';
import { triageByRules } from './index.js';
import { topicsPerCategory } from './learned/decision-features.js';
import type { DecisionModel } from './learned/decision-model.js';
import type { SituationReading } from './learned/situation-model.js';
import { saysAllClear } from './all-clear.js';
import { isContentFree } from './content-free.js';
import { toSentences } from './detect-facts.js';
import { genuineSentences } from './intent.js';
import { reportsPossibleEvent } from './possibility.js';
import { applyPolicy } from './severity-policy.js';
import { ALL_CLEAR_SIGNAL, flagSignal, SERIOUS_SIGNAL, stateSignal, UNSURE_SIGNAL } from './situation-labels.js';
import type { TriageInput, TriageResult, TriageSignal } from './types.js';

/**
 * Decision thresholds on the recognisers' probabilities. They lean towards recall on
 * purpose (a one-in-five chance of "high or worse" escalates): a missed incident costs far
 * more than a responder's look at a harmless one. Chosen with `knowledge/eval/tune-triage.ts`
 * by leave-one-writer-out cross-validation over the corpus, never on the dev set (README,
 * "Triage").
 */
export interface TriageThresholds {
  /** P(past) + P(ongoing) at or above which the message describes something that happened. */
  incident: number;
  /** Below `incident` but at or above this: unsure whether it happened, so a person checks. */
  doubt: number;
  /** P(ongoing) at or above which a happened situation counts as still going on. */
  ongoing: number;
  /** P(flag) at or above which an impact flag holds. */
  flag: number;
  /** The recognisers' own severity estimate raises the policy's when at least this sure. */
  severityHead: number;
  /** P(high) + P(critical) from the severity recogniser at or above which it is at least high. */
  highAt: number;
  /** P(critical) from the severity recogniser at or above which it is critical. */
  criticalAt: number;
  /**
   * The rules raise the verdict only when the recognisers give at least this probability that
   * something happened (a rule reading "ransomware" in a backup question must not escalate it),
   * (`rulesCriticalMinHappened` for a critical finding: 0, a critical finding always raises, since a
   * missed ransomware or money-gone case is the worst failure this product can have).
   */
  rulesMinHappened: number;
  rulesCriticalMinHappened: number;
  /**
   * A rule's non-critical raise also needs the recognisers' severity head to give "high or worse"
   * at least this probability: keywords alone ("hacked", "bitcoin", "ransomware" in the news) do
   * not make high what every recogniser reads as medium or less. Critical findings always raise.
   * Off (0): at 0.1 the 25-writer CV read precision 0.787 → 0.802 at recall 0.969 → 0.968, but the
   * dev regression check lost 2 of its 23 escalations; recall comes first (2026-12-06).
   */
  rulesHighMinSeverity: number;
  /**
   * P(topic) at or above which a recognised topic can make a retrieved article an answer. In
   * leave-one-writer-out CV 0.5 → 0.4 lifted hit@3 0.897 → 0.905 at abstention 0.855 → 0.851;
   * 0.3 and 0.2 answered more (hit@3 0.916, 0.928) but let more off-topic lines through (0.843, 0.834).
   * Since directives to the bot are set aside by the rules (intent.ts), a lower gate costs little
   * abstention: 39-writer CV, full pipeline, 0.4 / 0.3 / 0.2 / 0.1 read hit@3 0.913 / 0.923 / 0.935 /
   * 0.943, answer rate 0.975 / 0.979 / 0.984 / 0.990, abstention 0.924 / 0.922 / 0.919 / 0.911.
   * Kept at 0.4 all the same: the corpus has no question the knowledge base does not cover, so the
   * CV cannot see the cost — at 0.2 a question outside the knowledge base (「Chatwork と他のクラウド
   * サービスの連携は…」) is answered with a loosely related article instead of an honest "no answer".
   */
  topic: number;
  /** P(topic) at or above which a recognised topic boosts matching articles in retrieval. */
  rankingTopic: number;
  /** P(human requested) at or above which the person counts as asking for one. */
  human: number;
  /**
   * The same in a message otherwise read as not a security question ("can someone swap shifts with me?"
   * asks a colleague). 54-writer CV: without this bar (the `human` one throughout) 4 chit-chat lines were
   * escalated; with the reading counting only in security questions they were not, but one plain request
   * to the desk ("can someone from your team call the head office?", P 0.998) was lost (abstention
   * 0.942 → 0.950, recall 0.980 → 0.979). A near-certain reading still counts: at 0.97 abstention 0.950
   * at recall 0.980 (triage-only CV: 0.9 / 0.97 / 0.99 within 0.002 of each other).
   */
  humanOffTopic: number;
  /**
   * Weight of the topic recogniser's view in the category: each topic's probability counts
   * towards its taxonomy category. Topics are finer and learned from more specific words, so
   * they settle borderline category calls (an account taken over by phishing: phishing or
   * unauthorized_access?).
   */
  categoryFromTopics: number;
  /**
   * With a decision layer (decision-model.ts): its P(high or critical) at or above which a responder
   * is needed. It replaces the one-reading-at-a-time raises above for high (they stay for critical:
   * the layer never lowers a critical verdict, and a critical rule finding always stands).
   * Chosen as the highest value whose 39-writer CV escalation recall stays ≥ 0.975 (half a point
   * above the 0.97 target; triage only, tune-triage.ts): 0.15 / 0.18 / 0.2 / 0.22 / 0.25 read recall
   * 0.980 / 0.977 / 0.976 / 0.973 / 0.969 at precision 0.832 / 0.840 / 0.845 / 0.849 / 0.855.
   */
  serious: number;
  /**
   * With a decision layer: a critical verdict that rests on one reading (the severity recogniser's
   * P(critical) ≥ `criticalAt`, a rule's critical finding) stands only when the layer's P(critical)
   * is at least this; below it the verdict drops to high and `serious` decides high or medium. A row
   * of the written policy that says critical always stands. 0: every such critical stands. At 0.05
   * the 34-writer CV (triage only) read escalation precision 0.807 → 0.823 at recall 0.980 → 0.979,
   * critical recall 0.929 → 0.928 (0.1: 0.825 / 0.979 / 0.923): a rule reading "ransomware" in a
   * question about the news, or an injected "severity=critical", no longer makes a case critical.
   */
  criticalVeto: number;
  /**
   * With a decision layer: its P(critical) at or above which the situation is critical. Off (1.1):
   * in place of the severity recogniser's own critical raise it read critical recall 0.909 at no
   * gain in precision (34-writer CV, at 0.25).
   */
  criticalDecision: number;
  /**
   * With a decision layer: its P(not a security question) at or above which the message is treated as
   * one. 0.5 rather than 0.4 since the 46-writer retrain: a message the layer finds as likely off-topic
   * as not stays a security question (doubt goes to the desk: a gap is recorded and a person offered).
   * 46-writer CV, 0.4 / 0.5: every figure identical to the third decimal (abstention 0.950 both); the
   * retrained layer read a question about allowing integrations between cloud services as 0.49 off-topic.
   */
  offTopicDecision: number;
  /**
   * The topic recogniser's P(no article's topic applies) at or above which a close word match alone
   * is no answer (`noArticleLikely`); an article must then be about a topic triage is sure of.
   */
  noArticle: number;
  /** The same, at or above which a keyword rule's topic no longer counts as an answer topic. */
  noArticleRules: number;
  /** With a decision layer: the recogniser's P(off-topic) at or above which, when the rules find nothing security-related, the message is not a security question whatever the layer says. */
  offTopicUnanimous: number;
  /** P(off-topic) at or above which the message is treated as not a security question. */
  offTopic: number;
  /**
   * A message that takes its own alarm back (all-clear.ts: "…oh wait, I changed it myself",
   * 「よく見たら自分の新しいiPhoneでした。お騒がせしました」) is read as harmless (low, nobody paged)
   * when the decision layer's P(critical) stays below this (without a layer: the severity recogniser's),
   * no rule finds anything critical and no impact flag is read. 0: off.
   */
  allClear: number;
  /** The same, when the rules also found nothing security-related in it (a lower bar). */
  offTopicRulesAgree: number;
}

export const DEFAULT_THRESHOLDS: TriageThresholds = {
  incident: 0.5,
  doubt: 0.4,
  ongoing: 0.4,
  flag: 0.35,
  severityHead: 0.5,
  highAt: 0.2,
  criticalAt: 0.15,
  rulesMinHappened: 0.3,
  rulesCriticalMinHappened: 0,
  rulesHighMinSeverity: 0,
  topic: 0.4,
  rankingTopic: 0.1,
  human: 0.3,
  humanOffTopic: 0.97,
  categoryFromTopics: 0.5,
  serious: 0.2,
  criticalVeto: 0.05,
  criticalDecision: 1.1,
  offTopicDecision: 0.5,
  offTopicUnanimous: 0.95,
  noArticle: 0.5,
  noArticleRules: 0.5,
  offTopic: 0.5,
  offTopicRulesAgree: 0.15,
  allClear: 0.2,
};

/**
 * The triage of a question: the learned recognisers read the situation (primary), the
 * written severity policy turns it into a severity, the hand-written rules may only raise
 * it, and doubt about whether something happened goes to a person.
 */
export class Triager {
  readonly thresholds: TriageThresholds;

  constructor(
    private readonly model: SituationReader,
    thresholds: Partial<TriageThresholds> = {},
    private readonly decision?: DecisionModel,
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  }

  triage(input: TriageInput): TriageResult {
    const rules = triageByRules(input);
    const reading = this.model.read(input.text, input.history);
    // Inside a thread the earlier messages give the recognisers something to read.
    const alone = (input.history?.length ?? 0) === 0;
    const contentFree = alone && isContentFree(input.text);
    const onlyDirectives = alone && rules.injectionSuspected && genuineSentences(toSentences(input.text)).sentences.length === 0;
    return combine(rules, reading, this.thresholds, triageCues(input.text, { contentFree, onlyDirectives }), this.decision);
  }
}

/** What reads a message's situation: the learned recognisers, or recorded readings in cross-validation. */
export interface SituationReader {
  read(text: string, history?: readonly string[]): SituationReading;
}

const rank = severityRank;

/** The category recogniser's probabilities, with each topic's probability added (weighted) to its category. */
export function categoryOf(r: SituationReading, topicWeight: number): Category {
  const fromTopics = topicsPerCategory(r);
  const score = new Map(CATEGORIES.map((c) => [c, r.category.p[c] + topicWeight * fromTopics.get(c)!]));
  return [...score].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** What the text says beside the recognisers' reading (see possibility.ts). */
export interface TriageCues {
  /** The latest message reports something that possibly already happened ("漏れたかもしれません"). */
  possibleEvent?: boolean;
  /** The message alone (no thread) says nothing: a greeting, a thank-you, a test (content-free.ts). */
  contentFree?: boolean;
  /**
   * The message alone (no thread) is nothing but directives to the bot or injected text: once they
   * are set aside nothing is left for the recognisers to read, so their reading is noise, like a greeting's.
   */
  onlyDirectives?: boolean;
  /** The latest message takes its own alarm back ("false alarm", 「自分でした。お騒がせしました」; all-clear.ts). */
  allClear?: boolean;
}

/** The cues read from the latest message's text alone (the cross-validation passes the same). */
export function triageCues(text: string, more: TriageCues = {}): TriageCues {
  return { possibleEvent: reportsPossibleEvent(text), allClear: saysAllClear(text), ...more };
}

/** Pure combination of the two readings, exported for tests and the cross-validation. */
export function combine(rules: TriageResult, r: SituationReading, t: TriageThresholds, cues: TriageCues = {}, decision?: DecisionModel): TriageResult {
  const decisionInput = { reading: r, rules, possible: cues.possibleEvent === true };
  const pHappened = r.state.p.past + r.state.p.ongoing;
  const happened = pHappened >= t.incident;
  let unsure = !happened && (pHappened >= t.doubt || cues.possibleEvent === true);
  const state: SituationState = happened
    ? r.state.p.ongoing >= t.ongoing
      ? 'ongoing'
      : 'past'
    : (['none', 'prevention', 'hypothetical'] as const).reduce((a, s) => (r.state.p[s] > r.state.p[a] ? s : a), 'none' as SituationState);
  const flags = new Set<ImpactFlag>(IMPACT_FLAGS.filter((f) => r.flags[f] >= t.flag));
  let category: Category = decision ? decision.categoryOf(decisionInput) : categoryOf(r, t.categoryFromTopics);
  // Unsure whether it happened: read it as if it had, so the policy names what is at stake.
  const row = applyPolicy({ state: unsure ? 'past' : state, category, flags });
  let severity: Severity = row.severity;
  const signals: TriageSignal[] = [];
  const headSeverity = r.severity.best;
  if (rank(headSeverity) > rank(severity) && r.severity.p[headSeverity] >= t.severityHead) severity = headSeverity;
  // Cumulative odds: "high or critical" together can be likely when neither is on its own.
  if (r.severity.p.critical >= t.criticalAt) severity = 'critical';
  else if (r.severity.p.high + r.severity.p.critical >= t.highAt && rank(severity) < rank('high')) severity = 'high';

  // The rules are the safety net: they may raise the verdict, never lower it.
  const rulesMayRaise =
    rules.severity === 'critical'
      ? pHappened >= t.rulesCriticalMinHappened
      : pHappened >= t.rulesMinHappened && r.severity.p.high + r.severity.p.critical >= t.rulesHighMinSeverity;
  if (rank(rules.severity) > rank(severity) && rules.securityRelevant && rulesMayRaise) {
    severity = rules.severity;
    // The decision layer's category already weighs the rules' (it learned how far to trust them).
    if (!decision && (r.category.p[category] < 0.5 || category === 'general')) category = rules.category;
  }

  // A greeting or a bare directive asks for nobody, whatever the human head reads into what is left.
  const saysNothing = cues.contentFree === true || cues.onlyDirectives === true;
  // "Could someone…" in a message about a printer jam or a shift swap asks a colleague, not the desk:
  // the recogniser's reading of a request for a person counts only in a security question, or when it is
  // all but certain (`humanOffTopic`); an explicit request the rules find always counts. 521 of 521
  // off-topic corpus lines are labelled with no request.
  const modelAsksForPerson = !saysNothing && r.humanRequested >= t.human;
  const modelSureOfPerson = !saysNothing && r.humanRequested >= t.humanOffTopic;
  // A bare attempt to instruct the bot, or chit-chat both readers see as such, is not a question to answer.
  const bareInjection = rules.injectionSuspected && !rules.securityRelevant;
  const offTopicP = rules.securityRelevant ? t.offTopic : t.offTopicRulesAgree;
  // The recogniser learned pure injection attempts as off-topic; a question that carries one beside a
  // real security question is judged by the rules, which set the injected sentences aside. The layer
  // learned that business questions outside every article are still security questions, and so
  // trusts the recogniser's off-topic reading less; when the rules find nothing about security either
  // and the recogniser is all but certain (a meeting-room booking), the two readers agree.
  // (The recogniser's reading or the decision layer's: a retrain can leave either just short of it.)
  const decisionOffTopicP = decision?.offTopicP(decisionInput);
  const bothReadersOff = !rules.securityRelevant && Math.max(r.offTopic, decisionOffTopicP ?? 0) >= t.offTopicUnanimous;
  const offTopicByModel = !rules.injectionSuspected && (bothReadersOff || (decisionOffTopicP !== undefined ? decisionOffTopicP >= t.offTopicDecision : r.offTopic >= offTopicP));
  const seriousP = decision?.seriousP(decisionInput);
  // A high from one reading keeps a message a security question, unless both readers see chit-chat
  // and the decision layer, weighing every reading, does not find it serious either.
  const loneHigh = bothReadersOff && seriousP !== undefined && seriousP < t.serious;
  const securityRelevant =
    rules.humanRequested || modelSureOfPerson || (!saysNothing && ((rank(severity) >= rank('high') && !loneHigh) || !(bareInjection || offTopicByModel)));
  const humanRequested = rules.humanRequested || (modelAsksForPerson && securityRelevant);
  if (!securityRelevant) {
    return { ...rules, category: 'general', severity: 'low', signals: [], escalate: humanRequested, humanRequested, topicHints: [], securityRelevant: false, situation: { state: 'none', flags: [], policy: 'no-incident', unsure: false } };
  }
  if (unsure && rank(severity) < rank('medium')) severity = 'medium';
  let seriousByDecision = false;
  if (decision) {
    const critical = decision.criticalP(decisionInput);
    if (severity === 'critical' && rank(row.severity) < rank('critical') && critical < t.criticalVeto) severity = 'high';
    else if (severity !== 'critical' && critical >= t.criticalDecision) severity = 'critical';
  }
  if (seriousP !== undefined && severity !== 'critical') {
    // Each raise above looks at one reading; the layer weighs them all together and decides high.
    const serious = seriousP >= t.serious;
    seriousByDecision = serious && rank(severity) < rank('high');
    if (serious) severity = 'high';
    // It vetoes a high that rests on one reading (the severity recogniser's estimate, a rule), never a
    // row of the written policy: those are the reviewed rules (CV, 34 writers: recall 0.979 → 0.980,
    // precision 0.809 → 0.807 against vetoing them too).
    else if (severity === 'high' && rank(row.severity) < rank('high')) severity = 'medium';
  }

  // "…oh wait, it was my new phone": the alarm's words still weigh in every bag-of-words reading, so
  // the message's own all-clear decides — unless anything critical or an impact flag is read in it.
  const takenBack =
    cues.allClear === true &&
    t.allClear > 0 &&
    rules.severity !== 'critical' &&
    flags.size === 0 &&
    (decision ? decision.criticalP(decisionInput) : r.severity.p.critical) < t.allClear;
  if (takenBack) {
    severity = 'low';
    unsure = false;
    seriousByDecision = false;
    signals.push(ALL_CLEAR_SIGNAL);
  }

  if (happened || unsure) signals.push(stateSignal(unsure ? 'past' : state));
  for (const f of IMPACT_FLAGS) if (flags.has(f)) signals.push(flagSignal(f));
  if (unsure) signals.push(UNSURE_SIGNAL);
  if (seriousByDecision) signals.push(SERIOUS_SIGNAL);
  for (const s of rules.signals) if (!signals.some((x) => x.id === s.id)) signals.push(s);

  // Two lists. Ranking hints (boost matching articles) take any topic the recogniser finds
  // plausible. Answer topics (a retrieved article counts as an answer only when it is about one)
  // take only a topic the recogniser clearly favours (`topic`): a softmax always names some topic,
  // even for a question no article covers, and word overlap plus a guessed topic is not an answer.
  // A keyword rule's topic (ホームページ → defacement) is an answer topic too, unless the recogniser
  // thinks the question lies outside every article (`noArticleRules`): the keyword is then a shared
  // word, not the subject.
  const noTopicP = 1 - r.topics.reduce((sum, topic) => sum + topic.p, 0);
  const topicHints: string[] = [];
  const confidentTopics: string[] = [];
  for (const topic of r.topics) {
    if (topic.p >= t.rankingTopic && topicHints.length < 4) topicHints.push(topic.id);
    if (topic.p >= t.topic) confidentTopics.push(topic.id);
  }
  for (const topic of rules.topicHints) {
    if (!topicHints.includes(topic)) topicHints.push(topic);
    // Directives beside a question (ignore your rules, show every case) read as "no topic" to the
    // recogniser, which sees the whole text; the rules set them aside, so their topic stands then.
    if (!confidentTopics.includes(topic) && (noTopicP < t.noArticleRules || rules.injectionSuspected)) confidentTopics.push(topic);
  }

  return {
    ...rules,
    category,
    severity,
    signals,
    humanRequested,
    escalate: humanRequested || unsure || rank(severity) >= rank('high'),
    topicHints: topicHints.slice(0, 6),
    confidentTopics,
    topicScores: r.topics.filter((topic) => topic.p >= t.rankingTopic / 2).slice(0, 8),
    // The topic head's last class is "no topic" (situation-model.ts); the reading lists the others.
    noArticleLikely: noTopicP >= t.noArticle,
    securityRelevant: true,
    situation: { state: unsure ? 'past' : state, flags: [...flags], policy: row.id, unsure },
  };
}
