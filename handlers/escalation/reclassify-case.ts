import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../../knowledge/taxonomy.js';
import { neutralize } from '../../knowledge/text/neutralize.js';
import { categoryLabel, severityLabel, textCard } from '../ask/answer-card.js';
import type { Outbound } from '../cards.js';
import type { CaseRecord } from '../cases/case-types.js';
import type { User } from '../directory/directory-types.js';
import { InvalidInputError } from '../errors.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';
import { assertResponderFor } from './responder-access.js';

const MAX_REASON = 1000;

/** Severity words a responder may type: the ids and the labels in both languages. */
const SEVERITY_WORDS: Record<string, Severity> = {
  ...Object.fromEntries(SEVERITIES.map((s) => [s, s])),
  緊急: 'critical',
  高: 'high',
  中: 'medium',
  低: 'low',
};

export interface Reclassification {
  severity: Severity;
  category?: Category;
  reason: string;
}

/** Parses `<severity> [category] <reason…>`; the reason is required (it goes on the timeline). */
export function parseReclassification(args: string[]): Reclassification {
  const [sevWord = '', ...rest] = args;
  const severity = SEVERITY_WORDS[sevWord.toLowerCase()] ?? SEVERITY_WORDS[sevWord];
  const category = (CATEGORIES as readonly string[]).includes(rest[0] ?? '') ? (rest.shift() as Category) : undefined;
  const reason = rest.join(' ').trim();
  if (!severity || reason.length < 2 || reason.length > MAX_REASON) {
    throw new InvalidInputError(`bad reclassify command: ${args.join(' ').slice(0, 200)}`, 'reclassify.usage');
  }
  return { severity, category, reason };
}

/**
 * `reclassify OT-000123 <severity> [category] <reason…>`: a responder of the case's group corrects
 * the triage. The timeline keeps the verdict before and after and the reason; corrections of
 * companies that agreed to share them become corpus lines (`npm run ops -- corrections export`),
 * so the next `npm run train` learns from real questions.
 */
export async function reclassifyCase(services: HandlerServices, c: CaseRecord, user: User, args: string[]): Promise<Outbound[]> {
  const group = await assertResponderFor(services, user, c, 'reclassify');
  const correction = parseReclassification(args);
  const { before, after } = await services.cases.reclassify(
    c.id,
    { severity: correction.severity, category: correction.category ?? c.category ?? 'general', reason: neutralize(correction.reason) },
    { kind: 'user', userId: user.id },
  );
  // Said in the responders' thread: the group's language.
  const lang = group.lang;
  const label = (r: CaseRecord) => `${severityLabel(lang, r.severity ?? 'low')} / ${categoryLabel(lang, r.category ?? 'general')}`;
  return [
    {
      to: c.responderThreadRef ?? group.destination,
      card: textCard(t(lang, 'reclassify.done', { number: c.number, from: label(before), to: label(after) })),
    },
  ];
}
