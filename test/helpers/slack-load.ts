import autocannon from 'autocannon';
import { mentionEvent, nextTs } from './slack-payloads.js';
import { slackSignature } from './slack-signing.js';
import type { SlackStandIn, WorkspaceFixture } from './slack-stand-in.js';
import { seededRandom } from '../../knowledge/triage/learned/seeded-random.js';

/**
 * An autocannon load against a Slack HTTP receiver (loopback only, bounded in
 * count and time), with every request an `event_callback` / `app_mention`
 * built and signed at the moment it is sent, exactly as Slack signs it (v0
 * HMAC-SHA256 of `v0:{timestamp}:{body}` with the current timestamp). Every
 * `retryEvery`-th request is instead a Slack redelivery of a recent question:
 * the same body, re-signed, with `X-Slack-Retry-Num: 1` and
 * `X-Slack-Retry-Reason: http_timeout`. The replies are counted where Slack
 * would see them, at the Web API stand-in (chat.postMessage in the question's
 * thread): delivered, duplicated (more than one reply in a question's thread),
 * lost (none), and the time from sending the question to its reply.
 */

export interface SlackLoadOptions {
  /**
   * The receiver's events URL, e.g. http://127.0.0.1:PORT/slack/events (loopback only); several
   * (bot processes sharing one database and queue): the amount, the connections and the rate are
   * split evenly between them, one autocannon instance each, and the ack percentiles are taken
   * over every response of all of them.
   */
  url: string | string[];
  signingSecret: string;
  standIn: SlackStandIn;
  team: WorkspaceFixture;
  channel: string;
  /** Askers, in turn (each must be known to the stand-in's users.info). */
  users: string[];
  questions: string[];
  /** Requests to send in all (questions and retries); the run stops at this count. */
  amount: number;
  connections: number;
  /** Requests per second over all connections (autocannon's overallRate); unset: as fast as acknowledged. */
  overallRate?: number;
  /** The sending stops after this many seconds even if `amount` is not reached. */
  maxSeconds: number;
  /** Every n-th request is a retry of a recent question (20: 5 %); 0 or unset: none. */
  retryEvery?: number;
  /** How long to wait for the replies after the last request (bounded). */
  replyWaitMs: number;
  /** Once every question has a reply, how long the threads must stay quiet (late duplicates). */
  quietMs?: number;
  /** Seed of the choice of which question a retry repeats (reproducible runs). */
  seed?: number;
}

export interface SlackLoadResult {
  /** Requests written to the receiver (questions and retries). */
  sent: number;
  questions: number;
  retries: number;
  acked2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Acknowledgement latency from autocannon's histogram (ms, whole milliseconds). */
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** Responses per second, first request to last response. */
  reqPerS: number;
  sendSeconds: number;
  /** Questions with at least one reply in their thread. */
  answered: number;
  /** Replies posted in the questions' threads, all told. */
  replies: number;
  /** Questions with more than one reply in their thread. */
  duplicates: number;
  /** Questions with no reply in their thread. */
  lost: number;
  /** Of the lost, those that got an ephemeral (a refusal or an apology) instead. */
  ephemeralOnly: number;
  /** Sending a question → its first reply at the Web API (ms). */
  replyP50Ms: number;
  replyP99Ms: number;
  replyMaxMs: number;
  /** Questions answered per second, first request to last first reply. */
  answeredPerS: number;
}

const RETRY_WINDOW = 32;

