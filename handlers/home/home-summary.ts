import { neutralize } from '../../knowledge/text/neutralize.js';
import { categoryLabel, severityLabel } from '../ask/answer-card.js';
import type { Card, CardBlock, CardButton } from '../cards.js';
import type { CaseState } from '../cases/case-state-machine.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { t, type MessageKey } from '../../core/i18n/t.js';

/** A key of the overview's own namespace. */
type HomeKey = Extract<MessageKey, `home.${string}`>;
import type { HandlerServices } from '../services.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { readerLang } from '../directory/reader-lang.js';
import { getLlmConsent, LLM_CONSENT_OFF_ACTION, LLM_CONSENT_ON_ACTION } from '../directory/llm-consent.js';
import { llmDisclosure } from '../directory/llm-disclosure.js';

const LIST_LIMIT = 8;
const GAP_DAYS = 7;
const OPEN_STATES: readonly CaseState[] = ['new', 'answered', 'escalated', 'claimed'];

/**
 * A person's overview, as a neutral card (the Slack Home tab renders it):
 * staff see their own open cases; responders the queue of the tenants routed
 * to their groups (with Claim) and the cases they hold (with Resolve); admins
 * knowledge-base figures and their company's unanswered questions. Nothing
 * crosses tenants: each list is filtered the way the matching action is.
 * Every label and button is in one language (`readerLang`); the askers' questions stay as written.
 */
export async function homeCard(services: HandlerServices, user: User | null, fallbackLang: Lang): Promise<Card> {
  // One language for the whole page, buttons included: a responder's is their group's (as on its cards).
  const lang = user ? await readerLang(services.directory, user) : fallbackLang;
  const blocks: CardBlock[] = [{ kind: 'text', text: t(lang, 'home.intro') }];
  const buttons: CardButton[] = [];
  if (!user) return { blocks };

  if (user.tenantId) {
    const mine = (await services.cases.listByTenant(user.tenantId, OPEN_STATES)).filter((c) => c.askerUserId === user.id);
    section(blocks, lang, 'home.myCases', 'home.noCases', mine, () => undefined);
  }
  if (user.roles.includes('responder')) {
    const { queue, claims } = await responderLists(services, user);
    section(blocks, lang, 'home.queue', 'home.noQueue', queue, (c) => ({ actionId: 'case.claim', label: t(lang, 'button.claim'), value: c.number, style: 'primary' }), buttons);
    section(blocks, lang, 'home.myClaims', 'home.noClaims', claims, (c) => ({ actionId: 'case.resolve', label: t(lang, 'button.resolve'), value: c.number }), buttons);
  }
  if (user.roles.includes('admin')) {
    const articles = await services.kb.list();
    const count = (status: string) => articles.filter((a) => a.status === status).length;
    blocks.push({
      kind: 'fields',
      fields: [{ label: t(lang, 'home.kbStats'), value: t(lang, 'home.kbCounts', { published: count('published'), draft: count('draft'), archived: count('archived') }) }],
    });
    const gaps = await services.kb.gaps({ days: GAP_DAYS, tenantId: user.tenantId ?? undefined });
    blocks.push({
      kind: 'bullets',
      title: t(lang, 'home.gaps', { days: GAP_DAYS }),
      items: gaps.length
        ? gaps.slice(0, 5).map((g) => `${categoryLabel(lang, g.category)} (${g.count}): ${g.questions.slice(0, 3).map((q) => neutralize(q.text).slice(0, 80)).join(' / ')}`)
        : [t(lang, 'home.noGaps')],
    });
    if (user.tenantId) await llmSection(services, user.tenantId, lang, blocks, buttons);
  }
  return { blocks, buttons };
}

/**
 * The company's consent to the language model, as the admin must read it before switching:
 * the state, who switched it, the provider, what is sent and what never is; one button to switch.
 */
async function llmSection(services: HandlerServices, tenantId: string, lang: Lang, blocks: CardBlock[], buttons: CardButton[]): Promise<void> {
  const consent = await getLlmConsent(services.db, tenantId);
  if (!consent) return;
  const d = llmDisclosure(lang, services.llmProvider ?? null, consent);
  blocks.push({ kind: 'notice', text: t(lang, 'home.llm') });
  blocks.push({ kind: 'text', text: `${d.status}\n${d.provider}`, group: 'llm' });
  blocks.push({ kind: 'bullets', title: d.sentTitle, items: d.sent });
  blocks.push({ kind: 'bullets', title: d.neverTitle, items: d.never });
  buttons.push(
    consent.enabled
      ? { actionId: LLM_CONSENT_OFF_ACTION, label: t(lang, 'home.llm.turnOff'), value: 'off', group: 'llm' }
      : { actionId: LLM_CONSENT_ON_ACTION, label: t(lang, 'home.llm.turnOn'), value: 'on', style: 'primary', group: 'llm' },
  );
}

/** A titled list of cases; each case may head a group of buttons (its own Claim or Resolve). */
function section(
  blocks: CardBlock[],
  lang: Lang,
  title: HomeKey,
  empty: HomeKey,
  cases: CaseRecord[],
  button: (c: CaseRecord) => CardButton | undefined,
  buttons: CardButton[] = [],
): void {
  blocks.push({ kind: 'notice', text: t(lang, title) });
  if (cases.length === 0) {
    blocks.push({ kind: 'text', text: t(lang, empty) });
    return;
  }
  for (const c of cases.slice(0, LIST_LIMIT)) {
    const b = button(c);
    blocks.push({ kind: 'text', text: caseLine(lang, c), ...(b ? { group: c.number } : {}) });
    if (b) buttons.push({ ...b, group: c.number });
  }
  if (cases.length > LIST_LIMIT) blocks.push({ kind: 'text', text: t(lang, 'home.more', { count: cases.length - LIST_LIMIT }) });
}

function caseLine(lang: Lang, c: CaseRecord): string {
  const severity = c.severity ? `${severityLabel(lang, c.severity)} / ${categoryLabel(lang, c.category ?? 'general')}` : '-';
  const question = neutralize(c.question).replace(/\s+/g, ' ');
  return t(lang, 'home.caseLine', {
    number: c.number,
    state: t(lang, `home.state.${c.state}`),
    severity,
    question: question.length > 120 ? `${question.slice(0, 119)}…` : question,
  });
}

/** Cases waiting in the groups the responder belongs to (most severe first), and the cases they hold. */
async function responderLists(services: HandlerServices, user: User): Promise<{ queue: CaseRecord[]; claims: CaseRecord[] }> {
  const r = await services.db.query<{ number: string }>(
    `SELECT c.number FROM cases c
     JOIN tenant_routes r ON r.tenant_id = c.tenant_id
     JOIN responder_group_members m ON m.group_id = r.group_id AND m.user_id = $1
     WHERE c.state = 'escalated'
     ORDER BY CASE c.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, c.id
     LIMIT 50`,
    [user.id],
  );
  const claimed = await services.db.query<{ number: string }>(
    `SELECT number FROM cases WHERE state = 'claimed' AND assignee_user_id = $1 ORDER BY id DESC LIMIT 50`,
    [user.id],
  );
  const load = async (rows: { number: string }[]) =>
    (await Promise.all(rows.map((row) => services.cases.findByNumber(row.number)))).filter((c): c is CaseRecord => c !== null);
  return { queue: await load(r.rows), claims: await load(claimed.rows) };
}

