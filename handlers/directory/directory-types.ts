import type { Severity } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';

export type Role = 'staff' | 'responder' | 'admin';

export interface Tenant {
  id: string;
  name: string;
}

export interface User {
  id: string;
  /** Null for the vendor's responders, who serve several tenants. */
  tenantId: string | null;
  displayName: string;
  roles: Role[];
  lang: Lang;
}

/** How long a tier waits for a claim before the next tier is notified, per severity. */
export interface EscalationTier {
  name: string;
  waitSeconds: Record<Severity, number>;
  /** Opaque mention the adapter renders when this tier is notified (e.g. an on-call group). */
  mention?: string;
}

export interface ResponderGroup {
  id: string;
  name: string;
  /** Opaque, platform-prefixed destination of escalation cards (e.g. slack:T1:C123, local:responders). */
  destination: string;
  tiers: EscalationTier[];
  /**
   * The language the group reads: escalation cards and their updates, re-notifications, replies
   * in its threads and its members' App Home. The asker's own words stay as written.
   */
  lang: Lang;
}

/** A group as written by `upsertGroup`: without `lang` a new group reads Japanese and an existing one keeps its language. */
export type ResponderGroupInput = Omit<ResponderGroup, 'lang'> & { lang?: Lang };

/** Default waits: critical 5 min, high 15 min, medium and low 60 min. */
export const DEFAULT_TIERS: EscalationTier[] = [
  { name: 'primary', waitSeconds: { critical: 300, high: 900, medium: 3600, low: 3600 } },
  { name: 'on-call', waitSeconds: { critical: 300, high: 900, medium: 3600, low: 3600 } },
];
