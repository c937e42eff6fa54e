import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must be a postgres:// or postgresql:// URL' });

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\//.test(v), { message: 'must be a redis:// or rediss:// URL' });

const intFromEnv = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

/** Minutes per severity written as `critical=15,high=30,medium=120,low=240` (every severity, whole minutes ≥ 1). */
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const severityMinutes = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const out: Partial<Record<(typeof SEVERITIES)[number], number>> = {};
      for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [k, n] = part.split('=').map((x) => x.trim());
        if (!SEVERITIES.includes(k as (typeof SEVERITIES)[number]) || !/^\d+$/.test(n ?? '') || Number(n) < 1) {
          ctx.addIssue({ code: 'custom', message: `write it as critical=15,high=30,medium=120,low=240 (got "${part}")` });
          return z.NEVER;
        }
        out[k as (typeof SEVERITIES)[number]] = Number(n);
      }
      const missing = SEVERITIES.filter((s) => out[s] === undefined);
      if (missing.length) {
        ctx.addIssue({ code: 'custom', message: `give minutes for every severity (missing ${missing.join(', ')})` });
        return z.NEVER;
      }
      return out as Record<(typeof SEVERITIES)[number], number>;
    });

/**
 * Every environment variable the bot reads, with its default. This is the only
 * place `process.env` is looked at (see loadConfig's default argument).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** PostgreSQL; unset → embedded PGlite in DATA_DIR. */
  DATABASE_URL: postgresUrl.optional().or(z.literal('').transform(() => undefined)),
  /** Folder for the embedded database and other local state. */
  DATA_DIR: z.string().default('.data'),
  DB_POOL_MAX: intFromEnv(10, 1, 200),
  /** How often to retry the database at start before giving up. */
  DB_CONNECT_ATTEMPTS: intFromEnv(5, 1, 100),
  DB_CONNECT_RETRY_MS: intFromEnv(1000, 0, 60_000),
  /** How long a question already acknowledged to the platform waits out a database outage before the asker is told to resend. */
  DB_OUTAGE_RETRY_MS: intFromEnv(60_000, 0, 600_000),
  /** A question whose case is still unanswered this long after it opened lost its process; a worker answers it. */
  CASE_RESUME_AFTER_MS: intFromEnv(300_000, 1000, 86_400_000),
  /** Outside office hours, how many times the on-call responder is paged (each after the first tier's wait) before the next tier. */
  ONCALL_PAGE_ATTEMPTS: intFromEnv(3, 1, 20),
  /** A claimed case with no message from its holder this long (minutes, per severity) reminds the holder. */
  ACK_REMIND_MINUTES: severityMinutes('critical=15,high=30,medium=120,low=240'),
  /** … and this long (minutes, per severity) returns it to the queue unclaimed and re-notifies. */
  ACK_REVERT_MINUTES: severityMinutes('critical=30,high=60,medium=240,low=480'),
  /** BullMQ on Redis; unset → jobs run in-process (not durable across restarts of Redis-less setups). */
  REDIS_URL: redisUrl.optional().or(z.literal('').transform(() => undefined)),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only (BullMQ keys)')
    .default('otasuke'),
  /** Whether this process runs job workers (a bot process may only produce jobs for separate workers). */
  QUEUE_RUN_WORKER: z.enum(['true', 'false']).default('true'),
  /**
   * Jobs one process's BullMQ worker runs at once. A job is mostly waiting on PostgreSQL and the
   * chat platform, so more than the cores; each running job holds a pooled connection per statement.
   */
  QUEUE_CONCURRENCY: intFromEnv(8, 1, 256),
  QUESTION_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** How often pending jobs are re-enqueued from PostgreSQL. */
  JOB_SWEEP_INTERVAL_MS: intFromEnv(30_000, 100, 3_600_000),
  /** How long a job a worker took stays its own; a worker that died is taken over after this. */
  JOB_LEASE_MS: intFromEnv(60_000, 1000, 3_600_000),
  // Finished jobs and sent replies are deleted this many hours after they finished (0: at the next sweep).
  JOB_RETENTION_HOURS: intFromEnv(168, 0, 87_600),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: intFromEnv(3000, 0, 65535),
  /**
   * Where people reach this server from their browsers (https://otasuke.example.co.jp). Cited
   * articles become links to its /kb/<slug> pages; unset, a citation opens the article in the chat.
   */
  PUBLIC_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  /**
   * Which local channel to run; `auto` picks Slack/Teams when configured, else the web playground.
   * `playground` runs the playground beside any platform; `console` the terminal; `none` only platforms.
   */
  CHANNEL: z.enum(['auto', 'playground', 'console', 'none']).default('auto'),
  DEFAULT_LANG: z.enum(['ja', 'en']).default('ja'),
  /** Retrieval score under which the bot says it has no confident answer. */
  ANSWER_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.35),
  /** New questions one person may ask per minute (shared by every bot process through PostgreSQL); 0 → no limit. */
  RATE_LIMIT_USER_PER_MIN: intFromEnv(10, 0, 100_000),
  /** New questions one company (tenant) may ask per minute; 0 → no limit. */
  RATE_LIMIT_TENANT_PER_MIN: intFromEnv(120, 0, 1_000_000),
  /** Operator login for the queue dashboard (/admin/queues); the dashboard is off without a password. */
  ADMIN_USER: z.string().min(1).default('admin'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional().or(z.literal('').transform(() => undefined)),
  /** How long after resolution the asker may reopen a case. */
  REOPEN_WINDOW_HOURS: intFromEnv(72, 0, 24 * 365),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  /** Deadline of one model call; past it the answer falls back to the offline path. */
  OPENAI_TIMEOUT_MS: intFromEnv(8000, 100, 120_000),
  /** Model that embeds knowledge-base chunks and questions for hybrid search. */
  OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default('text-embedding-3-small'),
  /** Slack receiver: `http` (Events API over HTTPS) or `socket` (Socket Mode); unset → socket when only SLACK_APP_TOKEN is given. */
  SLACK_MODE: z.enum(['http', 'socket']).optional().or(z.literal('').transform(() => undefined)),
  /** Bot token of one workspace (single-workspace mode). */
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), { message: 'must be a bot token (xoxb-…)' }),
  /** Verifies that HTTP requests come from Slack (HTTP mode). */
  SLACK_SIGNING_SECRET: optionalString,
  /** App-level token for Socket Mode. */
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), { message: 'must be an app-level token (xapp-…)' }),
  /** OAuth install flow (many workspaces): all three together. */
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
  /** Bot scopes requested at install, comma-separated. */
  SLACK_SCOPES: z.string().trim().default('app_mentions:read,channels:history,groups:history,im:history,im:write,chat:write,commands,users:read,files:write'),
  /** 32 bytes, base64: seals installations (bot tokens) stored in PostgreSQL. Unset → stored as Slack sent them. */
  SLACK_TOKEN_KEY: optionalString.refine((v) => v === undefined || Buffer.from(v, 'base64').length === 32, {
    message: 'must be 32 bytes, base64-encoded (for example: openssl rand -base64 32)',
  }),
  /** Public URL of /slack/oauth_redirect, when Slack must be told it explicitly. */
  SLACK_REDIRECT_URI: z.url().optional().or(z.literal('').transform(() => undefined)),
  /** Web API base URL (tests point it at a local stand-in). */
  SLACK_API_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  /** Deadline of one Web API request; 429s are waited out (Retry-After) and retried. */
  SLACK_HTTP_TIMEOUT_MS: intFromEnv(10_000, 100, 120_000),
  /** How long a person's event, kept before its acknowledgement, may stay unfinished before a bot process replays it (its process died). */
  SLACK_EVENT_REPLAY_MS: intFromEnv(30_000, 1_000, 3_600_000),
  /** Responder group that newly installed workspaces' escalations go to. */
  SLACK_DEFAULT_RESPONDER_GROUP: optionalString,
  /** Microsoft Teams: the bot's Entra ID app registration (Azure Bot resource). */
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  /** The app's home tenant; required for SingleTenant and UserAssignedMSI. */
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional().or(z.literal('').transform(() => undefined)),
  /** Runs the Teams endpoint (/api/messages); unset → on when MICROSOFT_APP_ID is set. `true` without an app id: no authentication, local development only. */
  TEAMS_ENABLED: z.enum(['true', 'false']).optional().or(z.literal('').transform(() => undefined)),
  /** Public base URL of this bot (https://bot.example.com) for download links of files sent to Teams; unset → text files inline, others explained. */
  TEAMS_PUBLIC_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  /** How long a download link sent to Teams works. */
  TEAMS_FILE_LINK_MINUTES: intFromEnv(15, 1, 24 * 60),
  /** Deadline of one Bot Framework connector call, its own 429/5xx retries included. */
  TEAMS_HTTP_TIMEOUT_MS: intFromEnv(15_000, 100, 120_000),
  /**
   * Tests only: the OpenID metadata document whose key set (jwks_uri) signs inbound Bot Framework
   * tokens; unset → the Bot Framework's own (login.botframework.com). Refused in production.
   */
  TEAMS_OPENID_METADATA_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('').transform(() => undefined)),
  /** 32 bytes, base64: seals the signing secrets of alert sources (AES-256-GCM) before they reach PostgreSQL; unset → stored as is (warning). */
  ALERT_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Largest alert request body accepted (bytes); larger ones are refused with 413. */
  ALERT_BODY_LIMIT_BYTES: intFromEnv(262_144, 1024, 10_485_760),
  /** An alert joins the open case of the same source, rule and host/user when that group's last alert is this recent (minutes). */
  ALERT_GROUP_WINDOW_MINUTES: intFromEnv(60, 1, 7 * 24 * 60),
  /** Another kind of alert within this many seconds of the source's last one joins that case (a burst or storm is one case); 0 → off. */
  ALERT_BURST_SECONDS: intFromEnv(60, 0, 3600),
  /** Data retention: cases closed or resolved more than this many days ago are anonymised or deleted; unset → kept forever. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional().or(z.literal('').transform(() => undefined)),
  /** What retention does to an old case: `anonymise` (free text replaced, the record kept) or `delete`. */
  RETENTION_MODE: z.enum(['delete', 'anonymise']).default('anonymise'),
  /** Whether the Markdown incident report of a case is kept (retained_reports) before retention changes it. */
  RETENTION_KEEP_REPORTS: z.enum(['true', 'false']).default('false'),
});

