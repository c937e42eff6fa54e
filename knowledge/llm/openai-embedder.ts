import { OpenAIEmbeddings } from '@langchain/openai';
import { callBudget, withDeadline } from './deadline.js';
import type { EmbedOptions, Embedder } from './embedder.js';

export interface OpenAIEmbedderSettings {
  apiKey: string;
  /** OpenAI-compatible endpoint (…/v1); unset → api.openai.com. */
  baseUrl?: string;
  /** e.g. text-embedding-3-small. */
  model: string;
  /** Deadline of one request. */
  timeoutMs: number;
  /** Texts per request (the API takes up to 2048; smaller keeps one request fast). Default 128. */
  batchSize?: number;
}

/**
 * Embeddings through LangChain's OpenAIEmbeddings. Retries are off: at query
 * time a failure falls back to lexical search at once, and at index time the
 * chunk stays unembedded until the next backfill, so a retry storm buys nothing.
 */
export class OpenAIEmbedder implements Embedder {
  readonly model: string;
  private readonly client: OpenAIEmbeddings;

  constructor(private readonly settings: OpenAIEmbedderSettings) {
    this.model = settings.model;
    this.client = new OpenAIEmbeddings({
      model: settings.model,
      apiKey: settings.apiKey,
      configuration: { baseURL: settings.baseUrl },
      timeout: settings.timeoutMs,
      maxRetries: 0,
      batchSize: settings.batchSize ?? 128,
    });
  }

  async embedQuery(text: string, options: EmbedOptions = {}): Promise<number[]> {
    const budget = callBudget('embed_query', this.settings.timeoutMs, options.deadline);
    return withDeadline('embed_query', budget, async () => Array.from(await this.client.embedQuery(text)));
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return Promise.resolve([]);
    // Several batches may run (two at a time); the deadline is per batch-sized slice of work.
    const batches = Math.ceil(texts.length / (this.settings.batchSize ?? 128));
    return withDeadline('embed_documents', this.settings.timeoutMs * batches, async () =>
      (await this.client.embedDocuments(texts)).map((v) => Array.from(v)),
    );
  }
}