export async function slackLoad(o: SlackLoadOptions): Promise<SlackLoadResult> {
  const targets = (Array.isArray(o.url) ? o.url : [o.url]).map((u) => new URL(u));
  const split = (n: number): number => Math.max(1, Math.round(n / targets.length));
  const quietMs = o.quietMs ?? 2000;
  const random = seededRandom(o.seed ?? 1);
  /** Questions in the order sent: ts, body (for retries), send time. */
  const questions: { ts: string; body: string; sentAt: number; retried: boolean }[] = [];
  const byTs = new Map<string, number>();
  const replies = new Map<string, number[]>();
  let built = 0;
  let retries = 0;
  let lastArrival = 0;

  o.standIn.onMessage = (m) => {
    if (m.channel !== o.channel || !m.threadTs || !byTs.has(m.threadTs)) return;
    const now = performance.now();
    const list = replies.get(m.threadTs);
    if (list) list.push(now);
    else replies.set(m.threadTs, [now]);
    lastArrival = now;
  };

  const headers = (body: string, retry: boolean): Record<string, string> => {
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(o.signingSecret, timestamp, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...(retry ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {}),
    };
  };

  /** A recent question not retried yet (some may still be in flight: the dedupe race is part of the test). */
  const pickRetry = (): number | undefined => {
    const from = Math.max(0, questions.length - RETRY_WINDOW);
    const open: number[] = [];
    for (let i = from; i < questions.length; i++) if (!questions[i]!.retried) open.push(i);
    return open.length ? open[Math.floor(random() * open.length)] : undefined;
  };

  // Called by autocannon right before it writes each request (the first of each connection at set-up).
  const setupRequest = (target: URL) => (req: autocannon.Request): autocannon.Request => {
    const n = built++;
    const base = { ...req, method: 'POST', path: target.pathname };
    if (o.retryEvery && n % o.retryEvery === o.retryEvery - 1) {
      const i = pickRetry();
      if (i !== undefined) {
        const q = questions[i]!;
        q.retried = true;
        retries++;
        return { ...base, headers: headers(q.body, true), body: q.body };
      }
    }
    const i = questions.length;
    const ts = nextTs();
    const body = JSON.stringify(mentionEvent({ team: o.team, user: o.users[i % o.users.length]!, channel: o.channel, text: o.questions[i % o.questions.length]!, ts }));
    byTs.set(ts, i);
    questions.push({ ts, body, sentAt: performance.now(), retried: false });
    return { ...base, headers: headers(body, false), body };
  };

  const start = performance.now();
  let lastResponse = start;
  const ackTimes: number[] = [];
  try {
    const instances = targets.map((target) =>
      autocannon({
        url: target.origin,
        connections: split(o.connections),
        amount: split(o.amount),
        // At a fixed rate, autocannon's correction for coordinated omission takes 1 ms as the interval
        // whatever the rate (its 1/rate is in seconds) and adds hundreds of made-up samples to every
        // slow acknowledgement: the raw latencies only.
        ...(o.overallRate ? { overallRate: split(o.overallRate), ignoreCoordinatedOmission: true } : {}),
        // The run notices it is finished at the next sample; 100 ms keeps that close to the last answer.
        sampleInt: 100,
        timeout: 10,
        requests: [{ method: 'POST', path: target.pathname, setupRequest: setupRequest(target) }],
      }),
    );
    for (const instance of instances) {
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
        lastResponse = performance.now();
        ackTimes.push(responseTime);
      });
    }
    const cap = setTimeout(() => instances.forEach((i) => i.stop()), o.maxSeconds * 1000);
    let results: autocannon.Result[];
    try {
      results = await Promise.all(instances);
    } finally {
      clearTimeout(cap);
    }
    const sum = (k: 'non2xx' | 'errors' | 'timeouts' | '2xx'): number => results.reduce((n, r) => n + r[k], 0);
    ackTimes.sort((a, b) => a - b);
    // One instance: its own histogram (as before); several: every response of all of them.
    const latency = results.length === 1 ? results[0]!.latency : { p50: Math.round(percentile(ackTimes, 0.5)), p99: Math.round(percentile(ackTimes, 0.99)), max: Math.round(ackTimes.at(-1) ?? NaN) };
    const result = { '2xx': sum('2xx'), non2xx: sum('non2xx'), errors: sum('errors'), timeouts: sum('timeouts'), latency };

    const deadline = performance.now() + o.replyWaitMs;
    for (;;) {
      const now = performance.now();
      if (replies.size >= questions.length && now - lastArrival >= quietMs) break;
      if (now > deadline) break;
      await new Promise((r) => setTimeout(r, 25));
    }

    const latencies: number[] = [];
    let duplicates = 0;
    let total = 0;
    let lastFirst = start;
    for (const q of questions) {
      const list = replies.get(q.ts);
      if (!list) continue;
      total += list.length;
      if (list.length > 1) duplicates++;
      latencies.push(list[0]! - q.sentAt);
      lastFirst = Math.max(lastFirst, list[0]!);
    }
    const lostTs = new Set(questions.filter((q) => !replies.has(q.ts)).map((q) => q.ts));
    const ephemeralOnly = new Set(o.standIn.ephemerals.filter((e) => e.channel === o.channel && e.threadTs && lostTs.has(e.threadTs)).map((e) => e.threadTs)).size;
    latencies.sort((a, b) => a - b);
    const responded = result['2xx'] + result.non2xx;
    const sendSeconds = (lastResponse - start) / 1000;
    return {
      sent: built,
      questions: questions.length,
      retries,
      acked2xx: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      ackP50Ms: result.latency.p50,
      ackP99Ms: result.latency.p99,
      ackMaxMs: result.latency.max,
      reqPerS: responded / sendSeconds,
      sendSeconds,
      answered: replies.size,
      replies: total,
      duplicates,
      lost: lostTs.size,
      ephemeralOnly,
      replyP50Ms: percentile(latencies, 0.5),
      replyP99Ms: percentile(latencies, 0.99),
      replyMaxMs: latencies.at(-1) ?? NaN,
      answeredPerS: replies.size / ((lastFirst - start) / 1000),
    };
  } finally {
    o.standIn.onMessage = undefined;
  }
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

