import taxonomyJson from './taxonomy.json';

/** Triage categories, as listed in knowledge/taxonomy.json. */
export const CATEGORIES = [
  'phishing',
  'malware',
  'ransomware',
  'unauthorized_access',
  'data_leak',
  'fraud',
  'web',
  'vulnerability',
  'general',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank used to compare severities: low 1 … critical 4 (as in the taxonomy). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export interface TopicDef {
  id: string;
  category: Category;
  ja: string;
  en: string;
}

export interface CategoryDef {
  id: Category;
  ja: string;
  en: string;
}

export interface SeverityDef {
  id: Severity;
  rank: number;
  ja: string;
  en: string;
}

export interface Taxonomy {
  categories: CategoryDef[];
  severities: SeverityDef[];
  topics: TopicDef[];
}

export const taxonomy: Taxonomy = taxonomyJson as Taxonomy;

export const TOPIC_IDS: ReadonlySet<string> = new Set(taxonomy.topics.map((t) => t.id));

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}
