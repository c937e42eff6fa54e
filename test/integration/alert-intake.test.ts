import fs from 'node:fs';
import path from 'node:path';
import { AlertSecrets, sign } from '../../bot/alerts/alert-secrets.js';
import { AlertIntake, type IntakeOutcome } from '../../handlers/alerts/alert-intake.js';
import { mapAlerts } from '../../handlers/alerts/alert-mappings.js';
import { escalateOpenedAlertCase } from '../../handlers/alerts/alert-open.js';
import { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import type { AlertAuthKind, AlertSourceKind } from '../../handlers/alerts/alert-types.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { JobScheduling } from '../../handlers/jobs.js';
import { buildCaseReport, reportToMarkdown } from '../../handlers/report/case-report.js';
import { runRetention } from '../../handlers/retention/retention.js';
import { APP_SETUPS, startLocalApp, type LocalTestApp } from '../helpers/local-app.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';

const fixture = (name: string): string => fs.readFileSync(path.join(process.cwd(), 'test/fixtures/alerts', `${name}.json`), 'utf8');

let seq = 0;
/** A generic alert body with its own id. */
function genericAlert(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: `t-${Date.now()}-${++seq}`, rule: 'suspicious-outbound', title: 'Suspicious outbound connection', severity: 'high', host: 'PC-023', ...extra });
}

