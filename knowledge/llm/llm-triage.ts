import { z } from 'zod';
import { CATEGORIES, maxSeverity, SEVERITIES, severityRank } from '../taxonomy.js';
import { IMPACT_FLAGS, STATES } from '../triage/corpus-schema.js';
import { applyPolicy } from '../triage/severity-policy.js';
import { flagSignal } from '../triage/situation-labels.js';
import type { TriageResult, TriageSignal } from '../triage/index.js';
import { signalFor } from '../triage/signal-labels.js';
import type { Deadline } from './deadline.js';
import { DataFence, triageSystemPrompt, triageUserPrompt } from './prompts.js';
import type { StructuredChat } from './structured-chat.js';

/**
 * What the model must return. Unknown categories or severities fail the schema,
 * and then the whole verdict is ignored (rules only): a model that cannot name a
 * severity we know has nothing reliable to add.
 */
export const llmTriageSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  // No length limits in the schema: OpenAI's strict mode rejects some JSON Schema keywords.
  // mergeTriage keeps only signal ids we have labels for, which bounds them anyway.
  signals: z.array(z.string()),
  humanRequested: z.boolean(),
  // The same situation slots the offline recognisers read; the written policy turns them into a
  // severity exactly as it does offline (knowledge/triage/severity-policy.ts).
  state: z.enum(STATES),
  flags: z.array(z.enum(IMPACT_FLAGS)),
  // The words of the message that show the situation, copied verbatim: a raise must point at them.
  quote: z.string(),
});

export type LlmTriageVerdict = z.infer<typeof llmTriageSchema>;

/** Asks the model for a triage verdict of already-redacted text. */
export class LlmTriager {
  constructor(private readonly chat: StructuredChat) {}

  classify(input: { message: string; earlier: string[] }, deadline?: Deadline): Promise<LlmTriageVerdict> {
    const fence = new DataFence();
    return this.chat.invoke('triage', llmTriageSchema, 'triage', triageSystemPrompt(fence), triageUserPrompt(fence, input.message, input.earlier), deadline);
  }
}

/** Shortest quote that counts (characters, after normalising): "はい" or "yes" shows nothing. */
const MIN_QUOTE_CHARS = 4;

const squash = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s"'“”‘’「」『』]+/g, '');

/**
 * Whether the model's quote is words the asker wrote: found, whitespace and quotation marks aside,
 * in the redacted message or an earlier message of the thread it was sent.
 */
export function quoteFound(quote: string, sent: { message: string; earlier: readonly string[] }): boolean {
  const q = squash(quote);
  if ([...q].length < MIN_QUOTE_CHARS) return false;
  return [sent.message, ...sent.earlier].some((m) => squash(m).includes(q));
}

/**
 * Whether the model's slots name a situation (something happened, is happening, or a harm flag):
 * "none", "prevention" or "hypothetical" with no flag names nothing that could justify a raise.
 */
function namesSituation(llm: LlmTriageVerdict): boolean {
  return llm.state === 'past' || llm.state === 'ongoing' || llm.flags.length > 0;
}

/**
 * Combines the offline verdict (learned recognisers, policy, rules) with the model's. The offline
 * verdict is the floor: severity is the higher of the two, never lower; the model's category is
 * taken only together with a higher severity (it saw something the rules did not).
 *
 * The model adds anything only when it shows its reading: its quote must be words of the (redacted)
 * message it was sent, and a raise must come with slots that name a situation (past or ongoing, or a
 * harm flag), which the written policy turns into severity as it does offline. A verdict without a
 * quote is ignored whole; a raise without a situation is not taken.
 *
 * A message the offline verdict calls off-topic is never made a case by the model alone: the model's
 * verdict is ignored for it (and the planner does not ask). That includes a bare injection attempt,
 * exactly the text that could have steered the model.
 *
 * Signals are kept only when they are facts we have labels for, so no free text from the model
 * reaches a responder's card.
 */
export function mergeTriage(rules: TriageResult, llm: LlmTriageVerdict, sent: { message: string; earlier: readonly string[] }): TriageResult {
  if (!rules.securityRelevant) return rules;
  if (!quoteFound(llm.quote, sent)) return rules;
  // The model's slots go through the same policy; its own severity counts too. Either may raise.
  const policy = applyPolicy({ state: llm.state, category: llm.category, flags: new Set(llm.flags) });
  const llmSeverity = maxSeverity(llm.severity, policy.severity);
  const raised = severityRank(llmSeverity) > severityRank(rules.severity) && namesSituation(llm);
  const signals: TriageSignal[] = [...rules.signals];
  for (const flag of llm.flags) {
    const s = flagSignal(flag);
    if (!signals.some((x) => x.id === s.id)) signals.push(s);
  }
  for (const id of llm.signals) {
    const s = signalFor(id);
    if (s && !signals.some((x) => x.id === s.id)) signals.push(s);
  }
  const humanRequested = rules.humanRequested || llm.humanRequested;
  if (!raised && humanRequested === rules.humanRequested && signals.length === rules.signals.length) return rules;
  const severity = raised ? llmSeverity : rules.severity;
  return {
    ...rules,
    category: raised && llm.category !== 'general' ? llm.category : rules.category,
    severity,
    signals,
    humanRequested,
    escalate: humanRequested || severityRank(severity) >= severityRank('high'),
  };
}
