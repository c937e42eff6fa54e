import type { Category, Severity } from '../../knowledge/taxonomy.js';

/** The payload shapes a source can speak; each has a mapping in `alert-mappings.ts`. */
export const ALERT_SOURCE_KINDS = ['generic', 'defender', 'fortigate'] as const;
export type AlertSourceKind = (typeof ALERT_SOURCE_KINDS)[number];

/** How a source proves a request is its own: an HMAC signature (preferred) or a bearer token. */
export const ALERT_AUTH_KINDS = ['hmac', 'bearer'] as const;
export type AlertAuthKind = (typeof ALERT_AUTH_KINDS)[number];

/** A monitoring device (UTM, EDR) of one tenant that may post alerts. */
export interface AlertSource {
  id: string;
  tenantId: string;
  name: string;
  kind: AlertSourceKind;
  auth: AlertAuthKind;
  /** Stored form of the secret (sealed signing secret, or `sha256:` of a bearer token); only bot/alerts reads it. */
  secret: string;
  /** The secret before the last rotation, accepted until `previousValidUntil`. */
  previousSecret: string | null;
  previousValidUntil: Date | null;
  /** Who hears about an alert that names nobody the directory maps to a person. */
  contactUserId: string;
  createdAt: Date;
  rotatedAt: Date | null;
  removedAt: Date | null;
}

/**
 * One alert in the desk's own terms, whatever the vendor: what every mapping
 * produces and the only thing intake, grouping and triage read.
 */
export interface NormalizedAlert {
  /** The vendor's id of the alert (unique per source): a resend of the same id is stored once. */
  externalId: string;
  /** What fired: the vendor's rule, detector or log id; part of the fingerprint. */
  rule: string;
  title: string;
  description: string;
  /** The vendor's severity word as sent (kept for the record). */
  vendorSeverity: string | null;
  /** The vendor severity on the desk's scale. */
  severity: Severity;
  /** The vendor's hint of what kind of trouble this is, when it has one; text triage decides otherwise. */
  category: Category | null;
  /** The machine the alert names (host name, else its address). */
  host: string | null;
  /** The account the alert names (UPN, DOMAIN\\name or bare name). */
  user: string | null;
  occurredAt: Date | null;
  /** The vendor's own object, stored as received. */
  raw: unknown;
}
