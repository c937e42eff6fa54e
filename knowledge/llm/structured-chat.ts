import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import type { z } from 'zod';
import { callBudget, withDeadline, type Deadline } from './deadline.js';
import { LlmInvalidOutputError } from './errors.js';

/** How LangChain asks the model for JSON (see ChatOpenAI.withStructuredOutput). */
export type StructuredOutputMethod = 'jsonSchema' | 'functionCalling';

export interface ChatSettings {
  apiKey: string;
  /** OpenAI-compatible endpoint (…/v1); unset → api.openai.com. */
  baseUrl?: string;
  model: string;
  /** Deadline of one call (OPENAI_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries inside the deadline. Default 0: the offline answer is ready, a retry only delays it. */
  maxRetries?: number;
  /**
   * Default `jsonSchema` (response_format json_schema, strict), which current OpenAI models
   * support; `functionCalling` (a forced tool call) for compatible servers that lack it.
   */
  method?: StructuredOutputMethod;
}

/**
 * The one place that talks to the chat model: a system prompt and one user
 * message in, a value of the given zod schema out, or an LlmError. Uses the
 * Chat Completions wire format (not the Responses API), which OpenAI-compatible
 * servers and the test stand-in speak.
 */
export class StructuredChat {
  private readonly model: ChatOpenAI;

  constructor(private readonly settings: ChatSettings) {
    this.model = new ChatOpenAI({
      model: settings.model,
      apiKey: settings.apiKey,
      configuration: { baseURL: settings.baseUrl },
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries ?? 0,
      temperature: 0,
      useResponsesApi: false,
    });
  }

  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  /**
   * @param deadline the question's deadline: the call gets at most what it leaves (and is not
   *   sent when too little is left); without one, `timeoutMs`.
   */
  async invoke<S extends z.ZodObject>(operation: string, schema: S, name: string, system: string, user: string, deadline?: Deadline): Promise<z.infer<S>> {
    const budget = callBudget(operation, this.settings.timeoutMs, deadline);
    const runnable = this.model.withStructuredOutput(schema, { name, method: this.settings.method ?? 'jsonSchema' });
    const raw = await withDeadline(operation, budget, (signal) =>
      runnable.invoke([new SystemMessage(system), new HumanMessage(user)], { signal }),
    );
    // LangChain already validated against the schema; checking again costs nothing and keeps
    // this contract independent of which structured-output path the SDK took.
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new LlmInvalidOutputError(operation, 'schema mismatch', parsed.error);
    return parsed.data;
  }
}