type Env = z.infer<typeof envSchema>;

/** Validated configuration; built once by loadConfig and passed down. */
export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  database: {
    url?: string;
    dataDir: string;
    poolMax: number;
    connectAttempts: number;
    connectRetryMs: number;
    /** `memory://` only: a dumped PGlite data folder to start from (tests set it to a migrated template; not read from the environment). */
    startFrom?: string;
  };
  queue: { redisUrl?: string; prefix: string; sweepIntervalMs: number; leaseMs: number; runWorker: boolean; concurrency: number; retentionHours: number };
  http: { host: string; port: number; publicBaseUrl?: string };
  admin?: { user: string; password: string };
  channel: Env['CHANNEL'];
  defaultLang: Env['DEFAULT_LANG'];
  answer: { minScore: number };
  cases: { reopenWindowHours: number; outageRetryMs: number; resumeAfterMs: number; questionConcurrency: number };
  /** On call and ack reminders (README "On call and office hours"). */
  oncall: { pageAttempts: number; ackRemindMinutes: Record<(typeof SEVERITIES)[number], number>; ackRevertMinutes: Record<(typeof SEVERITIES)[number], number> };
  /** Questions per minute per person and per company; 0 → that limit is off. High and critical questions always pass. */
  rateLimits: { userPerMinute: number; tenantPerMinute: number };
  /** Optional language model; unset → rules and lexical search only (fully offline). */
  openai?: { apiKey: string; baseUrl?: string; model: string; timeoutMs: number; embeddingModel: string };
  slack?: SlackConfig;
  teams?: TeamsConfig;
  /** Monitoring alerts (POST /api/alerts/<source>, README "Monitoring alerts"). */
  alerts: { secretKey?: string; bodyLimitBytes: number; groupWindowMs: number; burstMs: number };
  /** Data retention (`npm run ops -- retention`); `days` unset → cases are kept forever. */
  retention: { days?: number; mode: 'delete' | 'anonymise'; keepReports: boolean };
}

