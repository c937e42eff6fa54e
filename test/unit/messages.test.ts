import { MESSAGES, t } from '../../handlers/messages.js';

describe('the message catalogue', () => {
  it.each(Object.keys(MESSAGES))('has %s in Japanese and English with the same placeholders', (key) => {
    const entry = MESSAGES[key as keyof typeof MESSAGES];
    expect(entry.ja.trim()).not.toBe('');
    expect(entry.en.trim()).not.toBe('');
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(placeholders(entry.ja)).toEqual(placeholders(entry.en));
  });

  it('fills placeholders and falls back to the generic error for an unknown key', () => {
    expect(t('en', 'reply.escalated', { number: 'OT-000007' })).toContain('OT-000007');
    expect(t('ja', 'no.such.key')).toBe(MESSAGES['error.generic'].ja);
  });
});
