import crypto from 'node:crypto';
import { z } from 'zod';
import { CATEGORIES, type Category, type Severity } from '../../knowledge/taxonomy.js';
import { AlertRejectedError } from './alert-errors.js';
import type { AlertSourceKind, NormalizedAlert } from './alert-types.js';

/** Most alerts one request may carry (a Graph list page, a generic batch). */
export const MAX_ALERTS_PER_REQUEST = 100;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional().nullable();
const when = z.string().max(64).optional().nullable();

// ---------------------------------------------------------------- generic

/** The generic shape (README "Monitoring alerts"): one alert, or `{ "alerts": [...] }`. */
const genericAlert = z.object({
  id: text(200),
  rule: text(200),
  title: text(500),
  description: optionalText(4000),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  category: z.enum(CATEGORIES).optional().nullable(),
  host: optionalText(200),
  user: optionalText(200),
  occurredAt: when,
});
const genericBatch = z.object({ alerts: z.array(genericAlert).min(1).max(MAX_ALERTS_PER_REQUEST) });

function fromGeneric(body: unknown): NormalizedAlert[] {
  // The shape is picked by its key (not a union), so a refusal names the fields that are wrong.
  const list = has(body, 'alerts') ? parse(genericBatch, body).alerts : [parse(genericAlert, body)];
  return list.map((a) => ({
    externalId: a.id,
    rule: a.rule,
    title: a.title,
    description: a.description ?? '',
    vendorSeverity: a.severity,
    severity: a.severity === 'info' ? 'low' : a.severity,
    category: a.category ?? null,
    host: blankToNull(a.host),
    user: blankToNull(a.user),
    occurredAt: toDate(a.occurredAt),
    raw: a,
  }));
}

// ---------------------------------------------------------------- Microsoft Graph security alert_v2

/** Evidence items we read (deviceEvidence, userEvidence); every other evidence type passes unread. */
const graphEvidence = z.looseObject({
  '@odata.type': z.string().optional(),
  deviceDnsName: z.string().optional().nullable(),
  loggedOnUsers: z.array(z.looseObject({ accountName: z.string().optional().nullable(), domainName: z.string().optional().nullable() })).optional().nullable(),
  userAccount: z
    .looseObject({
      accountName: z.string().optional().nullable(),
      domainName: z.string().optional().nullable(),
      userPrincipalName: z.string().optional().nullable(),
      displayName: z.string().optional().nullable(),
    })
    .optional()
    .nullable(),
});

/** `microsoft.graph.security.alert` (alerts_v2), as GET /security/alerts_v2/{id} returns it. */
const graphAlert = z.looseObject({
  id: text(200),
  title: text(1000),
  severity: z.enum(['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue']),
  description: optionalText(8000),
  category: optionalText(200),
  detectorId: optionalText(200),
  providerAlertId: optionalText(200),
  serviceSource: optionalText(200),
  detectionSource: optionalText(200),
  status: optionalText(100),
  createdDateTime: when,
  firstActivityDateTime: when,
  evidence: z.array(graphEvidence).max(500).optional().nullable(),
});
const graphList = z.looseObject({ value: z.array(graphAlert).min(1).max(MAX_ALERTS_PER_REQUEST) });

const GRAPH_SEVERITY: Record<z.infer<typeof graphAlert>['severity'], Severity> = {
  high: 'high',
  medium: 'medium',
  low: 'low',
  informational: 'low',
  unknown: 'medium',
  unknownFutureValue: 'medium',
};

/** Graph's `category` is a MITRE ATT&CK tactic (or Malware / Ransomware …). */
const GRAPH_CATEGORY: Record<string, Category> = {
  ransomware: 'ransomware',
  malware: 'malware',
  execution: 'malware',
  persistence: 'malware',
  commandandcontrol: 'malware',
  defenseevasion: 'malware',
  initialaccess: 'unauthorized_access',
  credentialaccess: 'unauthorized_access',
  lateralmovement: 'unauthorized_access',
  privilegeescalation: 'unauthorized_access',
  suspiciousactivity: 'unauthorized_access',
  exfiltration: 'data_leak',
  collection: 'data_leak',
};

function fromDefender(body: unknown): NormalizedAlert[] {
  const list = has(body, 'value') ? parse(graphList, body).value : [parse(graphAlert, body)];
  return list.map((a) => {
    const evidence = a.evidence ?? [];
    const device = evidence.find((e) => e['@odata.type']?.endsWith('deviceEvidence') && e.deviceDnsName);
    const account = evidence.find((e) => e['@odata.type']?.endsWith('userEvidence') && e.userAccount)?.userAccount;
    const loggedOn = device?.loggedOnUsers?.find((u) => u.accountName);
    const user = account?.userPrincipalName || account?.accountName || loggedOn?.accountName || null;
    return {
      externalId: a.id,
      rule: a.detectorId || a.title,
      title: a.title,
      description: a.description ?? '',
      vendorSeverity: a.severity,
      severity: GRAPH_SEVERITY[a.severity],
      category: a.category ? (GRAPH_CATEGORY[a.category.toLowerCase()] ?? null) : null,
      host: blankToNull(device?.deviceDnsName),
      user: blankToNull(user),
      occurredAt: toDate(a.firstActivityDateTime ?? a.createdDateTime),
      raw: a,
    };
  });
}

// ---------------------------------------------------------------- FortiGate automation webhook