/** Microsoft Teams through the Bot Framework. Without `appId` incoming requests are not authenticated (development only). */
export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Base URL for file download links; unset → no links. */
  publicUrl?: string;
  fileLinkMinutes: number;
  httpTimeoutMs: number;
  /**
   * Where the signing keys of inbound tokens are looked up (an OpenID metadata document naming a
   * JWKS). Unset → the Bot Framework's. Set only by tests (a local key set); refused in production.
   */
  openIdMetadataUrl?: string;
}

/** The Slack app: one workspace (bot token) or many (OAuth), over HTTP or Socket Mode. */
export interface SlackConfig {
  mode: 'http' | 'socket';
  /** Single-workspace mode: the bot token of that workspace. */
  botToken?: string;
  /** HTTP mode: verifies every request's signature. */
  signingSecret?: string;
  /** Socket Mode: the app-level token. */
  appToken?: string;
  /** Multi-workspace mode: the OAuth install flow, installations kept in PostgreSQL. */
  oauth?: { clientId: string; clientSecret: string; stateSecret: string; scopes: string[]; redirectUri?: string };
  /** Web API base URL; unset → https://slack.com/api/. */
  apiUrl?: string;
  /** Deadline of one Web API request in ms. */
  httpTimeoutMs: number;
  /** A kept event unfinished this long is replayed by a bot process (bot/slack/slack-event-inbox.ts). */
  eventReplayMs: number;
  /** Responder group that newly installed workspaces are routed to. */
  defaultResponderGroup?: string;
  /** Key that seals stored installations (SLACK_TOKEN_KEY); unset → stored in the clear. */
  tokenKey?: Buffer;
}

