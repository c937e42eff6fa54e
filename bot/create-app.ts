import type { FastifyInstance } from 'fastify';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import type { Readable, Writable } from 'node:stream';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { DatabaseHealth } from '../db/health.js';
import { openDatabase } from '../db/open-database.js';
import { CaseStore } from '../handlers/cases/case-store.js';
import { DirectoryStore } from '../handlers/directory/directory-store.js';
import { llmProviderName } from '../handlers/directory/llm-disclosure.js';
import { ensureLocalDemo, LOCAL_DEMO } from '../handlers/directory/local-demo.js';
import { InboundHandler } from '../handlers/handle-inbound.js';
import { RateLimiter } from '../handlers/limits/rate-limiter.js';
import { ensureRetentionScheduled } from '../handlers/retention/retention-schedule.js';
import { DEFAULT_LIMITS, type HandlerServices } from '../handlers/services.js';
import { createKnowledge, type CreateKnowledgeOptions } from '../knowledge/create-knowledge.js';
import { KbAdmin } from '../knowledge/kb/kb-admin.js';
import type { SearchService } from '../knowledge/search/search-service.js';
import { BullmqQueue } from '../workers/bullmq-queue.js';
import { InProcessQueue } from '../workers/in-process-queue.js';
import type { JobQueue } from '../workers/job-queue.js';
import { JobRunner } from '../workers/job-runner.js';
import { JobScheduler } from '../workers/job-scheduler.js';
import { JobStore } from '../workers/job-store.js';
import { JobSweeper } from '../workers/job-sweeper.js';
import { caseResumeProcessor } from '../workers/processors/case-resume.processor.js';
import { escalationNotifyProcessor } from '../workers/processors/escalation-notify.processor.js';
import { escalationTimerProcessor } from '../workers/processors/escalation-timer.processor.js';
import { heldAnswerProcessor } from '../workers/processors/held-answer.processor.js';
import { retentionRunProcessor } from '../workers/processors/retention-run.processor.js';
import { alertNotifyProcessor } from '../workers/processors/alert-notify.processor.js';
import { alertOpenProcessor } from '../workers/processors/alert-open.processor.js';
import { AlertIntake } from '../handlers/alerts/alert-intake.js';
import { AlertReplayPurge } from '../handlers/alerts/alert-replay-purge.js';
import { AlertSourceStore } from '../handlers/alerts/alert-source-store.js';
import { mountAlertRoutes } from './alerts/alert-routes.js';
import { AlertSecrets } from './alerts/alert-secrets.js';
import { ChatRegistry, type ChatAdapter } from '../handlers/chat-adapter.js';
import { runsPlayground, type Config } from '../core/config.js';
import { articlePath, mountArticlePages } from './article-pages.js';
import { createHttpServer } from './http-server.js';
import { Metrics } from '../handlers/metrics.js';
import { ObservedCaseStore } from './metrics/observed-case-store.js';
import { observedPlanner } from './metrics/observed-planner.js';
import { takingTurns } from './planner-turns.js';
import { ConsoleAdapter } from './local/console-adapter.js';
import { PlaygroundAdapter } from './playground/playground-adapter.js';
import { ensurePlaygroundDemo } from './playground/playground-demo.js';
import { mountPlayground } from './playground/playground-routes.js';
import { SlackAdapter } from './slack/slack-adapter.js';
import { TeamsAdapter } from './teams/teams-adapter.js';
import { mountTeamsRoutes } from './teams/teams-routes.js';
import { createLogger, type Logger } from '../core/logger.js';
import { PortInUseError } from '../core/errors.js';
import { t } from '../core/i18n/t.js';
import { UnansweredCaseScan } from '../handlers/cases/unanswered-case-scan.js';
import { ReplyOutbox } from '../handlers/replies/reply-outbox.js';
import { Housekeeping, StrandedReplyScan, UndoneInboundScan } from '../handlers/replies/reply-scans.js';
import { inboundResumeProcessor } from '../workers/processors/inbound-resume.processor.js';
import { replyDeliverProcessor } from '../workers/processors/reply-deliver.processor.js';
import { clockRemindProcessor } from '../workers/processors/clock-remind.processor.js';
import { CaseClockScan } from '../handlers/legal/case-clock-scan.js';
import { DispatchStore } from '../handlers/dispatch/dispatch-store.js';
import { ensureDemoDispatch } from '../handlers/dispatch/dispatch-demo.js';
import { dispatchPostProcessor } from '../workers/processors/dispatch-post.processor.js';
import { dispatchTimerProcessor } from '../workers/processors/dispatch-timer.processor.js';
import { systemClock, type Clock } from '../core/clock.js';
import { ackCheckProcessor } from '../workers/processors/ack-check.processor.js';
import { onCallPageProcessor } from '../workers/processors/oncall-page.processor.js';

