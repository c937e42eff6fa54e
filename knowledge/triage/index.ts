import { detectLang } from '../text/normalize.js';
import { severityRank, taxonomy } from '../taxonomy.js';
import type { Category } from '../taxonomy.js';
import { detectFacts, toSentences } from './detect-facts.js';
import { genuineSentences, hasSecurityVocabulary, requestsHuman } from './intent.js';
import { signalFor } from './signal-labels.js';
import { safetyNet } from './safety-net.js';
import { scoreTopics } from './topic-keywords.js';
import { candidatesFor } from './triage-rules.js';
import type { Candidate } from './triage-rules.js';
import type { TriageInput, TriageResult, TriageSignal } from './types.js';

export type { TriageInput, TriageResult, TriageSignal } from './types.js';

const TOPIC_CATEGORY = new Map<string, Category>(taxonomy.topics.map((t) => [t.id, t.category]));

function best(cands: Candidate[]): Candidate | undefined {
  return [...cands].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.weight - a.weight)[0];
}

/**
 * Offline, rule-based triage of a whole case thread. The verdict is the floor that any
 * language model may raise but never lower, so it leans towards the more severe reading
 * when the facts allow two.
 */
export function triageByRules(input: TriageInput): TriageResult {
  const messages = [...(input.history ?? []), input.text];
  const perMessage = messages.map(toSentences);

  // Injected sentences, and directives to the bot inside a report, are data, not a description of
  // the asker's situation. Each sentence is cut once; the last message's cuts say whether it tried.
  const cut = perMessage.map(genuineSentences);
  const injectionSuspected = cut[cut.length - 1]?.instructed ?? false;
  const genuine = cut.map((c) => c.sentences);
  const flat = genuine.flat();
  const text = flat.join(' ');

  const facts = detectFacts(genuine);
  const humanRequested = flat.some(requestsHuman);
  const topicScores = scoreTopics(flat);

  const candidates = candidatesFor(facts, text);
  const incident = best(candidates);
  const topTopic = topicScores[0];
  // A how-to question with no incident takes the category of its strongest topic, unless a
  // what-if mention of an incident names the situation more precisely.
  let winner: Candidate | undefined = incident;
  // A single weak keyword ("電話") is a hint, not enough to name the category.
  if (topTopic && topTopic.score >= 2 && (!incident || (incident.severity === 'low' && topTopic.score > incident.weight))) {
    winner = { category: TOPIC_CATEGORY.get(topTopic.topic) ?? 'general', severity: 'low', topics: [topTopic.topic], facts: [], weight: topTopic.score };
  }

  // The safety net may only raise: it replaces the winner when it finds something more severe.
  const net = safetyNet(flat).sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
  if (net && severityRank(net.severity) > severityRank(winner?.severity ?? 'low')) {
    winner = { category: net.category, severity: net.severity, topics: net.topics, facts: [net.signal, ...(winner?.facts ?? [])], weight: 20 };
  }

  const category: Category = winner?.category ?? 'general';
  const severity = winner?.severity ?? 'low';

  const topicHints: string[] = [];
  const pushTopic = (t: string): void => {
    if (!topicHints.includes(t)) topicHints.push(t);
  };
  winner?.topics.forEach(pushTopic);
  candidates
    .filter((c) => c !== winner)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.weight - a.weight)
    .forEach((c) => c.topics.forEach(pushTopic));
  topicScores.forEach((t) => pushTopic(t.topic));

  const signalIds = [...(winner?.facts ?? []), ...candidates.filter((c) => c !== winner).flatMap((c) => c.facts)];
  const signals: TriageSignal[] = [];
  for (const id of signalIds) {
    const s = signalFor(id);
    if (s && !signals.some((x) => x.id === s.id)) signals.push(s);
  }

  const securityRelevant =
    !!net || facts.facts().length > 0 || topicScores.length > 0 || humanRequested || flat.some(hasSecurityVocabulary);

  return {
    category: securityRelevant ? category : 'general',
    severity: securityRelevant ? severity : 'low',
    lang: detectLang(input.text),
    signals: securityRelevant ? signals : [],
    humanRequested,
    escalate: humanRequested || (securityRelevant && severityRank(severity) >= severityRank('high')),
    topicHints: securityRelevant ? topicHints.slice(0, 6) : [],
    securityRelevant,
    injectionSuspected,
  };
}
