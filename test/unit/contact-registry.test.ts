import { bundledContacts, parseContactRegistry, type ContactRegistry } from '../../knowledge/contacts/contact-registry.js';
import { contactIds, renderContactTokens } from '../../knowledge/contacts/contact-text.js';
import { ContactRegistryInvalidError } from '../../knowledge/errors.js';

/** The ids other articles and engineers rely on (issue #15): never renamed. */
const REQUIRED_IDS = [
  'ipa-company-desk',
  'ipa-anshin',
  'police-online',
  'police-prefectural',
  'police-9110',
  'consumer-188',
  'ppc-report',
  'jpcert-report',
  'antiphishing',
  'dekyo-spam',
  'nomoreransom',
];

const entry = (over: Record<string, string> = {}) =>
  [
    `  - id: ${over.id ?? 'test-desk'}`,
    '    name: { ja: テスト窓口, en: the test desk }',
    '    for: { ja: テスト, en: testing }',
    ...(over.phone ? [`    phone: "${over.phone}"`] : []),
    ...(over.email ? [`    email: ${over.email}`] : []),
    `    web: ${over.web ?? 'https://desk.test/'}`,
    `    source: ${over.source ?? 'https://desk.test/about'}`,
    `    checked: ${over.checked ?? '2026-12-06'}`,
  ].join('\n');
const registry = (...entries: string[]) => parseContactRegistry('contacts.yaml', `contacts:\n${entries.join('\n')}\n`);
const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContactRegistryInvalidError) return err.problems;
    throw err;
  }
  return [];
};

describe('the contacts registry (knowledge/contacts.yaml)', () => {
  it('loads and validates the bundled file, with every desk the articles may name', () => {
    const contacts = bundledContacts();
    for (const id of REQUIRED_IDS) expect(contacts.has(id)).toBe(true);
    for (const c of contacts.all()) {
      expect(c.name.ja && c.name.en && c.for.ja && c.for.en).toBeTruthy();
      expect(c.source).toMatch(/^https:\/\//);
      expect(c.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.phone ?? c.email ?? c.web).toBeTruthy();
    }
  });

  it('carries the details the review gave: the company desk by e-mail since 2025-04-01, #9110 on weekdays, 188, the anti-phishing address', () => {
    const c = bundledContacts();
    expect(c.get('ipa-company-desk')).toMatchObject({ email: 'cs-support@ipa.go.jp', since: '2025-04-01' });
    expect(c.get('police-online')).toMatchObject({ since: '2024-03-29' });
    expect(c.get('police-9110')).toMatchObject({ phone: '#9110', hours: { ja: '平日の業務時間内', en: 'weekdays, office hours' } });
    expect(c.get('consumer-188')?.phone).toBe('188');
    expect(c.get('antiphishing')?.email).toBe('info@antiphishing.jp');
  });

  it('rejects an entry without a source, with a phone that is not a number, with an http page, or an id used twice, naming each', () => {
    expect(problems(() => registry(entry().replace(/ {4}source: .*\n/, '')))).toEqual([expect.stringMatching(/^contacts\[0\] \(test-desk\)\.source: /)]);
    expect(problems(() => registry(entry({ phone: 'call 0120 now' })))[0]).toMatch(/phone: must be a number as dialled/);
    expect(problems(() => registry(entry({ web: 'http://desk.test/' })))[0]).toMatch(/web: must be an https:\/\/ address/);
    expect(problems(() => registry(entry(), entry()))).toEqual(['test-desk: id is used twice']);
    expect(problems(() => parseContactRegistry('contacts.yaml', 'contacts: [ {'))[0]).toMatch(/not valid YAML/);
  });

  it('accepts a well-formed entry, reading an unquoted YAML date as YYYY-MM-DD', () => {
    const r = registry(entry({ phone: '03-1234-5678', email: 'desk@desk.test' }));
    expect(r.get('test-desk')).toMatchObject({ phone: '03-1234-5678', email: 'desk@desk.test', checked: '2026-12-06' });
  });
});

describe('{{contact:<id>}} in article text', () => {
  let contacts: ContactRegistry;
  beforeAll(() => {
    contacts = bundledContacts();
  });

  it('lists the ids a text names', () => {
    expect(contactIds('A {{contact:police-9110}} B {{ contact:ppc-report }} {{contact:police-9110}}')).toEqual(['police-9110', 'ppc-report', 'police-9110']);
  });

  it('becomes the name and the e-mail in Japanese, with a mailto link beside it', () => {
    const r = renderContactTokens('会社として{{contact:ipa-company-desk}}に相談できます。', 'ja', contacts);
    expect(r.text).toBe('会社としてIPA 企業組織向けサイバーセキュリティ相談窓口(メール: cs-support@ipa.go.jp)に相談できます。');
    expect(r.links).toEqual([{ text: 'cs-support@ipa.go.jp', href: 'mailto:cs-support@ipa.go.jp' }]);
    expect(r.unknown).toEqual([]);
  });

  it('becomes the name, number and hours in English, with a tel: link whose # is percent-encoded', () => {
    const r = renderContactTokens('By phone, use {{contact:police-9110}}.', 'en', contacts);
    expect(r.text).toBe('By phone, use the police consultation line (phone: #9110, weekdays, office hours).');
    expect(r.links).toEqual([{ text: '#9110', href: 'tel:%239110' }]);
  });

  it('gives a desk reached by its page the page, and writes Markdown links when asked', () => {
    const md = renderContactTokens('{{contact:police-online}}', 'ja', contacts, 'markdown').text;
    expect(md).toBe('警察庁「サイバー事案に関する相談窓口」(Web: [https://www.npa.go.jp/bureau/cyber/](https://www.npa.go.jp/bureau/cyber/))');
    expect(renderContactTokens('{{contact:consumer-188}}', 'en', contacts, 'markdown').text).toBe('the consumer hotline (phone: [188](tel:188))');
  });

  it('is only the name for the search index', () => {
    expect(renderContactTokens('{{contact:antiphishing}}へ', 'ja', contacts, 'name').text).toBe('フィッシング対策協議会へ');
  });

  it('never shows an unknown id raw: a neutral word, and the id reported', () => {
    const ja = renderContactTokens('{{contact:no-such-desk}}に連絡', 'ja', contacts);
    expect(ja.text).toBe('担当の相談窓口に連絡');
    expect(ja.unknown).toEqual(['no-such-desk']);
    expect(renderContactTokens('call {{contact:no-such-desk}}', 'en', contacts).text).toBe('call the relevant desk');
  });
});
