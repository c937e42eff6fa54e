import { z } from 'zod';
import type { Deadline } from './deadline.js';
import { LlmUngroundedAnswerError } from './errors.js';
import { neutralizeMentions } from '../text/neutralize.js';
import { answerSystemPrompt, answerUserPrompt, DataFence, type PromptPassage } from './prompts.js';
import type { StructuredChat } from './structured-chat.js';

export const groundedAnswerSchema = z.strictObject({
  answer: z.string(),
  cited_slugs: z.array(z.string()),
  refused: z.boolean(),
});

/** A generated answer that passed the grounding checks (text still redacted). */
export interface GroundedAnswer {
  text: string;
  citedSlugs: string[];
}

/** Longest generated text kept; Slack sections hold 3,000 characters. */
const MAX_ANSWER_CHARS = 2500;

/**
 * Asks the model to answer from the retrieved passages only, then checks that
 * it did: not refused, not empty, and citing at least one passage it was given
 * and nothing else. Anything else throws LlmUngroundedAnswerError and the
 * offline answer (steps from the top article) is what the asker gets. What the text says is
 * checked next, by the planner (answer-check.ts): that needs the cited articles' "do not" lists.
 */
export class GroundedAnswerer {
  constructor(private readonly chat: StructuredChat) {}

  async answer(input: { question: string; earlier: string[]; passages: PromptPassage[]; lang: 'ja' | 'en' }, deadline?: Deadline): Promise<GroundedAnswer> {
    const fence = new DataFence();
    const out = await this.chat.invoke(
      'answer',
      groundedAnswerSchema,
      'grounded_answer',
      answerSystemPrompt(fence, input.lang),
      answerUserPrompt(fence, input.question, input.earlier, input.passages),
      deadline,
    );
    return checkGrounding(out, input.passages);
  }
}

export function checkGrounding(out: z.infer<typeof groundedAnswerSchema>, passages: PromptPassage[]): GroundedAnswer {
  if (out.refused) throw new LlmUngroundedAnswerError('refused');
  const text = neutralizeMentions(out.answer).trim();
  if (!text) throw new LlmUngroundedAnswerError('empty');
  const cited = [...new Set(out.cited_slugs.map((s) => s.trim()))];
  if (cited.length === 0) throw new LlmUngroundedAnswerError('no_citations');
  const given = new Set(passages.map((p) => p.slug));
  if (cited.some((s) => !given.has(s))) throw new LlmUngroundedAnswerError('unknown_citation');
  return { text: text.length > MAX_ANSWER_CHARS ? `${text.slice(0, MAX_ANSWER_CHARS - 1)}…` : text, citedSlugs: cited };
}
