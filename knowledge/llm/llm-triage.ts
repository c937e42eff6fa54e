import { z } from 'zod';
import { CATEGORIES, maxSeverity, SEVERITIES, severityRank } from '../taxonomy.js';
import { IMPACT_FLAGS, STATES } from '../triage/corpus-schema.js';
import { applyPolicy } from '../triage/severity-policy.js';
import { flagSignal } from '../triage/situation-labels.js';
import type { TriageResult, TriageSignal } from '../triage/index.js';
import { signalFor } from '../triage/signal-labels.js';
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
});

export type LlmTriageVerdict = z.infer<typeof llmTriageSchema>;

/** Asks the model for a triage verdict of already-redacted text. */
export class LlmTriager {
  constructor(private readonly chat: StructuredChat) {}

  classify(input: { message: string; earlier: string[] }): Promise<LlmTriageVerdict> {
    const fence = new DataFence();
    return this.chat.invoke('triage', llmTriageSchema, 'triage', triageSystemPrompt(fence), triageUserPrompt(fence, input.message, input.earlier));
  }
}

/**
 * Combines the offline verdict (learned recognisers, policy, rules) with the model's. The offline verdict is the floor:
 * severity is the higher of the two, never lower; the model's category is taken
 * only together with a higher severity (it saw something the rules did not).
 * Signals are kept only when they are facts we have labels for, so no free text
 * from the model reaches a responder's card. A bare injection attempt (nothing
 * security-related besides the attempt) is never upgraded: that is exactly the
 * text that could have steered the model.
 */
export function mergeTriage(rules: TriageResult, llm: LlmTriageVerdict): TriageResult {
  if (rules.injectionSuspected && !rules.securityRelevant) return rules;
  // The model's slots go through the same policy; its own severity counts too. Either may raise.
  const policy = applyPolicy({ state: llm.state, category: llm.category, flags: new Set(llm.flags) });
  const llmSeverity = maxSeverity(llm.severity, policy.severity);
  const raised = severityRank(llmSeverity) > severityRank(rules.severity);
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
  const securityRelevant = rules.securityRelevant || raised;
  return {
    ...rules,
    category: raised && llm.category !== 'general' ? llm.category : rules.category,
    severity,
    signals,
    humanRequested,
    securityRelevant,
    escalate: humanRequested || (securityRelevant && severityRank(severity) >= severityRank('high')),
  };
}
