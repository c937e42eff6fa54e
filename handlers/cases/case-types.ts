import type { Category, Severity } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { CaseState } from './case-state-machine.js';

/** A case as stored: one question (and its thread) from one asker. */
export interface CaseRecord {
  id: number;
  /** Human-friendly number shown everywhere, e.g. OT-000123. */
  number: string;
  tenantId: string;
  askerUserId: string;
  lang: Lang;
  /** Platform of the asker's thread: slack, teams, local. */
  channel: string;
  /** Opaque, platform-prefixed id of the asker's thread. */
  threadRef: string;
  responderThreadRef: string | null;
  state: CaseState;
  category: Category | null;
  severity: Severity | null;
  question: string;
  assigneeUserId: string | null;
  /** Notifications sent in the current escalation round (0 = first card). */
  escalationTier: number;
  /** Which escalation of this case is current; timers of older rounds are ignored. */
  escalationRound: number;
  resolvedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Who did something: a person, the bot itself, or the system (timers, sweeps). */
export type Actor = { kind: 'user'; userId: string } | { kind: 'bot' } | { kind: 'system' };

export interface CaseEvent {
  id: number;
  caseId: number;
  at: Date;
  actorKind: Actor['kind'];
  actorUserId: string | null;
  type: string;
  data: Record<string, unknown>;
}

export interface NewCase {
  tenantId: string;
  askerUserId: string;
  lang: Lang;
  channel: string;
  threadRef: string;
  question: string;
  /**
   * A severity and category known before any triage (a device alert's vendor severity, which a
   * later triage may raise): the case is opened with them. Unset: null until triaged.
   */
  severity?: Severity | null;
  category?: Category | null;
}
