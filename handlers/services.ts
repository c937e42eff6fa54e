import type { JobScheduling } from './jobs.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from './metrics.js';
import type { Database } from '../db/database.js';
import type { AnswerPlanner } from '../knowledge/answer/answer-plan.js';
import type { ArticleStore } from '../knowledge/kb/article-store.js';
import type { KbAdmin } from '../knowledge/kb/kb-admin.js';
import type { SearchService } from '../knowledge/search/search-service.js';
import type { TriageReader } from '../knowledge/triage/types.js';
import type { CaseStore } from './cases/case-store.js';
import type { DirectoryStore } from './directory/directory-store.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import type { ReplyOutbox } from './replies/reply-outbox.js';

/** Limits on what a person can send. */
export interface InputLimits {
  /** Longest question or follow-up accepted, in characters. */
  maxMessageChars: number;
}

export const DEFAULT_LIMITS: InputLimits = { maxMessageChars: 8000 };

/** Case policies from config. */
export interface CasePolicy {
  /** Hours after resolution during which the asker may reopen. */
  reopenWindowHours: number;
  /** How long a question waits out a database outage (retrying) before the asker is told to resend. */
  outageRetryMs: number;
  /** Questions past their receipt that one process works on at once (QuestionSlots); default 16. */
  questionConcurrency?: number;
}

/** How paging and ack reminders behave (from config; see README "On call and office hours"). */
export interface OnCallPolicy {
  /** Page attempts to the on-call responder before the next tier. */
  pageAttempts: number;
  /** Minutes without a message from the holder before they are reminded, per severity. */
  ackRemindMinutes: Record<'critical' | 'high' | 'medium' | 'low', number>;
  /** Minutes without a message from the holder before the case goes back to the queue, per severity. */
  ackRevertMinutes: Record<'critical' | 'high' | 'medium' | 'low', number>;
}

/** Everything the handlers need, built once by the app factory and passed down. */
export interface HandlerServices {
  db: Database;
  cases: CaseStore;
  directory: DirectoryStore;
  articles: ArticleStore;
  kb: KbAdmin;
  search: SearchService;
  planner: AnswerPlanner;
  /** The offline triage (learned recognisers + policy + rules), for decisions before planning. */
  triager: TriageReader;
  jobs: JobScheduling;
  logger: Logger;
  limits: InputLimits;
  policy: CasePolicy;
  /** Prometheus metrics; unset → nothing is recorded (tests that build services by hand). */
  metrics?: Metrics;
  /** Per-person and per-company question limits (shared through PostgreSQL); unset → no limit. */
  rateLimiter?: RateLimiter;
  /** The reply outbox and durable inbox (InboundHandler.handleDurably); unset → replies are only posted live. */
  outbox?: ReplyOutbox;
  /** What time it is (office hours, pages, ack reminders); unset → the machine's clock. */
  clock?: Clock;
  /** Paging and ack-reminder policy (config `oncall`); unset → the defaults of handlers/oncall. */
  oncall?: OnCallPolicy;
  /** Where the language model's requests go (llmProviderName); null or unset without OPENAI_API_KEY. */
  llmProvider?: string | null;
  /** The readable page of an article (from PUBLIC_BASE_URL); absent when no public address is configured. */
  articleUrl?: (slug: string) => string;
}
