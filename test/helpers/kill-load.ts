import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { t } from '../../handlers/messages.js';
import type { SentQuestion } from './fault-load.js';
import type { SlackStandIn } from './slack-stand-in.js';

/*
 * For the kill tests: a load balancer in front of several bot processes (each request goes to
 * the next one that is up; a request cut by a kill fails like it would for Slack, which then
 * delivers again), and counts of replies that tell a late apology from an answer.
 */

export interface Balancer {
  url: string;
  /** Ports of the bot processes behind it; a port set to 0 is skipped (its process is down). */
  ports: number[];
  close(): Promise<void>;
}

export async function startBalancer(ports: number[]): Promise<Balancer> {
  let next = 0;
  const state = { ports };
  const server = http.createServer((req, res) => {
    const alive = state.ports.filter((p) => p > 0);
    if (alive.length === 0) {
      res.writeHead(502).end();
      return;
    }
    const port = alive[next++ % alive.length]!;
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get ports() {
      return state.ports;
    },
    set ports(p: number[]) {
      state.ports = p;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface KillCounts {
  /** Questions with exactly their answer (and intake questions when urgent), at most one apology for a late answer. */
  exact: number;
  lost: string[];
  duplicated: string[];
  /** Answers that came late, with the apology (taken up by the sweep after a kill). */
  late: number;
}

const LATE = [t('ja', 'reply.resumedLate'), t('en', 'reply.resumedLate')];

/** Counts a Slack thread's replies per question: the apology for a late answer is not an answer. */
export function killCounts(standIn: SlackStandIn, channel: string, sent: SentQuestion[]): KillCounts {
  const counts: KillCounts = { exact: 0, lost: [], duplicated: [], late: 0 };
  for (const q of sent) {
    const replies = standIn.thread(channel, q.ts);
    const apologies = replies.filter((m) => LATE.some((l) => m.visible.includes(l))).length;
    const answers = replies.length - apologies;
    const expected = q.urgent ? 2 : 1;
    counts.late += apologies;
    if (answers === 0) counts.lost.push(q.ts);
    else if (answers > expected || apologies > 1) counts.duplicated.push(q.ts);
    else if (answers === expected) counts.exact++;
  }
  return counts;
}