export interface AppOptions {
  logger?: Logger;
  /** Streams for the local console (default: the process's stdin/stdout). */
  consoleIO?: { input: Readable; output: Writable };
  /** Adapters to register besides the configured ones (tests). */
  adapters?: ChatAdapter[];
  /** Called when the console user quits. */
  onConsoleExit?: () => void;
  /** What time it is for office hours, pages and ack reminders (tests: a simulated 03:00 on a holiday); default the machine's. */
  clock?: Clock;
  /** A name finder shared with other instances in this process (tests; see CreateKnowledgeOptions). */
  nameFinder?: CreateKnowledgeOptions['nameFinder'];
}

/** Everything one bot process runs, wired from config. */
export interface App {
  config: Config;
  logger: Logger;
  db: Database;
  services: HandlerServices;
  /** Prometheus metrics of this process, served at `/metrics`. */
  metrics: Metrics;
  handler: InboundHandler;
  chat: ChatRegistry;
  queue: JobQueue;
  /** Runs one recorded job by id (what the queue's workers call; tests drive jobs due on a simulated clock through it). */
  runner: JobRunner;
  sweeper: JobSweeper;
  search: SearchService;
  http: FastifyInstance;
  /** The console adapter, when the local channel runs. */
  console?: ConsoleAdapter;
  /** The web playground, when it runs (the default with nothing configured); its `url` is set at start. */
  playground?: PlaygroundAdapter;
  /** The Slack app, when Slack is configured. */
  slack?: SlackAdapter;
  /** The Teams bot, when Teams is configured. */
  teams?: TeamsAdapter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The address to open the playground at (a wildcard bind is reached on this machine through 127.0.0.1). */
function pageUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

/** Where the console writes exported reports: beside the embedded database, or the temp folder for an in-memory one. */
function reportsDir(config: Config): string {
  const dataDir = config.database.dataDir;
  return path.join(dataDir.startsWith('memory://') ? os.tmpdir() : dataDir, 'reports');
}

/**
 * The one factory: builds the database, stores, knowledge base, queue and
 * adapters from validated config and passes them down. Nothing is a module
 * singleton, so several apps (tests, a bot and a worker) live side by side.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const db = await openDatabase(config.database, logger);
  try {
    await migrate(db, { logger });
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }

  // One registry per app (not prom-client's global one): tests run several apps in one process.
  const metrics = new Metrics(new Registry());
  const directory = new DirectoryStore(db);
  const cases: CaseStore = new ObservedCaseStore(db, metrics);
  const knowledge = await createKnowledge(db, config, logger, { nameFinder: options.nameFinder });
  const { articles, search } = knowledge;
  const planner = takingTurns(observedPlanner(knowledge.planner, metrics));

  const chat = new ChatRegistry();
  for (const adapter of options.adapters ?? []) chat.register(adapter);
  const jobStore = new JobStore(db, config.queue.leaseMs);
  const outbox = new ReplyOutbox(db, config.queue.leaseMs, config.cases.outageRetryMs);
  const clock = options.clock ?? systemClock;
  // The processors need the scheduler and the scheduler needs the queue: a holder breaks the cycle
  // (likewise for the handler services, which need the scheduler).
  const scheduler: { current?: JobScheduler } = {};
  const late: { services?: HandlerServices } = {};
  const runner = new JobRunner(
    jobStore,
    {
      'escalation.notify': escalationNotifyProcessor({ db, cases, directory, chat, logger, outbox, outageRetryMs: config.cases.outageRetryMs }),
      'escalation.timer': (payload, ctx) => escalationTimerProcessor({ db, cases, directory, jobs: scheduler.current!, clock })(payload, ctx),
      'oncall.page': (payload, ctx) =>
        onCallPageProcessor({ db, cases, directory, chat, jobs: scheduler.current!, clock, policy: config.oncall, logger })(payload, ctx),
      'ack.check': ackCheckProcessor({ services: () => late.services!, chat, clock, logger }),
      'retention.run': (payload, ctx) =>
        retentionRunProcessor({ db, retention: config.retention, jobs: scheduler.current!, logger, metrics })(payload, ctx),
      'held.answer': heldAnswerProcessor({ db, services: () => late.services!, chat, logger }),
      'case.resume': caseResumeProcessor({ services: () => late.services!, chat, logger }),
      'alert.open': alertOpenProcessor({ services: () => late.services!, logger }),
      'alert.notify': alertNotifyProcessor({ services: () => late.services!, chat, logger }),
      'reply.deliver': replyDeliverProcessor({ outbox, chat, logger }),
      'inbound.resume': inboundResumeProcessor({ services: () => late.services!, chat, logger }),
      'clock.remind': clockRemindProcessor({ db, cases, directory, chat, logger }),
      // On-site dispatch (README "On-site dispatch"): the post to a dispatch group, its reminder and hand-over.
      'dispatch.post': dispatchPostProcessor({ services: () => late.services!, chat, logger }),
      'dispatch.timer': dispatchTimerProcessor({ services: () => late.services!, chat, logger }),
    },
    logger,
    metrics,
  );
  const queue: JobQueue = config.queue.redisUrl
    ? new BullmqQueue({ redisUrl: config.queue.redisUrl, prefix: config.queue.prefix, runWorker: config.queue.runWorker, concurrency: config.queue.concurrency }, runner, logger)
    : new InProcessQueue(runner, logger);
  const jobs = new JobScheduler(jobStore, queue, logger);
  scheduler.current = jobs;
  metrics.watchQueueDepth(() => queue.depth());
  const sweeper = new JobSweeper(jobStore, queue, logger, config.queue.sweepIntervalMs, [
    new UnansweredCaseScan(db, jobStore, config.cases.resumeAfterMs),
    new AlertReplayPurge(db),
    new UndoneInboundScan(outbox, jobStore, config.cases.resumeAfterMs),
    new StrandedReplyScan(outbox, jobStore),
    new Housekeeping(outbox, config.queue.retentionHours * 3_600_000, logger),
    // PPC clocks and insurers' windows (README "Legal clocks and insurance").
    new CaseClockScan(() => late.services!),
  ]);

  const kb = new KbAdmin(db, articles);
  const rateLimiter = new RateLimiter(db, config.rateLimits);
  const services: HandlerServices = {
    db,
    cases,
    directory,
    articles,
    kb,
    search,
    planner,
    triager: knowledge.triager,
    jobs,
    logger,
    limits: DEFAULT_LIMITS,
    policy: config.cases,
    metrics,
    rateLimiter,
    outbox,
    clock,
    oncall: config.oncall,
    llmProvider: llmProviderName(config.openai),
    ...(config.http.publicBaseUrl ? { articleUrl: (slug: string) => `${config.http.publicBaseUrl}${articlePath(slug)}` } : {}),
  };
  late.services = services;
  const handler = new InboundHandler(services);

  const useConsole = config.channel === 'console';
  const usePlayground = runsPlayground(config);
  let consoleAdapter: ConsoleAdapter | undefined;
  // With no chat platform configured the bot serves the local demo company (playground, console, tests);
  // while the playground runs, the demo responders' cards go to it (`web:responders`).
  if (usePlayground) await ensurePlaygroundDemo(directory, config.defaultLang, new DispatchStore(db));
  else if (!config.slack && !config.teams) {
    await ensureLocalDemo(directory, config.defaultLang);
    // The console tries on-site dispatch too: the demo group's posts reach the responders (`local:responders`).
    await ensureDemoDispatch(new DispatchStore(db), config.defaultLang, LOCAL_DEMO.destination);
  }
  let playground: PlaygroundAdapter | undefined;
  if (usePlayground) {
    playground = new PlaygroundAdapter({ handler, chat, logger, outbox });
    chat.register(playground);
  }
  if (useConsole) {
    consoleAdapter = new ConsoleAdapter(handler, {
      input: options.consoleIO?.input ?? process.stdin,
      output: options.consoleIO?.output ?? process.stdout,
      lang: config.defaultLang,
      reportsDir: reportsDir(config),
      nameOf: async (identity) => (await directory.findByIdentity(identity))?.displayName,
      onExit: options.onConsoleExit,
    });
    chat.register(consoleAdapter);
  }

  const http = createHttpServer(
    config.http,
    logger,
    {
      database: () => db.query('SELECT 1'),
      queue: () => queue.depth(),
    },
    // Same operator login as the dashboard; without ADMIN_PASSWORD /metrics is open on HTTP_HOST.
    { registry: metrics.registry, auth: config.admin },
  );

  mountArticlePages(http, articles);

  // Monitoring alerts from the tenants' devices (README "Monitoring alerts").
  const alertSources = new AlertSourceStore(db);
  const alertIntake = new AlertIntake(services, alertSources, { windowMs: config.alerts.groupWindowMs, burstMs: config.alerts.burstMs });
  const alertSecrets = new AlertSecrets(config.alerts.secretKey);
  await mountAlertRoutes(http, { sources: alertSources, intake: alertIntake, secrets: alertSecrets, logger, bodyLimitBytes: config.alerts.bodyLimitBytes });
  if (!config.alerts.secretKey) logger.debug('ALERT_SECRET_KEY is not set: signing secrets of alert sources are stored unsealed');

  // Slack events are refused (503) while the database is down: acknowledged, they would have nowhere to be kept.
  // Only a server can be down while the bot runs: the embedded database lives in this process, and a
  // probe queued behind a burst of its own queries is slow, not an outage (it turned acks into 503s).
  const dbHealth = db.kind === 'postgres' ? new DatabaseHealth(db) : undefined;
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    // HTTP mode mounts /slack/events (and the OAuth routes) on this server; Socket Mode connects out at start.
    slack = new SlackAdapter({ config: config.slack, handler, services, logger, defaultLang: config.defaultLang, chat, health: dbHealth });
    await slack.mount(http);
    chat.register(slack);
  }

  let teams: TeamsAdapter | undefined;
  if (config.teams) {
    // The Bot Framework posts to /api/messages; proactive posts use references stored in PostgreSQL.
    teams = new TeamsAdapter({ config: config.teams, db, services, handler, chat, outbox, logger, defaultLang: config.defaultLang });
    mountTeamsRoutes(http, teams);
    chat.register(teams);
    if (!config.teams.appId) logger.warn('Teams runs without MICROSOFT_APP_ID: /api/messages is NOT authenticated (local development only)');
  }

  if (playground) {
    await mountPlayground(http, playground, services, {
      host: config.http.host,
      auth: config.admin,
      defaultLang: config.defaultLang,
      tenantId: LOCAL_DEMO.tenantId,
      llmProvider: llmProviderName(config.openai),
      // The admin's "send a test alert" goes through the real, signed intake.
      alertSecrets,
    });
  }

  if (config.admin && queue instanceof BullmqQueue) {
    // Loaded only when used: bull-board pulls in ESM-only packages the rest of the bot never needs.
    const { mountQueueDashboard } = await import('./queue-dashboard.js');
    await mountQueueDashboard(http, queue.bullQueue, { basePath: '/admin/queues', ...config.admin });
  }

  let started = false;
  let httpListening = false;
  return {
    config,
    logger,
    db,
    services,
    metrics,
    handler,
    chat,
    queue,
    runner,
    sweeper,
    search,
    http,
    console: consoleAdapter,
    playground,
    slack,
    teams,
    async start() {
      await queue.start();
      // Data retention runs once a UTC day as a durable job; every start makes sure today's and
      // tomorrow's runs exist (recorded once whatever the number of processes).
      if (config.retention.days !== undefined) {
        await ensureRetentionScheduled(jobs).catch((err: unknown) =>
          logger.warn({ err: (err as Error).message }, 'could not schedule the daily retention run; the next start will'),
        );
      }
      // Anything left pending by a crash or a Redis restart goes back into the queue first.
      await sweeper.sweep().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'initial sweep failed'));
      sweeper.start();
      // Before the port opens: a device's first storm should not pay for cold connections and statements.
      await alertIntake
        .warm(db.kind === 'postgres' ? config.database.poolMax : 1)
        .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'could not warm the alert intake; the first alerts will'));
      let listening = true;
      try {
        await http.listen({ host: config.http.host, port: config.http.port });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        // The console does not need the port (only /healthz, /metrics and article pages live there):
        // it says so in one line and carries on. Everything else is served over HTTP and stops.
        if (!consoleAdapter || playground || slack || teams) throw new PortInUseError(config.http.host, config.http.port, err);
        listening = false;
        logger.warn({ port: config.http.port }, 'HTTP port in use: the console runs without the HTTP server');
        consoleAdapter.addNotice(t(config.defaultLang, 'console.httpBusy', { port: config.http.port }));
      }
      httpListening = listening;
      if (playground) playground.url = pageUrl(config.http.host, (http.server.address() as { port: number }).port);
      for (const adapter of chat.all()) await adapter.start();
      if (slack) dbHealth?.start();
      started = true;
      logger.info({ http: `http://${config.http.host}:${config.http.port}`, queue: queue.kind, database: db.kind }, 'otasuke bot started');
    },
    async stop() {
      // Reverse order of start: stop taking input, then finish background work, then storage.
      for (const adapter of chat.all().reverse()) await adapter.stop().catch(() => undefined);
      if (started && httpListening) await http.close().catch(() => undefined);
      dbHealth?.stop();
      await sweeper.stop();
      await queue.close();
      await db.close();
    },
  };
}
