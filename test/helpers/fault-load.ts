import { t } from '../../core/i18n/t.js';
import { mentionEvent, nextTs } from './slack-payloads.js';
import type { WorkspaceFixture } from './slack-stand-in.js';
import type { SlackSender } from './slack-signing.js';
import type { SlackStandIn } from './slack-stand-in.js';

/*
 * Load for the fault tests: questions sent as Slack sends events (signed,
 * redelivered when not acknowledged), and the counts that say whether each
 * was answered or escalated exactly once.
 */

/** A question that must escalate (ransomware in progress) and one the knowledge base answers. */
export const URGENT_QUESTION = 'ランサムウェアに感染しました。社内のファイルが暗号化されて開けません。どうすればいいですか';
export const ROUTINE_QUESTION = 'パスワードを他のサイトと使い回しています。変えたほうがいいですか';

/**
 * Slack's redelivery of an event it got no 2xx for: immediately, after one
 * minute, after five (docs.slack.dev, Events API "Retries"). The schedule is
 * compressed here (0 s, 2 s, 6 s, then a last one at 15 s) so a test waits seconds, not minutes.
 * Like Slack, an answer that takes longer than 3 s counts as not acknowledged.
 */
export const SLACK_RETRY_DELAYS_MS = [0, 2000, 6000, 15_000];

export interface SentQuestion {
  ts: string;
  urgent: boolean;
  /** performance.now() when first sent. */
  sentAt: number;
  /** HTTP status of each delivery attempt (0: the connection failed). */
  attempts: number[];
}

/** Delivers one event until acknowledged, like Slack; returns every attempt's status. */
export async function deliverLikeSlack(sender: SlackSender, payload: Record<string, unknown>): Promise<number[]> {
  const attempts: number[] = [];
  for (let retry = 0; retry <= SLACK_RETRY_DELAYS_MS.length; retry++) {
    const status = await sender
      .event(payload, { timeoutMs: 3000, ...(retry === 0 ? {} : { retryNum: retry, retryReason: 'http_error' }) })
      .then((r) => r.status)
      .catch(() => 0);
    attempts.push(status);
    if (status >= 200 && status < 300) return attempts;
    const wait = SLACK_RETRY_DELAYS_MS[retry];
    if (wait === undefined) return attempts;
    await new Promise((r) => setTimeout(r, wait));
  }
  return attempts;
}

export interface LoadOptions {
  sender: SlackSender;
  team: WorkspaceFixture;
  user: string;
  channel: string;
  count: number;
  /** Every n-th question is urgent (escalates). */
  urgentEvery: number;
  /** Pause between sends, ms. */
  intervalMs: number;
  /** Called after question i was sent (not awaited by the load): where the fault is injected. */
  onSent?: (i: number) => void;
}

/** Sends `count` questions at a steady pace; each is delivered (with redeliveries) in the background. */
export async function sendQuestions(o: LoadOptions): Promise<SentQuestion[]> {
  const sent: SentQuestion[] = [];
  const deliveries: Promise<void>[] = [];
  for (let i = 0; i < o.count; i++) {
    const urgent = i % o.urgentEvery === 0;
    const q: SentQuestion = { ts: nextTs(), urgent, sentAt: performance.now(), attempts: [] };
    sent.push(q);
    const payload = mentionEvent({ team: o.team, user: o.user, channel: o.channel, ts: q.ts, text: `${urgent ? URGENT_QUESTION : ROUTINE_QUESTION} (#${i + 1})` });
    deliveries.push(deliverLikeSlack(o.sender, payload).then((a) => void q.attempts.push(...a)));
    o.onSent?.(i);
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
  await Promise.all(deliveries);
  return sent;
}

export interface AnswerCounts {
  /** Questions whose thread holds exactly the expected replies (1 answer; urgent: answer + intake questions). */
  exact: number;
  /** Questions with no reply at all. */
  lost: string[];
  /** Questions with more replies than expected. */
  duplicated: string[];
  /** Replies that told the asker something went wrong (temporary error) instead of answering. */
  apologies: number;
}

const APOLOGIES = [t('ja', 'error.temporary'), t('en', 'error.temporary'), t('ja', 'error.generic'), t('en', 'error.generic')];

/** Counts replies per question thread at the stand-in. */
export function answerCounts(standIn: SlackStandIn, channel: string, sent: SentQuestion[]): AnswerCounts {
  const counts: AnswerCounts = { exact: 0, lost: [], duplicated: [], apologies: 0 };
  for (const q of sent) {
    const replies = standIn.thread(channel, q.ts);
    counts.apologies += replies.filter((m) => APOLOGIES.some((a) => m.visible.includes(a))).length;
    const expected = q.urgent ? 2 : 1;
    if (replies.length === 0) counts.lost.push(q.ts);
    else if (replies.length > expected) counts.duplicated.push(q.ts);
    else if (replies.length === expected) counts.exact++;
  }
  counts.apologies += standIn.ephemerals.filter((m) => APOLOGIES.some((a) => m.visible.includes(a))).length;
  return counts;
}

/** Responder cards (top-level posts in the responders' channel), by the case number they name. */
export function responderCards(standIn: SlackStandIn, channel: string): Map<string, number> {
  const cards = new Map<string, number>();
  for (const m of standIn.messages.filter((x) => x.channel === channel && !x.threadTs)) {
    const number = /OT-\d{6,12}/.exec(m.visible)?.[0] ?? '?';
    cards.set(number, (cards.get(number) ?? 0) + 1);
  }
  return cards;
}
