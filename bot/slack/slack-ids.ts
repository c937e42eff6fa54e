import { InvalidSlackRefError } from './slack-errors.js';

/**
 * The opaque, platform-prefixed ids the Slack adapter hands to the core, and
 * the only code that builds or reads them:
 *
 * - identity of a person: `slack:<team>:<user>` (`slack:T0CUST:U0ASKER`)
 * - destination (a channel, or a user id for a direct message): `slack:<team>:<channel>`
 * - thread: `slack:<team>:<channel>:<thread_ts>` (the ts of the thread's first message)
 *
 * The team is the workspace whose installation (token) reaches the channel, so
 * a tenant in one workspace and its responders in another each get the right token.
 */
export const PLATFORM = 'slack';

const TEAM = /^[TE][A-Z0-9]{2,40}$/;
const USER = /^[UWB][A-Z0-9]{2,40}$/;
const CHANNEL = /^[CDGUW][A-Z0-9]{2,40}$/;
const TS = /^\d{1,12}\.\d{1,8}$/;

/** A decoded destination or thread ref. `ts` is set for a thread. */
export interface SlackRef {
  team: string;
  channel: string;
  ts?: string;
}

export function identityOf(team: string, user: string): string {
  check(TEAM, team, 'team');
  check(USER, user, 'user');
  return `${PLATFORM}:${team}:${user}`;
}

export function destinationOf(team: string, channel: string): string {
  check(TEAM, team, 'team');
  check(CHANNEL, channel, 'channel');
  return `${PLATFORM}:${team}:${channel}`;
}

export function threadRefOf(team: string, channel: string, ts: string): string {
  check(TS, ts, 'ts');
  return `${destinationOf(team, channel)}:${ts}`;
}

/** Reads a destination or thread ref; anything else throws InvalidSlackRefError. */
export function parseRef(ref: string): SlackRef {
  const parts = ref.split(':');
  if (parts[0] !== PLATFORM || parts.length < 3 || parts.length > 4) throw new InvalidSlackRefError(ref);
  const [, team = '', channel = '', ts] = parts;
  if (!TEAM.test(team) || !CHANNEL.test(channel) || (ts !== undefined && !TS.test(ts))) throw new InvalidSlackRefError(ref);
  return ts === undefined ? { team, channel } : { team, channel, ts };
}

/** Reads an identity; null when it is not a Slack identity. */
export function parseIdentity(identity: string): { team: string; user: string } | null {
  const m = /^slack:([^:]+):([^:]+)$/.exec(identity);
  if (!m || !TEAM.test(m[1]!) || !USER.test(m[2]!)) return null;
  return { team: m[1]!, user: m[2]! };
}

/** Stable id of the directory user behind a Slack identity (auto-registration). */
export function userIdOf(team: string, user: string): string {
  return `slack-${team}-${user}`.toLowerCase();
}

/** Stable id of the tenant a workspace is installed as, unless it was mapped to an existing one. */
export function tenantIdOf(team: string): string {
  return `slack-${team}`.toLowerCase();
}

function check(pattern: RegExp, value: string, what: string): void {
  if (!pattern.test(value)) throw new InvalidSlackRefError(`${what} ${JSON.stringify(value)}`);
}
