import { z } from 'zod';
import { CATEGORIES, SEVERITIES, taxonomy } from '../taxonomy.js';

/** Situation slots the recognisers read and the severity policy turns into a verdict. */
export const STATES = ['none', 'prevention', 'hypothetical', 'past', 'ongoing'] as const;
export type SituationState = (typeof STATES)[number];

export const REPORTERS = ['self', 'colleague', 'third_party'] as const;
export type Reporter = (typeof REPORTERS)[number];

export const IMPACT_FLAGS = [
  'money_moved',
  'money_pending',
  'credentials_given',
  'code_run',
  'data_out',
  'attacker_control',
  'service_down',
] as const;
export type ImpactFlag = (typeof IMPACT_FLAGS)[number];

export const STYLE_TAGS = [
  'symptoms_only', 'downplayed', 'panicky', 'third_party', 'prevention', 'hypothetical', 'news', 'rule_making',
  'injection', 'indirect_human', 'off_topic', 'typo', 'halfwidth', 'emoji', 'quoted_mail', 'log', 'mixed_lang',
  'correction', 'long', 'one_liner', 'thread',
] as const;

const topicIds = new Set(taxonomy.topics.map((t) => t.id));

/** One labelled message of the triage corpus (knowledge/triage/corpus/LABELLING.md). */
export const corpusLineSchema = z
  .object({
    id: z.string().min(1),
    writer: z.string().min(1),
    lang: z.enum(['ja', 'en']),
    text: z.string().min(1),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    escalate: z.boolean(),
    topics: z.array(z.string().refine((t) => topicIds.has(t), { message: 'unknown topic id' })).max(3),
    answerable: z.literal(false).optional(),
    state: z.enum(STATES),
    reporter: z.enum(REPORTERS),
    money_moved: z.boolean(),
    money_pending: z.boolean(),
    credentials_given: z.boolean(),
    code_run: z.boolean(),
    data_out: z.boolean(),
    attacker_control: z.boolean(),
    service_down: z.boolean(),
    human_requested: z.boolean(),
    tags: z.array(z.enum(STYLE_TAGS)).optional(),
    twin: z.string().optional(),
    /** Earlier messages of the same thread, oldest first (the text is the latest). */
    history: z.array(z.string()).optional(),
  })
  .superRefine((v, ctx) => {
    const mustEscalate = v.severity === 'critical' || v.severity === 'high' || v.human_requested;
    if (v.escalate !== mustEscalate) {
      ctx.addIssue({ code: 'custom', path: ['escalate'], message: 'escalate must be true exactly when severity is critical/high or human_requested' });
    }
  });

export type CorpusLine = z.infer<typeof corpusLineSchema>;

/** Parses a corpus file; every bad line is named with its number and reason. */
export function parseCorpus(source: string, file: string): { lines: CorpusLine[]; errors: string[] } {
  const lines: CorpusLine[] = [];
  const errors: string[] = [];
  source.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      errors.push(`${file}:${i + 1}: not valid JSON`);
      return;
    }
    const parsed = corpusLineSchema.safeParse(json);
    if (parsed.success) lines.push(parsed.data);
    else errors.push(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
  });
  return { lines, errors };
}
