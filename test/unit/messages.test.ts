import { en } from '../../core/i18n/en.js';
import { ja } from '../../core/i18n/ja.js';
import { CATALOGUE, t, type MessageKey } from '../../core/i18n/t.js';

/** The one catalogue (core/i18n/ja.ts, en.ts): every namespace, both languages, the same placeholders. */
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const NAMESPACES = ['slack', 'teams', 'playground', 'home', 'legal', 'oncall', 'dispatch', 'alert', 'intake', 'triage', 'contact', 'llm'];

describe('the message catalogue', () => {
  it('has exactly the same keys in Japanese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it.each(Object.keys(ja))('has %s in Japanese and English with the same placeholders', (key) => {
    const k = key as MessageKey;
    expect(ja[k].trim()).not.toBe('');
    expect(en[k].trim()).not.toBe('');
    expect(placeholders(ja[k])).toEqual(placeholders(en[k]));
  });

  it('names every surface by its namespace', () => {
    for (const ns of NAMESPACES) expect([ns, Object.keys(ja).some((k) => k.startsWith(`${ns}.`))]).toEqual([ns, true]);
  });

  it('fills placeholders and falls back to the generic error for an unknown key', () => {
    expect(t('en', 'reply.escalated', { number: 'OT-000007' })).toContain('OT-000007');
    expect(t('ja', 'no.such.key' as MessageKey)).toBe(CATALOGUE.ja['error.generic']);
  });
});