/** Cross-field rules zod cannot express per field. */
function crossFieldProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.OPENAI_BASE_URL && !env.OPENAI_API_KEY) {
    problems.push('OPENAI_BASE_URL: requires OPENAI_API_KEY (set a key, any string for a local stand-in)');
  }
  problems.push(...slackProblems(env));
  problems.push(...teamsProblems(env));
  for (const sev of SEVERITIES) {
    if (env.ACK_REVERT_MINUTES[sev] <= env.ACK_REMIND_MINUTES[sev]) {
      problems.push(`ACK_REVERT_MINUTES: ${sev} (${env.ACK_REVERT_MINUTES[sev]}) must be longer than ACK_REMIND_MINUTES ${sev} (${env.ACK_REMIND_MINUTES[sev]}): the holder is reminded before the case goes back`);
    }
  }
  // The playground lets whoever reaches it act as any demo person: on a public address it needs a login.
  if (playgroundRuns(env.CHANNEL, !!slackConfig(env) || teamsEnabled(env)) && !isLoopbackHost(env.HTTP_HOST) && !env.ADMIN_PASSWORD) {
    problems.push(
      `HTTP_HOST: ${env.HTTP_HOST} is not a loopback address and the playground has no login of its own; ` +
        'set ADMIN_PASSWORD (at least 12 characters, the playground then asks for it with HTTP basic auth), ' +
        'bind to 127.0.0.1, or run without the playground (CHANNEL=none or CHANNEL=console)',
    );
  }
  return problems;
}

/** Whether the web playground runs: asked for, or `auto` with no chat platform configured. */
function playgroundRuns(channel: Env['CHANNEL'], platformConfigured: boolean): boolean {
  return channel === 'playground' || (channel === 'auto' && !platformConfigured);
}

/** Whether the web playground runs with this configuration. */
export function runsPlayground(config: Pick<Config, 'channel' | 'slack' | 'teams'>): boolean {
  return playgroundRuns(config.channel, !!config.slack || !!config.teams);
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Which Slack receiver runs: the explicit SLACK_MODE, else Socket Mode when only an app token is given. */
function slackMode(env: Env): 'http' | 'socket' {
  return env.SLACK_MODE ?? (env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET ? 'socket' : 'http');
}

function slackProblems(env: Env): string[] {
  const problems: string[] = [];
  const oauthVars = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const oauth = oauthVars.some((name) => env[name]);
  const enabled = oauth || !!(env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN || env.SLACK_MODE);
  if (!enabled) return problems;
  const mode = slackMode(env);
  if (oauth) {
    for (const name of oauthVars) {
      if (!env[name]) problems.push(`${name}: required for the OAuth install flow (set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together)`);
    }
  }
  if (env.SLACK_BOT_TOKEN && oauth) {
    problems.push('SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET (OAuth, many workspaces), not both');
  }
  if (!env.SLACK_BOT_TOKEN && !oauth) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (or configure OAuth with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET)');
  }
  if (mode === 'http' && !env.SLACK_SIGNING_SECRET) {
    problems.push(
      env.SLACK_MODE || oauth
        ? 'SLACK_SIGNING_SECRET: required in HTTP mode to verify that requests come from Slack'
        : 'SLACK_BOT_TOKEN: requires SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)',
    );
  }
  if (mode === 'socket') {
    if (!env.SLACK_APP_TOKEN) problems.push('SLACK_APP_TOKEN: required in Socket Mode (an app-level token, xapp-…, with connections:write)');
    if (oauth) problems.push('SLACK_MODE: Socket Mode serves one workspace (SLACK_BOT_TOKEN); the OAuth install flow needs SLACK_MODE=http and a public URL');
  }
  return problems;
}