describe.each(APP_SETUPS)('monitoring alerts (%s)', (_name, real) => {
  let t: LocalTestApp;
  let chat: RecordingAdapter;
  let sources: AlertSourceStore;
  const secrets = new AlertSecrets();
  const secretOf = new Map<string, string>();

  async function addSource(id: string, kind: AlertSourceKind, auth: AlertAuthKind = 'hmac', tenantId: string = LOCAL_DEMO.tenantId, contact: string = LOCAL_DEMO.admin.id) {
    const secret = AlertSecrets.generate(auth);
    secretOf.set(id, secret);
    await sources.add({ id, tenantId, name: id, kind, auth, secret: secrets.store(auth, secret), contactUserId: contact });
  }

  function post(source: string, body: string, options: { secret?: string; ts?: number; signature?: string; headers?: Record<string, string> } = {}) {
    const ts = String(options.ts ?? Math.floor(Date.now() / 1000));
    const secret = options.secret ?? secretOf.get(source) ?? 'none';
    return t.app.http.inject({
      method: 'POST',
      url: `/api/alerts/${source}`,
      payload: body,
      headers: {
        'content-type': 'application/json',
        'x-otasuke-timestamp': ts,
        'x-otasuke-signature': options.signature ?? `v1=${sign(secret, ts, body)}`,
        ...options.headers,
      },
    });
  }

  /**
   * The case once its alert.open job escalated it: the 202 of a new case says it exists and its
   * escalation is queued (README "Monitoring alerts"); triage and escalation follow in that job.
   */
  const escalated = (number: string) =>
    until(async () => {
      const c = await t.app.services.cases.findByNumber(number);
      return c && c.state !== 'new' ? c : null;
    });
  const count = async (sql: string, params: unknown[] = []) => Number((await t.app.db.query<{ n: string }>(sql, params)).rows[0]!.n);
  const stored = async () => ({ alerts: await count('SELECT count(*) AS n FROM alerts'), cases: await count("SELECT count(*) AS n FROM cases WHERE channel IN ('alert', 'local')") });

  beforeAll(async () => {
    chat = new RecordingAdapter();
    t = await startLocalApp(real, { chat });
    sources = new AlertSourceStore(t.app.db);
    await addSource('demo-edr', 'generic');
    await addSource('demo-defender', 'defender', 'bearer');
    await addSource('demo-fgt', 'fortigate');
    await sources.mapSubject(LOCAL_DEMO.tenantId, 'host', 'PC-023', LOCAL_DEMO.staff.id);
    // A second company with a source of its own.
    await t.app.services.directory.upsertTenant({ id: 'other-co', name: 'Other Co.' });
    await t.app.services.directory.upsertUser({ id: 'other-admin', tenantId: 'other-co', displayName: 'Other', roles: ['staff', 'admin'], lang: 'en' }, ['local:other-admin']);
    await t.app.services.directory.routeTenant('other-co', LOCAL_DEMO.groupId);
    await addSource('other-edr', 'generic', 'hmac', 'other-co', 'other-admin');
  }, 300_000);
  afterAll(() => t?.stop(), 60_000);

  describe('when a request is not what a device of the source would send', () => {
    it('refuses unsigned, badly signed, stale, replayed, oversized and malformed alerts with nothing stored', async () => {
      const before = await stored();
      const body = genericAlert();
      const unsigned = await t.app.http.inject({ method: 'POST', url: '/api/alerts/demo-edr', payload: body, headers: { 'content-type': 'application/json' } });
      expect([unsigned.statusCode, unsigned.json().error.code]).toEqual([401, 'ALERT_UNSIGNED']);
      const bad = await post('demo-edr', body, { secret: 'whsec_not-the-secret' });
      expect([bad.statusCode, bad.json().error.code]).toEqual([401, 'ALERT_BAD_SIGNATURE']);
      const stale = await post('demo-edr', body, { ts: Math.floor(Date.now() / 1000) - 301 });
      expect([stale.statusCode, stale.json().error.code]).toEqual([401, 'ALERT_STALE']);
      const tampered = await post('demo-edr', body.replace('high', 'low'), { signature: (await signed('demo-edr', body)).signature, ts: (await signed('demo-edr', body)).ts });
      expect(tampered.statusCode).toBe(401);
      const big = genericAlert({ description: 'x'.repeat(300_000) });
      const oversized = await post('demo-edr', big);
      expect([oversized.statusCode, oversized.json().error.code]).toEqual([413, 'ALERT_TOO_LARGE']);
      const notJson = await post('demo-edr', '{"id": "x", ');
      expect([notJson.statusCode, notJson.json().error.code]).toEqual([400, 'ALERT_MALFORMED']);
      const wrongShape = await post('demo-edr', JSON.stringify({ id: 'x1', title: 'no rule or severity' }));
      expect([wrongShape.statusCode, wrongShape.json().error.code]).toEqual([422, 'ALERT_SCHEMA']);
      expect(wrongShape.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['rule', 'severity']));
      const unknown = await post('no-such-source', body);
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'ALERT_SOURCE_UNKNOWN']);
      const noToken = await t.app.http.inject({ method: 'POST', url: '/api/alerts/demo-defender', payload: fixture('defender'), headers: { 'content-type': 'application/json' } });
      expect([noToken.statusCode, noToken.json().error.code]).toEqual([401, 'ALERT_UNSIGNED']);
      const wrongToken = await t.app.http.inject({ method: 'POST', url: '/api/alerts/demo-defender', payload: fixture('defender'), headers: { 'content-type': 'application/json', authorization: 'Bearer whtok_wrong' } });
      expect([wrongToken.statusCode, wrongToken.json().error.code]).toEqual([401, 'ALERT_BAD_SIGNATURE']);
      expect(await stored()).toEqual(before);
      expect(await count('SELECT count(*) AS n FROM alert_replays')).toBe(0);
    });

    it('refuses the same signed request a second time (replay), keeping the first alert once', async () => {
      const body = genericAlert({ host: 'PC-099', rule: 'replay-test' });
      const ts = String(Math.floor(Date.now() / 1000));
      const signature = `v1=${sign(secretOf.get('demo-edr')!, ts, body)}`;
      const first = await post('demo-edr', body, { ts: Number(ts), signature });
      expect(first.statusCode).toBe(202);
      const before = await stored();
      const again = await post('demo-edr', body, { ts: Number(ts), signature });
      expect([again.statusCode, again.json().error.code]).toEqual([409, 'ALERT_REPLAYED']);
      expect(await stored()).toEqual(before);
    });
  });

  async function signed(source: string, body: string) {
    const ts = Math.floor(Date.now() / 1000);
    return { ts, signature: `v1=${sign(secretOf.get(source)!, String(ts), body)}` };
  }

  describe('when a signed alert names a machine the directory maps to a person', () => {
    it('opens an escalated case from the device and messages that person the first aid in their language', async () => {
      // Each test posts from a source of its own: alerts of one source within a minute are one burst (one case).
      await addSource('person-edr', 'generic');
      const body = genericAlert({ rule: 'ransom-behaviour', host: 'PC-023', title: 'Ransomware behaviour detected: files on this machine are being encrypted' });
      const res = await post('person-edr', body);
      expect(res.statusCode).toBe(202);
      const out = res.json() as { accepted: number; cases: { number: string; opened: boolean }[] };
      expect(out.accepted).toBe(1);
      expect(out.cases[0]!.opened).toBe(true);
      const c = await escalated(out.cases[0]!.number);
      expect(c.state).toBe('escalated');
      expect(c.askerUserId).toBe(LOCAL_DEMO.staff.id);
      // The vendor said high; the text (files being encrypted now: the taxonomy's first critical example) reads critical, and triage may raise.
      expect(c.severity).toBe('critical');
      const events = await t.app.services.cases.events(c.id);
      expect(events.find((e) => e.type === 'triaged')?.data).toMatchObject({ fromDevice: true, vendorSeverity: 'high', textSeverity: 'critical' });
      expect(events.find((e) => e.type === 'alert_received')?.data).toMatchObject({ via: 'device', source: 'person-edr', host: 'PC-023', person: { via: 'host' } });
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['opened', 'alert_received', 'triaged', 'escalated']));
      // In this order on the timeline: opened by the system, then what the device said, then the triage and the escalation (the job's).
      const order = ['opened', 'alert_received', 'triaged', 'escalated'].map((type) => events.findIndex((e) => e.type === type));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(events[0]).toMatchObject({ type: 'opened', actorKind: 'system' });
      expect(events.find((e) => e.type === 'escalated')?.data).toMatchObject({ reason: 'device_alert', severity: 'critical', source: 'person-edr' });
      const dm = await until(() => chat.posts.find((p) => p.to === LOCAL_DEMO.staff.identity && p.text.includes(c.number)));
      expect(dm.text).toContain('PC-023');
      expect(dm.text).toContain('LANケーブルを抜いてください');
      // The intake questions follow in the same conversation, which is now the case's thread.
      const thread = (await until(async () => {
        const now = await t.app.services.cases.get(c.id);
        return now.threadRef.startsWith('alert:') ? null : now;
      })).threadRef;
      expect(chat.postsTo(thread).length).toBeGreaterThan(0);
      // The incident report says it came from a device and who was told.
      const report = reportToMarkdown(await buildCaseReport(t.app.services, await t.app.services.cases.get(c.id)));
      expect(report).toContain('監視機器(person-edr)がアラートを送信');
      expect(report).toContain('監視機器のアラート');
      expect(report).toContain('さんに応急処置を連絡しました');
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(c.number)));
    });

    it('messages an English-speaking person in English, and the contact person when nobody is mapped', async () => {
      await t.app.services.directory.upsertUser({ id: 'tanaka', tenantId: LOCAL_DEMO.tenantId, displayName: 'Tanaka', roles: ['staff'], lang: 'en' }, ['local:tanaka']);
      await sources.mapSubject(LOCAL_DEMO.tenantId, 'user', 'tanaka@example.co.jp', 'tanaka');
      const res = await post('demo-fgt', fixture('fortigate').replace('"user": "sato"', '"user": "EXAMPLE\\\\tanaka"').replace('"srcname": "PC-023"', '"srcname": "PC-777"'));
      expect(res.statusCode).toBe(202);
      const number = res.json().cases[0].number as string;
      const dm = await until(() => chat.posts.find((p) => p.to === 'local:tanaka' && p.text.includes(number)));
      expect(dm.text).toContain('Unplug the network cable');
      expect(dm.text).toContain('FortiGate detected');

      await addSource('kiosk-edr', 'generic');
      const unmapped = await post('kiosk-edr', genericAlert({ rule: 'nobody', host: 'KIOSK-1', severity: 'medium', title: 'Unwanted software found' }));
      const n2 = unmapped.json().cases[0].number as string;
      const toContact = await until(() => chat.posts.find((p) => p.to === LOCAL_DEMO.admin.identity && p.text.includes(n2)));
      expect(toContact.text).toContain('ご担当者のあなたにお知らせしています');
    });
  });

  describe('triage of an alert', () => {
    it('never lowers the vendor severity when the words sound mild', async () => {
      await addSource('mild-edr', 'generic');
      const res = await post('mild-edr', genericAlert({ rule: 'mild', host: 'PC-400', title: 'Policy notice', severity: 'critical' }));
      const c = await escalated(res.json().cases[0].number);
      expect(c.severity).toBe('critical');
    });
  });

  describe('the vendor mappings', () => {
    it('reads the Defender alert_v2 fixture (bearer token) and the FortiGate webhook fixture', async () => {
      const res = await t.app.http.inject({
        method: 'POST',
        url: '/api/alerts/demo-defender',
        payload: fixture('defender'),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secretOf.get('demo-defender')}` },
      });
      expect(res.statusCode).toBe(202);
      const row = (await t.app.db.query<{ host: string; user_name: string; severity: string; rule: string }>("SELECT host, user_name, severity, rule FROM alerts WHERE source_id = 'demo-defender'")).rows[0]!;
      expect(row).toEqual({ host: 'pc-023.example.local', user_name: 'sato@example.co.jp', severity: 'high', rule: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756' });
      // The machine's short name is mapped to 佐藤: the case is hers.
      const c = (await t.app.services.cases.findByNumber(res.json().cases[0].number))!;
      expect(c.askerUserId).toBe(LOCAL_DEMO.staff.id);
      // A resend of the same alert is stored once.
      const again = await t.app.http.inject({
        method: 'POST',
        url: '/api/alerts/demo-defender',
        payload: fixture('defender'),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secretOf.get('demo-defender')}` },
      });
      expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await count("SELECT count(*) AS n FROM alerts WHERE source_id = 'demo-defender'")).toBe(1);
    });
  });

  describe('grouping', () => {
    it('joins an alert of the same source, rule and host to the open case, and opens another for another host', async () => {
      const intake = new AlertIntake(t.app.services, sources, { windowMs: 3_600_000, burstMs: 0 });
      const source = (await sources.active('demo-edr'))!;
      const one = (body: Record<string, unknown>) => intake.ingest(source, mapAlerts('generic', JSON.parse(genericAlert(body))), null);
      const a = await one({ rule: 'dedupe-rule', host: 'PC-501' });
      const b = await one({ rule: 'dedupe-rule', host: 'pc-501' });
      const c = await one({ rule: 'dedupe-rule', host: 'PC-502' });
      expect(a.cases[0]!.opened).toBe(true);
      expect(b.cases[0]).toEqual({ number: a.cases[0]!.number, opened: false });
      expect(c.cases[0]!.opened).toBe(true);
      expect(c.cases[0]!.number).not.toBe(a.cases[0]!.number);
    });

    it('turns a storm of 200 different alerts in a minute from one source into one case with a count of 200 and one card', async () => {
      await addSource('storm-fw', 'generic');
      const cardsBefore = chat.postsTo(LOCAL_DEMO.destination).length;
      const results: { statusCode: number; json: () => { cases: { number: string }[] } }[] = [];
      for (let batch = 0; batch < 10; batch++) {
        results.push(
          ...(await Promise.all(
            Array.from({ length: 20 }, (_, i) => post('storm-fw', genericAlert({ rule: `scan-${batch}-${i}`, host: `PC-${100 + i}`, severity: i === 7 ? 'critical' : 'medium' }))),
          )),
        );
      }
      expect(results.every((r) => r.statusCode === 202)).toBe(true);
      const numbers = new Set(results.map((r) => r.json().cases[0]!.number));
      expect(numbers.size).toBe(1);
      const c = await escalated([...numbers][0]!);
      expect(await count('SELECT count(*) AS n FROM alerts WHERE case_id = $1', [c.id])).toBe(200);
      // The critical one among them raised the case (never lowered by the medium ones after it).
      expect(c.severity).toBe('critical');
      const listed = (await sources.list({ tenantId: LOCAL_DEMO.tenantId })).find((s) => s.id === 'storm-fw')!;
      expect(listed.openCases).toEqual([{ number: c.number, alerts: 200, storm: true }]);
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(c.number)));
      await new Promise((r) => setTimeout(r, 500));
      const cards = chat.postsTo(LOCAL_DEMO.destination).slice(cardsBefore).filter((p) => p.text.includes(c.number));
      // One card, plus at most one fresh card for the raise to critical.
      expect(cards.length).toBeLessThanOrEqual(2);
    }, 60_000);
  });

  describe('when many alerts arrive at once, in two processes', () => {
    it('stores each alert once, refuses a replayed signature exactly once accepted, and keeps every group count equal to its alert rows', async () => {
      await addSource('race-fw', 'generic');
      const source = (await sources.active('race-fw'))!;
      // Two intakes on one database: each with its own batches, as two bot processes have.
      const intakes = [new AlertIntake(t.app.services, sources), new AlertIntake(t.app.services, sources)];
      const ingest = (n: number, body: string, replayKey: string | null): Promise<{ status: number; outcome?: IntakeOutcome; code?: string }> =>
        intakes[n % 2]!.ingest(source, mapAlerts('generic', JSON.parse(body)), replayKey).then(
          (outcome) => ({ status: 202, outcome }),
          (err: { code?: string }) => ({ status: 0, ...(err.code ? { code: err.code } : {}) }),
        );
      // A storm of 120 alerts over 6 machines, all at once, split between the two.
      const storm = await Promise.all(
        Array.from({ length: 120 }, (_, i) => ingest(i, genericAlert({ rule: `race-${i % 2}`, host: `PC-R${i % 6}` }), `sig-storm-${i}`)),
      );
      expect(storm.every((r) => r.status === 202 && r.outcome?.accepted === 1)).toBe(true);
      // The same signed request 20 times at once: one stored, 19 refused as replays.
      const body = genericAlert({ rule: 'race-0', host: 'PC-R1' });
      const replays = await Promise.all(Array.from({ length: 20 }, (_, i) => ingest(i, body, 'sig-replayed')));
      expect(replays.filter((r) => r.status === 202).map((r) => r.outcome)).toEqual([{ accepted: 1, duplicates: 0, cases: [expect.objectContaining({ opened: false })] }]);
      expect(replays.filter((r) => r.status === 0).map((r) => r.code)).toEqual(Array(19).fill('ALERT_REPLAYED'));
      // One alert resent 20 times at once, each signed anew: stored once, the others duplicates.
      const resent = genericAlert({ rule: 'race-1', host: 'PC-R2' });
      const resends = await Promise.all(Array.from({ length: 20 }, (_, i) => ingest(i, resent, `sig-resent-${i}`)));
      expect(resends.map((r) => r.status)).toEqual(Array(20).fill(202));
      expect(resends.reduce((n, r) => n + (r.outcome?.accepted ?? 0), 0)).toBe(1);
      expect(resends.reduce((n, r) => n + (r.outcome?.duplicates ?? 0), 0)).toBe(19);
      expect(await count("SELECT count(*) AS n FROM alerts WHERE source_id = 'race-fw'")).toBe(122);
      expect(await count("SELECT count(DISTINCT case_id) AS n FROM alerts WHERE source_id = 'race-fw'")).toBe(1);
      // Six fingerprints in the storm (the machine decides the rule), two more after it.
      expect(await count("SELECT count(*) AS n FROM alert_groups WHERE source_id = 'race-fw' AND open")).toBe(8);
      const mismatched = await t.app.db.query(
        `SELECT g.id FROM alert_groups g WHERE g.source_id = 'race-fw' AND g.count <> (SELECT count(*) FROM alerts a WHERE a.group_id = g.id)`,
      );
      expect(mismatched.rows).toEqual([]);
    }, 60_000);
  });

  describe('the alert.open job (the case committed first, triage and escalation after)', () => {
    /**
     * An intake in a process that stops right after each commit: its jobs are recorded with the
     * case (same transaction) but never handed to a queue, as when the process is killed between
     * the commit and the job.
     */
    function killedAfterCommit(): AlertIntake {
      const jobs = t.app.services.jobs;
      const recordOnly: JobScheduling = {
        record: (spec, tx) => jobs.record(spec, tx),
        recordAll: (specs, tx) => jobs.recordAll(specs, tx),
        dispatch: async () => undefined,
        schedule: (spec) => jobs.record(spec, t.app.db),
      };
      return new AlertIntake({ ...t.app.services, jobs: recordOnly }, sources);
    }

    async function openedButNotEscalated(sourceId: string, body: Record<string, unknown>) {
      await addSource(sourceId, 'generic');
      const source = (await sources.active(sourceId))!;
      const intake = killedAfterCommit();
      const ingest = (b: Record<string, unknown>) => intake.ingest(source, mapAlerts('generic', JSON.parse(genericAlert(b))), null);
      const out = await ingest(body);
      expect(out.cases[0]!.opened).toBe(true);
      const c = (await t.app.services.cases.findByNumber(out.cases[0]!.number))!;
      const job = (await t.app.db.query<{ status: string; payload: { caseId: number; alertId: number } }>("SELECT status, payload FROM jobs WHERE name = 'alert.open' AND (payload->>'caseId')::bigint = $1", [c.id])).rows;
      expect(job).toEqual([{ status: 'pending', payload: { caseId: c.id, alertId: expect.any(Number) } }]);
      return { c, alertId: job[0]!.payload.alertId, ingest };
    }

    const escalations = async (caseId: number) => (await t.app.services.cases.events(caseId)).filter((e) => e.type === 'escalated');

    it('commits the case with the vendor severity, its alert and alert_received, and nothing else, before the job runs', async () => {
      const { c } = await openedButNotEscalated('lazy-edr', { rule: 'lazy', host: 'PC-L1', severity: 'medium', title: 'Ransomware behaviour detected: files on this machine are being encrypted' });
      expect(c).toMatchObject({ state: 'new', severity: 'medium', channel: 'alert' });
      expect((await t.app.services.cases.events(c.id)).map((e) => e.type)).toEqual(['opened', 'alert_received']);
      expect(await count('SELECT count(*) AS n FROM alerts WHERE case_id = $1', [c.id])).toBe(1);
      expect(await count("SELECT count(*) AS n FROM jobs WHERE name <> 'alert.open' AND (payload->>'caseId')::bigint = $1", [c.id])).toBe(0);
    });

    it('escalates exactly once even when run twice (at once, and again after as a retry)', async () => {
      const { c, alertId } = await openedButNotEscalated('twice-edr', { rule: 'twice', host: 'PC-023', severity: 'high', title: 'Suspicious outbound connection' });
      const cardsBefore = chat.postsTo(LOCAL_DEMO.destination).length;
      const runs = await Promise.all([escalateOpenedAlertCase(t.app.services, c.id, alertId), escalateOpenedAlertCase(t.app.services, c.id, alertId)]);
      expect(runs.sort()).toEqual(['done', 'escalated']);
      expect(await escalateOpenedAlertCase(t.app.services, c.id, alertId)).toBe('done');
      const after = await t.app.services.cases.get(c.id);
      expect(after).toMatchObject({ state: 'escalated', escalationRound: 1 });
      expect(await escalations(c.id)).toHaveLength(1);
      expect((await t.app.services.cases.events(c.id)).filter((e) => e.type === 'triaged')).toHaveLength(1);
      expect(await count("SELECT count(*) AS n FROM jobs WHERE name = 'alert.notify' AND (payload->>'caseId')::bigint = $1", [c.id])).toBe(1);
      // One card to the responders, one message to the person.
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(c.number)));
      await until(() => chat.posts.some((p) => p.to === LOCAL_DEMO.staff.identity && p.text.includes(c.number)));
      await new Promise((r) => setTimeout(r, 500));
      expect(chat.postsTo(LOCAL_DEMO.destination).slice(cardsBefore).filter((p) => p.text.includes(c.number))).toHaveLength(1);
      expect(chat.posts.filter((p) => p.to === LOCAL_DEMO.staff.identity && p.text.includes(c.number) && p.text.includes('PC-023'))).toHaveLength(1);
    });

    it('keeps the higher severity of an alert that joined before the job ran, and of one joining while it runs', async () => {
      // The vendor said medium and the words are mild: the triage alone would leave it medium.
      const { c, alertId, ingest } = await openedButNotEscalated('raise-edr', { rule: 'raise', host: 'PC-X1', severity: 'medium', title: 'Policy notice' });
      const joined = await ingest({ rule: 'raise', host: 'PC-X1', severity: 'critical', title: 'Policy notice' });
      expect(joined.cases).toEqual([{ number: c.number, opened: false }]);
      expect((await t.app.services.cases.get(c.id)).severity).toBe('critical');
      await escalateOpenedAlertCase(t.app.services, c.id, alertId);
      const after = await t.app.services.cases.get(c.id);
      expect(after).toMatchObject({ state: 'escalated', severity: 'critical' });
      expect((await escalations(c.id))[0]?.data).toMatchObject({ reason: 'device_alert', severity: 'critical' });
      const triage = (await t.app.services.cases.events(c.id)).filter((e) => e.type === 'triaged').at(-1)!;
      expect(triage.data).toMatchObject({ severity: 'critical', vendorSeverity: 'medium', joinedSeverity: 'critical', fromDevice: true });
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(c.number)));

      // Another case: a high alert joins while the job runs; whichever commits first, the case ends high.
      const second = await openedButNotEscalated('race-raise-edr', { rule: 'race-raise', host: 'PC-X2', severity: 'low', title: 'Policy notice' });
      await Promise.all([
        escalateOpenedAlertCase(t.app.services, second.c.id, second.alertId),
        second.ingest({ rule: 'race-raise', host: 'PC-X2', severity: 'high', title: 'Policy notice' }),
      ]);
      expect(await t.app.services.cases.get(second.c.id)).toMatchObject({ state: 'escalated', severity: 'high' });
    });

    it('never lets a joining alert lower what the words raised the case to', async () => {
      const { c, alertId, ingest } = await openedButNotEscalated('words-edr', {
        rule: 'words',
        host: 'PC-W1',
        severity: 'low',
        title: 'Ransomware behaviour detected: files on this machine are being encrypted',
      });
      await Promise.all([escalateOpenedAlertCase(t.app.services, c.id, alertId), ingest({ rule: 'words', host: 'PC-W1', severity: 'high', title: 'Suspicious file' })]);
      expect(await t.app.services.cases.get(c.id)).toMatchObject({ state: 'escalated', severity: 'critical' });
      await ingest({ rule: 'words', host: 'PC-W1', severity: 'high', title: 'Suspicious file' });
      expect((await t.app.services.cases.get(c.id)).severity).toBe('critical');
    });

    it('escalates on the vendor severity when reading the alert text fails (a fault in triage never holds an alert back)', async () => {
      const { c, alertId } = await openedButNotEscalated('broken-triage-edr', { rule: 'broken', host: 'PC-B1', severity: 'high', title: 'Suspicious outbound connection' });
      // A triage that throws, as a bug in a rule would: the services the job is given, with that one part failing.
      const failing = { ...t.app.services, triager: { triage: () => { throw new Error('rule table corrupt'); } } };
      expect(await escalateOpenedAlertCase(failing, c.id, alertId)).toBe('escalated');
      expect(await t.app.services.cases.get(c.id)).toMatchObject({ state: 'escalated', severity: 'high' });
      expect((await escalations(c.id))[0]?.data).toMatchObject({ reason: 'device_alert', severity: 'high' });
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(c.number)));
    });

    it('escalates and notifies after a process killed between the commit and the job: the next one sweeps the job up', async () => {
      const { c } = await openedButNotEscalated('killed-edr', { rule: 'killed', host: 'PC-023', severity: 'high', title: 'Suspicious outbound connection' });
      // Nothing ran: no card, no message.
      await new Promise((r) => setTimeout(r, 300));
      expect((await t.app.services.cases.get(c.id)).state).toBe('new');
      expect(chat.posts.some((p) => p.text.includes(c.number))).toBe(false);
      // A process starting (or any process's periodic sweep) hands the pending job to its queue.
      await t.app.sweeper.sweep();
      const done = await escalated(c.number);
      expect(done).toMatchObject({ state: 'escalated', severity: 'high' });
      expect((await escalations(c.id))[0]?.data).toMatchObject({ reason: 'device_alert' });
      await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(c.number)));
      await until(() => chat.posts.find((p) => p.to === LOCAL_DEMO.staff.identity && p.text.includes(c.number)));
      await until(async () => (await t.app.db.query<{ status: string }>("SELECT status FROM jobs WHERE name = 'alert.open' AND (payload->>'caseId')::bigint = $1", [c.id])).rows[0]?.status === 'done');
    });
  });

  describe('data retention', () => {
    it('anonymises the machine and account an alert named, on the timeline and in the alert rows', async () => {
      await addSource('old-edr', 'generic');
      const res = await post('old-edr', genericAlert({ rule: 'old', host: 'PC-OLD-1', user: 'old.user@example.co.jp', title: 'Old alert' }));
      const c = await escalated(res.json().cases[0].number);
      // Claimed and resolved long ago (the responder's path), then retention runs.
      await t.app.services.cases.transition(c.id, 'claim', { actor: { kind: 'user', userId: LOCAL_DEMO.responder.id }, patch: { assigneeUserId: LOCAL_DEMO.responder.id } });
      await t.app.services.cases.transition(c.id, 'resolve', { actor: { kind: 'user', userId: LOCAL_DEMO.responder.id }, data: { summary: 'done' } });
      await t.app.db.query("UPDATE cases SET resolved_at = now() - interval '400 days' WHERE id = $1", [c.id]);
      await runRetention(t.app.db, { days: 365, mode: 'anonymise' });
      const rows = (await t.app.db.query<{ host: string | null; user_name: string | null; payload: unknown }>('SELECT host, user_name, payload FROM alerts WHERE case_id = $1', [c.id])).rows;
      expect(rows).toEqual([{ host: null, user_name: null, payload: {} }]);
      const received = (await t.app.services.cases.events(c.id)).find((e) => e.type === 'alert_received')!;
      expect(JSON.stringify(received.data)).not.toMatch(/PC-OLD-1|old\.user/);
      expect(received.data).toMatchObject({ via: 'device', source: 'old-edr' });
    });
  });

  describe('tenant isolation', () => {
    it("does not let one company's source secret open a case for another company", async () => {
      const before = await stored();
      const body = genericAlert({ rule: 'cross-tenant' });
      const res = await post('other-edr', body, { secret: secretOf.get('demo-edr')! });
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'ALERT_BAD_SIGNATURE']);
      expect(await stored()).toEqual(before);
      const own = await post('other-edr', genericAlert({ rule: 'own', tenant: LOCAL_DEMO.tenantId }));
      expect(own.statusCode).toBe(202);
      const c = (await t.app.services.cases.findByNumber(own.json().cases[0].number))!;
      expect(c.tenantId).toBe('other-co');
      expect(c.askerUserId).toBe('other-admin');
    });
  });
});
