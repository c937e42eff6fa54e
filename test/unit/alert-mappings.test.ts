import fs from 'node:fs';
import path from 'node:path';
import { AlertRejectedError } from '../../handlers/alerts/alert-errors.js';
import { alertFingerprint } from '../../handlers/alerts/alert-intake.js';
import { mapAlerts } from '../../handlers/alerts/alert-mappings.js';

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/fixtures/alerts', `${name}.json`), 'utf8'));

describe('alert mappings', () => {
  it('reads the generic shape, one alert or a batch', () => {
    const [a] = mapAlerts('generic', fixture('generic'));
    expect(a).toMatchObject({ externalId: 'edr-20261206-0001', rule: 'suspicious-outbound-c2', severity: 'high', category: 'malware', host: 'PC-023', user: 'sato@example.co.jp' });
    expect(a!.occurredAt?.toISOString()).toBe('2026-12-06T02:58:11.000Z');
    const batch = mapAlerts('generic', { alerts: [fixture('generic'), { ...(fixture('generic') as object), id: 'b', severity: 'info' }] });
    expect(batch.map((x) => x.severity)).toEqual(['high', 'low']);
  });

  it('reads a Microsoft Graph alert_v2 (Defender XDR): device, user, detector, severity and tactic', () => {
    const [a] = mapAlerts('defender', fixture('defender'));
    expect(a).toMatchObject({
      externalId: 'da637578995287051192_756343937',
      rule: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756',
      title: 'Suspicious execution of hidden file',
      vendorSeverity: 'high',
      severity: 'high',
      category: 'malware',
      host: 'pc-023.example.local',
      user: 'sato@example.co.jp',
    });
    // A Graph list page ({ value: [...] }) is a batch; informational maps to low.
    const list = mapAlerts('defender', { value: [{ ...(fixture('defender') as object), id: 'x2', severity: 'informational', evidence: [] }] });
    expect(list[0]).toMatchObject({ externalId: 'x2', severity: 'low', host: null, user: null });
  });

  it('reads a FortiGate automation webhook body (%%log%%, bare or wrapped): IPS severity, attack, source machine', () => {
    const [a] = mapAlerts('fortigate', fixture('fortigate'));
    expect(a).toMatchObject({ rule: '0419016384:46921', title: 'Emotet.Botnet', severity: 'critical', category: 'unauthorized_access', host: 'PC-023', user: 'sato' });
    expect(a!.occurredAt?.getUTCFullYear()).toBe(2026);
    const [wrapped] = mapAlerts('fortigate', { log: fixture('fortigate') });
    expect(wrapped!.externalId).toBe(a!.externalId);
    const [virus] = mapAlerts('fortigate', { logid: '0211008192', type: 'utm', subtype: 'virus', level: 'warning', virus: 'EICAR_TEST_FILE', action: 'passthrough', srcip: '192.168.1.40' });
    expect(virus).toMatchObject({ severity: 'high', category: 'malware', title: 'EICAR_TEST_FILE', host: '192.168.1.40' });
  });

  it('refuses a body that is not the vendor shape with the fields named', () => {
    const refuse = (kind: 'generic' | 'defender' | 'fortigate', body: unknown) => {
      try {
        mapAlerts(kind, body);
      } catch (err) {
        return err as AlertRejectedError;
      }
      throw new Error('accepted');
    };
    const e = refuse('generic', { id: 'x', title: 't', severity: 'urgent' });
    expect([e.code, e.status]).toEqual(['ALERT_SCHEMA', 422]);
    expect((e.details as { path: string }[]).map((d) => d.path)).toEqual(expect.arrayContaining(['rule', 'severity']));
    expect(refuse('defender', { id: 'x', severity: 'critical' }).code).toBe('ALERT_SCHEMA');
    expect(refuse('fortigate', [1, 2]).code).toBe('ALERT_SCHEMA');
  });

  it('fingerprints by source, rule and host/user, ignoring case', () => {
    const f = (rule: string, host: string | null, user: string | null = null) => alertFingerprint('fw', { rule, host, user });
    expect(f('r1', 'PC-023')).toBe(f('R1', 'pc-023'));
    expect(f('r1', 'PC-023')).not.toBe(f('r1', 'PC-024'));
    expect(alertFingerprint('fw', { rule: 'r1', host: 'PC-023', user: null })).not.toBe(alertFingerprint('fw2', { rule: 'r1', host: 'PC-023', user: null }));
  });
});