function slackConfig(env: Env): SlackConfig | undefined {
  const oauth =
    env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
      ? {
          clientId: env.SLACK_CLIENT_ID,
          clientSecret: env.SLACK_CLIENT_SECRET,
          stateSecret: env.SLACK_STATE_SECRET,
          scopes: env.SLACK_SCOPES.split(',').map((s) => s.trim()).filter(Boolean),
          redirectUri: env.SLACK_REDIRECT_URI,
        }
      : undefined;
  if (!env.SLACK_BOT_TOKEN && !oauth) return undefined;
  return {
    mode: slackMode(env),
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    oauth,
    apiUrl: env.SLACK_API_URL,
    httpTimeoutMs: env.SLACK_HTTP_TIMEOUT_MS,
    eventReplayMs: env.SLACK_EVENT_REPLAY_MS,
    defaultResponderGroup: env.SLACK_DEFAULT_RESPONDER_GROUP,
    ...(env.SLACK_TOKEN_KEY ? { tokenKey: Buffer.from(env.SLACK_TOKEN_KEY, 'base64') } : {}),
  };
}

function teamsEnabled(env: Env): boolean {
  return env.TEAMS_ENABLED ? env.TEAMS_ENABLED === 'true' : !!env.MICROSOFT_APP_ID;
}

function teamsProblems(env: Env): string[] {
  const problems: string[] = [];
  const type = env.MICROSOFT_APP_TYPE ?? 'MultiTenant';
  if (!env.MICROSOFT_APP_ID && (env.MICROSOFT_APP_PASSWORD || env.MICROSOFT_APP_TENANT_ID || env.MICROSOFT_APP_TYPE)) {
    problems.push('MICROSOFT_APP_ID: required when MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID or MICROSOFT_APP_TYPE is set (the Azure Bot\'s Microsoft App ID)');
  }
  if (env.MICROSOFT_APP_ID && type !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
    problems.push(`MICROSOFT_APP_PASSWORD: required for a ${type} app (a client secret of the app registration)`);
  }
  if (env.MICROSOFT_APP_ID && type === 'UserAssignedMSI' && env.MICROSOFT_APP_PASSWORD) {
    problems.push('MICROSOFT_APP_PASSWORD: must not be set for a UserAssignedMSI app (the managed identity has no secret)');
  }
  if (env.MICROSOFT_APP_ID && type !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    problems.push(`MICROSOFT_APP_TENANT_ID: required for a ${type} app (the tenant of the app registration)`);
  }
  if (teamsEnabled(env) && !env.MICROSOFT_APP_ID && env.NODE_ENV === 'production') {
    problems.push(
      'MICROSOFT_APP_ID: required in production: without app credentials /api/messages accepts unauthenticated requests ' +
        '(TEAMS_ENABLED=true without an app id is for local development against a stand-in connector only)',
    );
  }
  if (env.TEAMS_OPENID_METADATA_URL && env.NODE_ENV === 'production') {
    problems.push(
      'TEAMS_OPENID_METADATA_URL: not allowed in production: it replaces the Bot Framework\'s signing keys for inbound ' +
        'Teams requests (tests only); unset it so tokens are checked against login.botframework.com',
    );
  }
  if (env.TEAMS_OPENID_METADATA_URL && !env.MICROSOFT_APP_ID) {
    problems.push('TEAMS_OPENID_METADATA_URL: requires MICROSOFT_APP_ID (without an app id inbound tokens are not checked at all)');
  }
  return problems;
}

