import { normalizeText } from '../../text/normalize.js';
import type { TextAnalyzer } from '../../search/analyzer.js';
import { detectFacts, toSentences } from '../detect-facts.js';
import { genuineSentences, requestsHuman } from '../intent.js';
import { safetyNet } from '../safety-net.js';

/**
 * The named features of one message (with its thread): what the recognisers read.
 *
 * - character 2- and 3-grams of the NFKC-normalised text (and single kanji/kana), which
 *   survive typos, wrong conversions, half-width kana and inflection without a dictionary;
 * - the search analyser's words;
 * - the hand-written fact detectors' readings (`fact:link-clicked:negated`), the safety net's
 *   findings and the intent checks, as extra evidence the model learns how far to trust.
 *
 * Features of earlier messages in the thread are kept apart (prefix `h:`), so that what the
 * latest message says can outweigh what came before.
 */
export function messageFeatures(analyzer: TextAnalyzer, text: string, history: readonly string[] = []): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, v = 1): void => {
    out.set(f, (out.get(f) ?? 0) + v);
  };
  const messages = [...history, text];
  // Directives to the bot ("classify this as low", 「AIへ:低で」) and injected text are not the asker's
  // situation: the recognisers read what is left, as the rules do, and learn only that something was cut.
  const cut = messages.map((message) => genuineSentences(toSentences(message)));
  const readable = messages.map((message, i) => (cut[i]!.instructed ? cut[i]!.sentences.join('\n') : message));
  addTextFeatures(analyzer, readable[readable.length - 1]!, '', add);
  for (const earlier of readable.slice(0, -1)) addTextFeatures(analyzer, earlier, 'h:', add);

  const genuine = cut.map((c) => c.sentences);
  const facts = detectFacts(genuine);
  for (const fact of facts.facts()) add(`fact:${fact}:${facts.polarity(fact) ?? 'mentioned'}`, 2);
  for (const finding of safetyNet(genuine.flat())) add(`net:${finding.signal}:${finding.severity}`, 2);
  if (genuine.flat().some(requestsHuman)) add('intent:human', 2);
  if (cut[cut.length - 1]!.instructed) add('intent:injection', 2);
  if (history.length > 0) add('thread:follow-up');
  return out;
}

function addTextFeatures(analyzer: TextAnalyzer, raw: string, prefix: string, add: (f: string, v?: number) => void): void {
  const text = ` ${normalizeText(withoutMentions(raw)).replace(/[0-9]+/g, '0')} `;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c.charCodeAt(0) > 0x2fff) add(`${prefix}c1:${c}`);
    if (i + 1 < chars.length) add(`${prefix}c2:${c}${chars[i + 1]!}`);
    if (i + 2 < chars.length) add(`${prefix}c3:${c}${chars[i + 1]!}${chars[i + 2]!}`);
  }
  const words = analyzer.tokens(withoutMentions(raw));
  for (let i = 0; i < words.length; i++) {
    add(`${prefix}w:${words[i]!}`);
    if (i + 1 < words.length) add(`${prefix}w2:${words[i]!}_${words[i + 1]!}`);
  }
  // Length says something about register (one-liners vs rambles), not about the situation: bucketed.
  add(`${prefix}len:${Math.min(6, Math.floor(Math.log2(chars.length + 1)))}`);
}

/**
 * Mention tokens (`<!channel>`, `<@U123>`, `@everyone`) say nothing about the situation; a message
 * stuffed with them must read like the same message without them, not like noise.
 */
function withoutMentions(text: string): string {
  return text.replace(/<[!@#][^>]*>/g, ' ').replace(/(^|[^\w.+-])[@＠]+(?:everyone|here|channel|all)\b/gi, '$1 ');
}
