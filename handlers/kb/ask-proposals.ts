import { DirectoryNames } from '../../knowledge/llm/directory-names.js';
import { Redactor } from '../../knowledge/llm/redaction.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import type { Card, Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { assertResponderFor } from '../escalation/responder-access.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';

/** Button actions on a proposal (value: the proposal id). */
export const ASK_ACCEPT_ACTION = 'kb.ask_accept';
export const ASK_DISMISS_ACTION = 'kb.ask_dismiss';

/** Longest phrasing an article takes (the parser's limit). */
const MAX_ASK = 300;

interface ProposalRow {
  id: string;
  case_id: string;
  tenant_id: string | null;
  article_slug: string;
  text: string;
  status: 'pending' | 'accepted' | 'dismissed';
}

/**
 * `fits OT-000123 <slug>`: a responder says which article answers the case. The asker's
 * question, redacted (e-mail, phone, card and My Number, addresses, directory names) and cut to a
 * phrasing's length, becomes a pending proposal for that article's `asks`; an admin accepts it
 * with one press (`kb proposals`) and the next search uses it.
 */
export async function proposeAsk(services: HandlerServices, c: CaseRecord, user: User, args: string[], threadRef: string): Promise<Outbound[]> {
  const slug = args[0] ?? '';
  if (!/^[a-z0-9][a-z0-9-]{1,80}$/.test(slug)) throw new InvalidInputError(`bad fits command: ${args.join(' ').slice(0, 100)}`, 'fits.usage');
  // Said to a responder of the case's group: in the group's language, as the fits hint was.
  const { lang } = await assertResponderFor(services, user, c, 'fits');
  const article = await services.articles.get(slug).catch(() => null);
  if (!article || article.status !== 'published') throw new InvalidInputError(`fits: no published article ${slug}`, 'kb.notFound');
  const redactor = new Redactor(await new DirectoryNames(services.db).list());
  const text = clip(neutralize(redactor.redact(c.question)).replace(/\s+/g, ' ').trim(), MAX_ASK);
  if (article.asks.includes(text)) return [{ to: threadRef, card: textCard(t(lang, 'fits.already', { slug })), senderOnly: true }];
  await services.db.query(
    `INSERT INTO ask_proposals (case_id, tenant_id, article_slug, text, proposed_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, article_slug) DO NOTHING`,
    [c.id, c.tenantId, slug, text, user.id],
  );
  return [{ to: threadRef, card: textCard(t(lang, 'fits.proposed', { number: c.number, slug, text })), senderOnly: true }];
}

/** `kb proposals`: the pending phrasings an admin may accept, each with its two buttons. A company's admin sees its own. */
export async function listProposals(services: HandlerServices, user: User): Promise<Card> {
  const rows = await services.db.query<ProposalRow>(
    `SELECT id, case_id, tenant_id, article_slug, text, status FROM ask_proposals
     WHERE status = 'pending' AND ($1::text IS NULL OR tenant_id = $1) ORDER BY created_at LIMIT 10`,
    [user.tenantId],
  );
  const lang = user.lang;
  if (rows.rows.length === 0) return textCard(t(lang, 'fits.none'));
  return {
    blocks: [
      { kind: 'text', text: t(lang, 'fits.listTitle') },
      ...rows.rows.map((r) => ({ kind: 'text' as const, text: `#${r.id} → ${r.article_slug}: 「${r.text}」`, group: `p${r.id}` })),
    ],
    buttons: rows.rows.flatMap((r) => [
      { actionId: ASK_ACCEPT_ACTION, label: t(lang, 'fits.accept'), value: String(r.id), style: 'primary' as const, group: `p${r.id}` },
      { actionId: ASK_DISMISS_ACTION, label: t(lang, 'fits.dismiss'), value: String(r.id), group: `p${r.id}` },
    ]),
  };
}

/**
 * One press: accepted, the phrasing joins the article's `asks` as a new version (the search
 * generation moves, so every process searches with it from its next question); dismissed, it is
 * only marked. Admins only, and a company's admin only for its own people's questions.
 */
export async function decideProposal(services: HandlerServices, user: User, idText: string, accept: boolean): Promise<Card> {
  if (!user.roles.includes('admin')) throw new ForbiddenError('kb proposal', user.id, 'kb.adminOnly');
  if (!/^\d{1,18}$/.test(idText)) throw new InvalidInputError(`bad proposal id ${idText.slice(0, 40)}`);
  const lang = user.lang;
  return services.db.transaction(async (tx) => {
    // The row lock makes a double press (two admins, a retried click) decide once.
    const r = await tx.query<ProposalRow>('SELECT id, case_id, tenant_id, article_slug, text, status FROM ask_proposals WHERE id = $1 FOR UPDATE', [idText]);
    const p = r.rows[0];
    if (!p || (user.tenantId !== null && p.tenant_id !== user.tenantId)) throw new InvalidInputError(`no proposal ${idText}`, 'fits.notFound');
    if (p.status !== 'pending') return textCard(t(lang, 'fits.decided', { id: p.id, status: t(lang, `fits.status.${p.status}`) }));
    if (accept) {
      const article = await services.articles.get(p.article_slug);
      if (!article.asks.includes(p.text)) {
        await services.articles.save({ ...article, asks: [...article.asks, p.text] }, { author: user.id, note: `phrasing from proposal #${p.id}` }, tx);
      }
    }
    await tx.query('UPDATE ask_proposals SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1', [p.id, accept ? 'accepted' : 'dismissed', user.id]);
    return textCard(t(lang, accept ? 'fits.accepted' : 'fits.dismissed', { id: p.id, slug: p.article_slug }));
  });
}

function textCard(text: string): Card {
  return { blocks: [{ kind: 'text', text }] };
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
