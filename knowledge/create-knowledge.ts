import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { AnswerPlanner } from './answer/answer-plan.js';
import { OfflineAnswerPlanner } from './answer/offline-planner.js';
import { bundledContacts } from './contacts/contact-registry.js';
import { BUNDLED_ARTICLES_DIR, readArticleFolder } from './kb/article-files.js';
import { ArticleStore } from './kb/article-store.js';
import { DirectoryNames } from './llm/directory-names.js';
import { RedactingEmbedder, type Embedder } from './llm/embedder.js';
import { GroundedAnswerer } from './llm/grounded-answer.js';
import { LlmAnswerPlanner } from './llm/llm-answer-planner.js';
import { LlmTriager } from './llm/llm-triage.js';
import { loadNameFinderOnce, type NameFinder } from './llm/name-finder.js';
import { OpenAIEmbedder } from './llm/openai-embedder.js';
import { StructuredChat } from './llm/structured-chat.js';
import { ANALYZER_VERSION, TextAnalyzer } from './search/analyzer.js';
import { Glossary } from './search/glossary.js';
import { SearchIndexer } from './search/search-index.js';
import { SearchService } from './search/search-service.js';
import { createTriager } from './triage/create-triager.js';
import type { Triager } from './triage/triager.js';

export interface KnowledgeServices {
  articles: ArticleStore;
  triager: Triager;
  search: SearchService;
  planner: AnswerPlanner;
}

/**
 * Wires the knowledge side (articles, search, the answer pipeline) over a
 * database. The bot and the eval command both build it here, so the eval
 * measures exactly the pipeline the bot runs.
 *
 * With `config.openai` the language model joins in three places, each with the
 * offline behaviour as its floor: chunk embeddings (hybrid search), a triage
 * that may raise severity, and a grounded answer text. Without it nothing here
 * loads a model client's state or sends anything anywhere. Even with it, a question's
 * company must have consented (`AnswerPlanRequest.llm`, from tenants.llm_consent): without
 * that the planner sends nothing for it.
 */
export interface CreateKnowledgeOptions {
  /** An already trained triager (the cross-validation trains one per held-out writer). */
  triager?: Triager;
  /**
   * The name finder to share, from `loadNameFinderOnce()` (tests that build several instances in one
   * process: its dictionary costs ~2 s of CPU and ~300 MB a load); default: one of this instance's own.
   */
  nameFinder?: () => Promise<NameFinder>;
}

export async function createKnowledge(db: Database, config: Config, logger: Logger, options: CreateKnowledgeOptions = {}): Promise<KnowledgeServices> {
  // The desks articles name (knowledge/contacts.yaml): validated now, so a broken registry stops the start, not a reply.
  bundledContacts();
  const analyzer = new TextAnalyzer();
  const names = new DirectoryNames(db);
  // The name finder's dictionary (about 2 s, 300 MB) loads only where text may leave for a model,
  // once for this instance, starting now so the first question does not wait for it.
  const nameFinder = config.openai ? (options.nameFinder ?? loadNameFinderOnce()) : undefined;
  if (nameFinder) nameFinder().catch((err: unknown) => logger.error({ err }, 'name finder failed to load; nothing will be sent to the language model'));
  const embedder = config.openai ? createEmbedder(config.openai, names, nameFinder!) : undefined;
  const indexer = new SearchIndexer(analyzer, { embedder, logger });
  const articles = new ArticleStore(db, indexer);
  const search = new SearchService(db, analyzer, new Glossary(), { embedder, logger });

  // First start: the bundled articles go in lexically, in one transaction; with a model,
  // their chunks are then embedded in large batches outside it (a few requests instead
  // of one per article while the transaction is open).
  const loaded = await bootstrapKnowledgeBase(embedder ? new ArticleStore(db, new SearchIndexer(analyzer)) : articles, logger);
  // An index built by an older analyser would not match today's query tokens: rebuild it.
  const built = await indexer.indexedWith(db);
  if (loaded) await indexer.markCurrent(db);
  else if (built !== ANALYZER_VERSION) {
    const published = await articles.list({ status: 'published' });
    await new SearchIndexer(analyzer).reindexAll(db, published.map((a) => ({ id: a.id, content: a })));
    logger.info({ from: built, to: ANALYZER_VERSION, articles: published.length }, 'search index rebuilt for a new analyser version');
  }
  // Chunks stored before their postings were (or by code with another encoding): the index reads
  // their tokens meanwhile; writing the postings once makes every later start fast.
  const filled = await indexer.fillPostings(db);
  if (filled > 0) logger.info({ chunks: filled }, 'search postings written for stored chunks');
  if (embedder) {
    const embedded = await indexer.embedMissing(db);
    if (embedded > 0) logger.info({ embedded, model: embedder.model }, 'knowledge-base chunks embedded');
  }

  const warmed = await search.warm();
  logger.debug(warmed, 'search index loaded');

  const triager = options.triager ?? createTriager(analyzer, { logger });
  const offline = new OfflineAnswerPlanner(search, articles, { minScore: config.answer.minScore }, triager);
  if (!config.openai) return { articles, search, triager, planner: offline };
  const chat = new StructuredChat({
    apiKey: config.openai.apiKey,
    baseUrl: config.openai.baseUrl,
    model: config.openai.model,
    timeoutMs: config.openai.timeoutMs,
  });
  const planner = new LlmAnswerPlanner(offline, new LlmTriager(chat), new GroundedAnswerer(chat), {
    knownNames: () => names.list(),
    nameFinder,
    logger,
    timeoutMs: config.openai.timeoutMs,
  });
  logger.info({ model: config.openai.model, embeddingModel: config.openai.embeddingModel }, 'language model enabled (offline answers remain the fallback)');
  return { articles, search, triager, planner };
}

function createEmbedder(openai: NonNullable<Config['openai']>, names: DirectoryNames, nameFinder: () => Promise<NameFinder>): Embedder {
  const inner = new OpenAIEmbedder({
    apiKey: openai.apiKey,
    baseUrl: openai.baseUrl,
    model: openai.embeddingModel,
    timeoutMs: openai.timeoutMs,
  });
  // Questions are redacted (with the directory's names) before they are embedded.
  return new RedactingEmbedder(inner, () => names.list(), nameFinder);
}

/** Loads the curated articles into an empty knowledge base (first start). */
async function bootstrapKnowledgeBase(articles: ArticleStore, logger: Logger): Promise<boolean> {
  if ((await articles.list()).length > 0) return false;
  const contents = await readArticleFolder(BUNDLED_ARTICLES_DIR);
  const counts = await articles.saveAll(contents, { author: 'system', note: 'bundled knowledge base' });
  logger.info(counts, 'knowledge base loaded from knowledge/articles');
  return true;
}