/**
 * A FortiOS log as the automation stitch's webhook action sends it with the HTTP body `%%log%%`
 * (the whole log entry), or wrapped as `{ "log": %%log%% }`. Field names are the FortiOS log
 * reference's: logid, type, subtype, level, devname, devid, eventtime, srcip, srcname, user,
 * attack, attackid, virus, msg, severity (IPS), action.
 */
const fortiValue = z.union([z.string().max(2000), z.number()]).optional().nullable();
const fortiLog = z.looseObject({
  logid: z.union([z.string().trim().min(1).max(40), z.number()]),
  type: z.string().max(40).optional().nullable(),
  subtype: z.string().max(40).optional().nullable(),
  level: z.string().max(40).optional().nullable(),
  devname: fortiValue,
  devid: fortiValue,
  eventtime: fortiValue,
  date: fortiValue,
  time: fortiValue,
  tz: fortiValue,
  srcip: fortiValue,
  srcname: fortiValue,
  user: fortiValue,
  unauthuser: fortiValue,
  attack: fortiValue,
  attackid: fortiValue,
  virus: fortiValue,
  msg: fortiValue,
  logdesc: fortiValue,
  severity: fortiValue,
  action: fortiValue,
  sessionid: fortiValue,
});

const FORTI_LEVEL: Record<string, Severity> = {
  emergency: 'critical',
  alert: 'high',
  critical: 'high',
  error: 'medium',
  warning: 'medium',
  notice: 'low',
  information: 'low',
  debug: 'low',
};
const FORTI_SEVERITY: Record<string, Severity> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'low' };
const FORTI_CATEGORY: Record<string, Category> = {
  virus: 'malware',
  ips: 'unauthorized_access',
  anomaly: 'web',
  webfilter: 'phishing',
  'dns': 'malware',
  'emailfilter': 'phishing',
};

function fromFortigate(body: unknown): NormalizedAlert[] {
  const log = parse(fortiLog, has(body, 'log') ? body.log : body);
  const s = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
  const subtype = s(log.subtype)?.toLowerCase() ?? '';
  const vendorSeverity = s(log.severity) ?? s(log.level);
  let severity: Severity = (s(log.severity) && FORTI_SEVERITY[s(log.severity)!.toLowerCase()]) || FORTI_LEVEL[s(log.level)?.toLowerCase() ?? ''] || 'medium';
  // An infected file the device only logged (not blocked) is at least high.
  if (subtype === 'virus' && !/block|quarantin|drop/i.test(s(log.action) ?? '') && severity !== 'critical') severity = 'high';
  const title = s(log.attack) ?? s(log.virus) ?? s(log.msg) ?? s(log.logdesc) ?? `FortiGate log ${String(log.logid)}`;
  const rule = [String(log.logid), s(log.attackid) ?? s(log.virus) ?? ''].filter(Boolean).join(':');
  const externalId =
    [s(log.devid), s(log.eventtime), String(log.logid), s(log.sessionid)].filter(Boolean).length >= 3
      ? [s(log.devid), s(log.eventtime), String(log.logid), s(log.sessionid)].filter(Boolean).join('-')
      : `sha256-${crypto.createHash('sha256').update(JSON.stringify(log)).digest('hex').slice(0, 32)}`;
  const description = [s(log.msg), s(log.action) ? `action=${s(log.action)}` : null, s(log.devname) ? `device=${s(log.devname)}` : null]
    .filter(Boolean)
    .join(' / ');
  return [
    {
      externalId,
      rule,
      title,
      description,
      vendorSeverity,
      severity,
      category: FORTI_CATEGORY[subtype] ?? null,
      host: s(log.srcname) ?? s(log.srcip),
      user: s(log.user) ?? s(log.unauthuser),
      occurredAt: fortiTime(log),
      raw: log,
    },
  ];
}

/** eventtime is epoch in s, ms, µs or ns depending on the FortiOS version; else date + time (+ tz). */
function fortiTime(log: z.infer<typeof fortiLog>): Date | null {
  const e = log.eventtime === null || log.eventtime === undefined ? NaN : Number(log.eventtime);
  if (Number.isFinite(e) && e > 0) {
    const digits = String(Math.trunc(e)).length;
    const ms = digits > 16 ? e / 1e6 : digits > 13 ? e / 1e3 : digits > 10 ? e : e * 1000;
    return new Date(ms);
  }
  if (log.date && log.time) return toDate(`${String(log.date)}T${String(log.time)}${log.tz ? String(log.tz).replace(/^([+-]\d\d)(\d\d)$/, '$1:$2') : 'Z'}`);
  return null;
}

// ---------------------------------------------------------------- shared

const MAPPINGS: Record<AlertSourceKind, (body: unknown) => NormalizedAlert[]> = {
  generic: fromGeneric,
  defender: fromDefender,
  fortigate: fromFortigate,
};

/**
 * Maps a parsed JSON body of a source's kind to the desk's alerts; a body that does not
 * fit the vendor's shape is refused with ALERT_SCHEMA (422) naming the fields.
 */
export function mapAlerts(kind: AlertSourceKind, body: unknown): NormalizedAlert[] {
  return MAPPINGS[kind](body);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new AlertRejectedError('ALERT_SCHEMA', 'The body does not match the source kind’s alert shape', 422, issues);
}

function has<K extends string>(body: unknown, key: K): body is Record<K, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && key in body;
}

function blankToNull(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function toDate(v: string | null | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
