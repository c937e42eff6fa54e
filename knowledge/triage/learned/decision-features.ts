import { CATEGORIES, SEVERITIES, taxonomy, type Category } from '../../taxonomy.js';
import { IMPACT_FLAGS, REPORTERS, STATES } from '../corpus-schema.js';
import type { TriageResult } from '../types.js';
import type { SituationReading } from './situation-model.js';

/** What the decision layer sees of one message: the recognisers' reading, the rules' and one text cue. */
export interface DecisionInput {
  reading: SituationReading;
  rules: TriageResult;
  /** The latest message reports something that possibly already happened (possibility.ts). */
  possible: boolean;
}

const TOPIC_CATEGORY = new Map(taxonomy.topics.map((t) => [t.id, t.category as Category]));

/** The topic recogniser's probabilities summed per taxonomy category (topics are finer than categories). */
export function topicsPerCategory(r: SituationReading): Map<Category, number> {
  const sums = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  for (const topic of r.topics) {
    const c = TOPIC_CATEGORY.get(topic.id);
    if (c) sums.set(c, sums.get(c)! + topic.p);
  }
  return sums;
}

/** Log-odds, squashed to the scale of the probabilities beside them. */
function logOdds(p: number): number {
  return Math.log((p + 1e-3) / (1 - p + 1e-3)) / 5;
}

/**
 * Features for "is this serious enough for a responder": every recogniser's probabilities (state,
 * severity, flags — also weighted by "it happened" —, category, reporter, topic confidence), the
 * rules' finding (and how far the recognisers think something happened beside it), the intent
 * checks and the possible-event cue. The order is the stored model's: append, never reorder.
 */
export function escalationFeatures({ reading: r, rules, possible }: DecisionInput): number[] {
  const happened = r.state.p.past + r.state.p.ongoing;
  const highOrWorse = r.severity.p.high + r.severity.p.critical;
  const rulesFound = (s: string): boolean => rules.securityRelevant && rules.severity === s;
  return [
    ...STATES.map((s) => r.state.p[s]),
    ...SEVERITIES.map((s) => r.severity.p[s]),
    highOrWorse,
    ...IMPACT_FLAGS.flatMap((f) => [r.flags[f], r.flags[f] * happened]),
    r.humanRequested,
    r.offTopic,
    ...CATEGORIES.map((c) => r.category.p[c]),
    ...REPORTERS.map((x) => r.reporter.p[x]),
    r.topics[0]?.p ?? 0,
    ...SEVERITIES.map((s) => (rules.severity === s ? 1 : 0)),
    ...SEVERITIES.map((s) => (rulesFound(s) ? happened : 0)),
    rules.securityRelevant ? 1 : 0,
    rules.humanRequested ? 1 : 0,
    rules.injectionSuspected ? 1 : 0,
    possible ? 1 : 0,
    logOdds(highOrWorse),
    logOdds(r.severity.p.critical),
    logOdds(happened),
    logOdds(r.state.p.ongoing),
  ];
}

/**
 * Features for the category: the category recogniser, the topic recogniser's probabilities summed
 * per category (topics are finer and settle borderline calls), the rules' category, and the state
 * and flags (an incident takes the category of its trouble, a question that of its topic).
 */
export function categoryFeatures({ reading: r, rules }: DecisionInput): number[] {
  const fromTopics = topicsPerCategory(r);
  return [
    ...CATEGORIES.map((c) => r.category.p[c]),
    ...CATEGORIES.map((c) => fromTopics.get(c)!),
    ...CATEGORIES.map((c) => (rules.securityRelevant && rules.category === c ? 1 : 0)),
    ...STATES.map((s) => r.state.p[s]),
    ...IMPACT_FLAGS.map((f) => r.flags[f]),
    r.offTopic,
  ];
}

/**
 * Features for "this is not a security question" (chit-chat, a bare attempt to instruct the bot):
 * the off-topic recogniser beside what the rules found, the intent checks, and how sure the other
 * recognisers are of a state, a topic or a category.
 */
export function offTopicFeatures({ reading: r, rules }: DecisionInput): number[] {
  const topTopic = r.topics[0]?.p ?? 0;
  return [
    r.offTopic,
    logOdds(r.offTopic),
    rules.securityRelevant ? 1 : 0,
    rules.injectionSuspected ? 1 : 0,
    rules.humanRequested ? 1 : 0,
    r.humanRequested,
    ...STATES.map((s) => r.state.p[s]),
    topTopic,
    logOdds(topTopic),
    r.category.p.general,
    r.severity.p.low,
    rules.signals.length > 0 ? 1 : 0,
    rules.topicHints.length > 0 ? 1 : 0,
  ];
}
