import type { Config } from '../bot/config.js';
import type { Logger } from '../bot/logger.js';
import type { Database } from '../db/database.js';
import type { AnswerPlanner } from './answer/answer-plan.js';
import { OfflineAnswerPlanner } from './answer/offline-planner.js';
import { BUNDLED_ARTICLES_DIR, readArticleFolder } from './kb/article-files.js';
import { ArticleStore } from './kb/article-store.js';
import { TextAnalyzer } from './search/analyzer.js';
import { Glossary } from './search/glossary.js';
import { SearchIndexer } from './search/search-index.js';
import { SearchService } from './search/search-service.js';

export interface KnowledgeServices {
  articles: ArticleStore;
  search: SearchService;
  planner: AnswerPlanner;
}

/**
 * Wires the knowledge side (articles, search, the answer pipeline) over a
 * database. The bot and the eval command both build it here, so the eval
 * measures exactly the pipeline the bot runs.
 */
export async function createKnowledge(db: Database, config: Config, logger: Logger): Promise<KnowledgeServices> {
  const analyzer = new TextAnalyzer();
  const articles = new ArticleStore(db, new SearchIndexer(analyzer));
  const search = new SearchService(db, analyzer, new Glossary());
  await bootstrapKnowledgeBase(articles, logger);
  const planner = new OfflineAnswerPlanner(search, articles, { minScore: config.answer.minScore });
  return { articles, search, planner };
}

/** Loads the curated articles into an empty knowledge base (first start). */
async function bootstrapKnowledgeBase(articles: ArticleStore, logger: Logger): Promise<void> {
  if ((await articles.list()).length > 0) return;
  const contents = await readArticleFolder(BUNDLED_ARTICLES_DIR);
  const counts = await articles.saveAll(contents, { author: 'system', note: 'bundled knowledge base' });
  logger.info(counts, 'knowledge base loaded from knowledge/articles');
}