function teamsConfig(env: Env): TeamsConfig | undefined {
  if (!teamsEnabled(env)) return undefined;
  return {
    appId: env.MICROSOFT_APP_ID,
    appPassword: env.MICROSOFT_APP_PASSWORD,
    appTenantId: env.MICROSOFT_APP_TENANT_ID,
    appType: env.MICROSOFT_APP_TYPE ?? 'MultiTenant',
    publicUrl: env.TEAMS_PUBLIC_URL,
    fileLinkMinutes: env.TEAMS_FILE_LINK_MINUTES,
    httpTimeoutMs: env.TEAMS_HTTP_TIMEOUT_MS,
    ...(env.TEAMS_OPENID_METADATA_URL ? { openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL } : {}),
  };
}

/** Command-line choices that win over the environment (`npm start -- --console`). */
export interface ConfigOverrides {
  channel?: Config['channel'];
}

/**
 * Reads and validates the environment. Throws one ConfigError that names every
 * bad or missing variable, so a misconfigured deployment is fixed in one go.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(overrides.channel ? { ...source, CHANNEL: overrides.channel } : source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = source[name];
      const shown = value === undefined ? 'missing' : isSecretName(name) ? 'set (hidden)' : JSON.stringify(value);
      return `${name}: ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const problems = crossFieldProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    database: {
      url: env.DATABASE_URL,
      // `memory://` is PGlite's in-memory database (tests, demos), not a folder.
      dataDir: env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : path.resolve(cwd, env.DATA_DIR),
      poolMax: env.DB_POOL_MAX,
      connectAttempts: env.DB_CONNECT_ATTEMPTS,
      connectRetryMs: env.DB_CONNECT_RETRY_MS,
    },
    queue: { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, sweepIntervalMs: env.JOB_SWEEP_INTERVAL_MS, leaseMs: env.JOB_LEASE_MS, runWorker: env.QUEUE_RUN_WORKER === 'true', concurrency: env.QUEUE_CONCURRENCY, retentionHours: env.JOB_RETENTION_HOURS },
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, '') } : {}) },
    admin: env.ADMIN_PASSWORD ? { user: env.ADMIN_USER, password: env.ADMIN_PASSWORD } : undefined,
    channel: env.CHANNEL,
    defaultLang: env.DEFAULT_LANG,
    answer: { minScore: env.ANSWER_MIN_SCORE },
    cases: {
      reopenWindowHours: env.REOPEN_WINDOW_HOURS,
      outageRetryMs: env.DB_OUTAGE_RETRY_MS,
      resumeAfterMs: env.CASE_RESUME_AFTER_MS,
      // Offline a question is CPU work on this process's one thread: two at a time keep the acks of a
      // burst within Slack's second (README, Slack). With a model it mostly waits on the provider.
      questionConcurrency: env.QUESTION_CONCURRENCY ?? (env.OPENAI_API_KEY ? 16 : 2),
    },
    oncall: { pageAttempts: env.ONCALL_PAGE_ATTEMPTS, ackRemindMinutes: env.ACK_REMIND_MINUTES, ackRevertMinutes: env.ACK_REVERT_MINUTES },
    rateLimits: { userPerMinute: env.RATE_LIMIT_USER_PER_MIN, tenantPerMinute: env.RATE_LIMIT_TENANT_PER_MIN },
    openai: env.OPENAI_API_KEY
      ? {
          apiKey: env.OPENAI_API_KEY,
          baseUrl: env.OPENAI_BASE_URL,
          model: env.OPENAI_MODEL,
          timeoutMs: env.OPENAI_TIMEOUT_MS,
          embeddingModel: env.OPENAI_EMBEDDING_MODEL,
        }
      : undefined,
    slack: slackConfig(env),
    teams: teamsConfig(env),
    alerts: {
      ...(env.ALERT_SECRET_KEY ? { secretKey: env.ALERT_SECRET_KEY } : {}),
      bodyLimitBytes: env.ALERT_BODY_LIMIT_BYTES,
      groupWindowMs: env.ALERT_GROUP_WINDOW_MINUTES * 60_000,
      burstMs: env.ALERT_BURST_SECONDS * 1000,
    },
    retention: { days: env.RETENTION_DAYS, mode: env.RETENTION_MODE, keepReports: env.RETENTION_KEEP_REPORTS === 'true' },
  };
}

function isSecretName(name: string): boolean {
  return /KEY|TOKEN|SECRET|PASSWORD|DATABASE_URL|REDIS_URL/.test(name);
}
