import type { Queryable } from '../../db/database.js';
import { DirectoryNames } from '../../knowledge/llm/directory-names.js';
import { Redactor, type NameSpans } from '../../knowledge/llm/redaction.js';
import { severityRank, type Category, type Severity } from '../../knowledge/taxonomy.js';
import { detectLang } from '../../knowledge/text/normalize.js';
import { IMPACT_FLAGS, type CorpusLine, type ImpactFlag, type SituationState } from '../../knowledge/triage/corpus-schema.js';
import { ANONYMISED_MARKER } from '../retention/retention.js';

/** The writer tag of exported corrections: a writer of its own in leave-one-writer-out. */
export const CORRECTIONS_WRITER = 'corrections';

export interface ExportCorrectionsOptions {
  /** Only corrections made at or after this time. */
  since?: Date;
  /** The name finder (knowledge/llm/name-finder.ts) for names without a cue; without it, the patterns and directory names only. */
  names?: NameSpans;
}

interface Row {
  number: string;
  question: string;
  data: { to?: { category?: Category; severity?: Severity } };
  triaged: { situation?: { state?: SituationState; flags?: string[] }; topics?: string[]; humanRequested?: boolean } | null;
}

/**
 * Responders' triage corrections as corpus lines (knowledge/triage/corpus/LABELLING.md), so the
 * next `npm run train` learns from real questions. Only companies that agreed
 * (`tenants.share_corrections`, `npm run ops -- tenants share-corrections`) are read; the question
 * is redacted (e-mail, phone, card, My Number, addresses, directory names) before it leaves; the
 * latest correction of a case wins. The situation slots are the bot's own reading, made consistent
 * with the corrected severity: review them before adding the file to the corpus.
 */
export async function exportCorrections(db: Queryable, options: ExportCorrectionsOptions = {}): Promise<CorpusLine[]> {
  const rows = await db.query<Row>(
    `SELECT DISTINCT ON (c.id) c.number, c.question, e.data,
            (SELECT t.data FROM case_events t WHERE t.case_id = c.id AND t.type = 'triaged' AND t.actor_kind = 'bot' ORDER BY t.id DESC LIMIT 1) AS triaged
     FROM case_events e
     JOIN cases c ON c.id = e.case_id
     JOIN tenants tn ON tn.id = c.tenant_id
     WHERE e.type = 'reclassified' AND tn.share_corrections AND c.question <> $1 AND ($2::timestamptz IS NULL OR e.at >= $2)
     ORDER BY c.id, e.id DESC`,
    [ANONYMISED_MARKER, options.since ?? null],
  );
  const redactor = new Redactor(await new DirectoryNames(db).list(), { names: options.names });
  return rows.rows.map((r) => toCorpusLine(r, redactor));
}

function toCorpusLine(r: Row, redactor: Redactor): CorpusLine {
  const severity = r.data.to?.severity ?? 'low';
  const category = r.data.to?.category ?? 'general';
  const incident = severityRank(severity) >= severityRank('medium');
  const read = r.triaged?.situation?.state ?? 'none';
  // A correction to medium or above says something happened; to low, that nothing did.
  const state: SituationState = incident ? (read === 'past' || read === 'ongoing' ? read : 'past') : read === 'past' || read === 'ongoing' ? 'none' : read;
  const readFlags = new Set((r.triaged?.situation?.flags ?? []).filter((f): f is ImpactFlag => (IMPACT_FLAGS as readonly string[]).includes(f)));
  // Below high no impact flag can hold (the policy would make it high): the bot's reading was wrong.
  const flags = severityRank(severity) >= severityRank('high') ? readFlags : new Set<ImpactFlag>();
  const humanRequested = r.triaged?.humanRequested === true;
  const text = redactor.redact(r.question);
  return {
    id: `${CORRECTIONS_WRITER}-${r.number}`,
    writer: CORRECTIONS_WRITER,
    lang: detectLang(text),
    text,
    category,
    severity,
    escalate: severityRank(severity) >= severityRank('high') || humanRequested,
    topics: (r.triaged?.topics ?? []).slice(0, 3),
    state,
    reporter: 'self',
    ...Object.fromEntries(IMPACT_FLAGS.map((f) => [f, flags.has(f)])),
    human_requested: humanRequested,
  } as CorpusLine;
}
