import type { Category, Severity } from '../taxonomy.js';
import type { Lang } from '../text/normalize.js';

/** A human-readable reason shown to responders next to a triage verdict. */
export interface TriageSignal {
  id: string;
  ja: string;
  en: string;
}

export interface TriageInput {
  /** The message being triaged. */
  text: string;
  /** Earlier messages from the asker in the same case thread, oldest first. */
  history?: string[];
}

export interface TriageResult {
  category: Category;
  severity: Severity;
  lang: Lang;
  signals: TriageSignal[];
  /** Explicit request to talk to a person, in either language. */
  humanRequested: boolean;
  /** Severity critical or high, or a human was requested. */
  escalate: boolean;
  /** Taxonomy topic ids the situation points to, most likely first (they boost retrieval). */
  topicHints: string[];
  /**
   * Topics triage is sure enough of that an article about one of them may count as an answer
   * (learned triage only; without it the answer gate uses `topicHints`).
   */
  confidentTopics?: string[];
  /**
   * The topic recogniser's probability for each plausible topic (learned triage only), most likely
   * first: retrieval weighs each article by how likely its topic is, not only by hint order.
   */
  topicScores?: { id: string; p: number }[];
  /**
   * The topic recogniser finds it likely that no article's topic applies (learned triage only):
   * a close word match alone is then no answer (a privacy-policy question is not answered by the
   * security-policy article because both say ポリシー).
   */
  noArticleLikely?: boolean;
  /** False for off-topic chatter (weather, recipes, sports) and bare injection attempts. */
  securityRelevant: boolean;
  /** The text tries to instruct the bot (ignore instructions, reveal other tenants, ping channels). */
  injectionSuspected: boolean;
  /**
   * The situation slots that decided the severity (learned triage only): what state it is in,
   * which impact flags hold, the policy row that applied, and whether the bot was unsure that
   * anything happened (then a responder checks).
   */
  situation?: TriageSituation;
}

export interface TriageSituation {
  state: 'none' | 'prevention' | 'hypothetical' | 'past' | 'ongoing';
  flags: string[];
  policy: string;
  unsure: boolean;
}

/**
 * How a statement about a fact reads. Only `affirmed` (and `planned`, for payments) can
 * raise severity; the other readings still tell what the question is about.
 */
export type Polarity = 'affirmed' | 'negated' | 'hypothetical' | 'preventive' | 'planned';

/**
 * - action: something the asker (or staff) did or did not do; negation, requests and tense matter.
 * - state: something observed; only conditional or preventive phrasing makes it not real.
 * - context: vocabulary that frames the situation; always counted as mentioned.
 */
export type FactKind = 'action' | 'state' | 'context';

export interface FactPattern {
  fact: string;
  re: RegExp;
  kind: FactKind;
}

/** One reading of a fact at a position in the thread; later readings win. */
export interface FactReading {
  fact: string;
  polarity: Polarity;
  order: number;
}

/** Anything that triages a question: the learned triager, or the rules alone in tests. */
export interface TriageReader {
  triage(input: TriageInput): TriageResult;
}
