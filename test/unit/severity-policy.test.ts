import { applyPolicy, SEVERITY_POLICY } from '../../knowledge/triage/severity-policy.js';
import type { ImpactFlag } from '../../knowledge/triage/corpus-schema.js';
import type { Category } from '../../knowledge/taxonomy.js';

const sev = (state: Parameters<typeof applyPolicy>[0]['state'], flags: ImpactFlag[] = [], category: Category = 'general') =>
  applyPolicy({ state, category, flags: new Set(flags) }).severity;

describe('the written severity policy', () => {
  it('makes money already sent to a possible fraudster critical, over or not', () => {
    expect(sev('past', ['money_moved'], 'fraud')).toBe('critical');
    expect(sev('ongoing', ['money_moved'], 'fraud')).toBe('critical');
  });

  it('makes a payment about to go out critical', () => {
    expect(sev('ongoing', ['money_pending'], 'fraud')).toBe('critical');
  });

  it('makes an attacker in control critical while it lasts and high once it is over', () => {
    expect(sev('ongoing', ['attacker_control'], 'unauthorized_access')).toBe('critical');
    expect(sev('past', ['attacker_control'], 'unauthorized_access')).toBe('high');
  });

  it('makes ransomware that has hit anything critical', () => {
    expect(sev('past', ['service_down'], 'ransomware')).toBe('critical');
  });

  it('makes likely compromise high: credentials given, code run, data out, a system down', () => {
    for (const flag of ['credentials_given', 'code_run', 'data_out', 'service_down'] as const) expect(sev('past', [flag], 'phishing')).toBe('high');
  });

  it('makes something that happened without signs of harm medium', () => {
    expect(sev('past', [], 'phishing')).toBe('medium');
  });

  it('keeps prevention, what-if and general questions low whatever flags were read', () => {
    for (const state of ['none', 'prevention', 'hypothetical'] as const) expect(sev(state, ['money_moved', 'attacker_control'], 'ransomware')).toBe('low');
  });

  it('has unique row ids and Japanese and English wording on every row', () => {
    expect(new Set(SEVERITY_POLICY.map((r) => r.id)).size).toBe(SEVERITY_POLICY.length);
    for (const row of SEVERITY_POLICY) {
      expect(row.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(row.en).toMatch(/^[a-z]/);
    }
  });
});
