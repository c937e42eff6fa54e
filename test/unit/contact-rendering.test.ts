import { articlePage } from '../../bot/article-pages.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import { toBlockKit } from '../../bot/slack/block-kit-renderer.js';
import { toAdaptiveCard } from '../../bot/teams/adaptive-card-renderer.js';
import { articleCard } from '../../handlers/ask/open-article.js';
import { withContactDetails } from '../../handlers/ask/contact-details.js';
import { applyLinks, type Card } from '../../handlers/cards.js';
import type { Article } from '../../knowledge/kb/article-types.js';
import { parseArticle } from '../../knowledge/kb/article-parser.js';

const JA_STEPS: Card = {
  blocks: [{ kind: 'steps', title: '今すぐやること', items: ['会社として{{contact:ipa-company-desk}}に相談します。', '電話なら{{contact:police-9110}}です。'] }],
};
const EN_STEPS: Card = {
  blocks: [{ kind: 'steps', title: 'What to do now', items: ['Contact {{contact:ipa-company-desk}}.', 'By phone, use {{contact:police-9110}}.'] }],
};

/** Every text the Slack blocks carry. */
function slackText(card: Card): string {
  return JSON.stringify(toBlockKit(card).blocks);
}
function teamsText(card: Card): string {
  return JSON.stringify(toAdaptiveCard(card).body);
}

describe('a desk named in article text, as each platform shows it', () => {
  it('plain text (console, logs): name and details as words, no token left', () => {
    const ja = toPlainText(withContactDetails(JA_STEPS, 'ja'));
    expect(ja).toContain('1. 会社としてIPA 企業組織向けサイバーセキュリティ相談窓口(メール: cs-support@ipa.go.jp)に相談します。');
    expect(ja).toContain('2. 電話なら警察相談専用電話(電話: #9110、平日の業務時間内)です。');
    const en = toPlainText(withContactDetails(EN_STEPS, 'en'));
    expect(en).toContain("Contact IPA's cybersecurity consultation desk for companies and organisations (企業組織向けサイバーセキュリティ相談窓口) (e-mail: cs-support@ipa.go.jp).");
    expect(en).toContain('By phone, use the police consultation line (phone: #9110, weekdays, office hours).');
    expect(`${ja}${en}`).not.toContain('{{');
  });

  it('Slack mrkdwn: a mailto: and a tel: link, in Japanese and English', () => {
    for (const [card, lang] of [
      [JA_STEPS, 'ja'],
      [EN_STEPS, 'en'],
    ] as const) {
      const text = slackText(withContactDetails(card, lang));
      expect(text).toContain('<mailto:cs-support@ipa.go.jp|cs-support@ipa.go.jp>');
      expect(text).toContain('<tel:%239110|#9110>');
      expect(text).not.toContain('{{');
    }
  });

  it('Teams (Adaptive Card Markdown): a mailto: link; the phone stays text (Teams drops tel: hrefs)', () => {
    for (const [card, lang] of [
      [JA_STEPS, 'ja'],
      [EN_STEPS, 'en'],
    ] as const) {
      const text = teamsText(withContactDetails(card, lang));
      expect(text).toContain('[cs-support@ipa.go.jp](mailto:cs-support@ipa.go.jp)');
      expect(text).toContain('#9110');
      expect(text).not.toContain('tel:');
      expect(text).not.toContain('{{');
    }
  });

  it('links only what the card vouches for: a look-alike in user text is linked to the real desk, other schemes never', () => {
    const card: Card = { blocks: [{ kind: 'text', text: 'mail cs-support@ipa.go.jp.evil.test or cs-support@ipa.go.jp now; ref OT-0188' }], links: [{ text: 'cs-support@ipa.go.jp', href: 'mailto:cs-support@ipa.go.jp' }, { text: '188', href: 'tel:188' }] };
    const text = slackText(card);
    expect(text).toContain('cs-support@ipa.go.jp.evil.test or <mailto:cs-support@ipa.go.jp|cs-support@ipa.go.jp> now');
    expect(text).toContain('OT-0188');
    expect(text).not.toContain('<tel:188');
    expect(applyLinks('click here', [{ text: 'here', href: 'javascript:alert(1)' }], (l) => `<${l.href}>`)).toBe('click here');
  });

  it('the article opened in a modal or dialog (article.open) carries the details and the links', () => {
    const card = articleCard(article('ja', '1. 会社として{{contact:ipa-company-desk}}に相談します。'));
    expect(card.links).toEqual([{ text: 'cs-support@ipa.go.jp', href: 'mailto:cs-support@ipa.go.jp' }]);
    expect(slackText(card)).toContain('<mailto:cs-support@ipa.go.jp|cs-support@ipa.go.jp>');
  });

  describe('the article page (/kb/<slug>)', () => {
    const page = async (a: Article) => articlePage(a, null);

    it('links the e-mail and the phone as HTML, in Japanese and English, and lists the sources', async () => {
      const ja = await page(article('ja', '1. 会社として{{contact:ipa-company-desk}}に相談します。\n2. 電話なら{{contact:police-9110}}です。'));
      expect(ja).toContain('<a href="mailto:cs-support@ipa.go.jp" rel="noopener noreferrer">cs-support@ipa.go.jp</a>');
      expect(ja).toContain('<a href="tel:%239110" rel="noopener noreferrer">#9110</a>');
      expect(ja).toContain('<a href="https://www.ipa.go.jp/security/" rel="noopener noreferrer">https://www.ipa.go.jp/security/</a>');
      expect(ja).not.toContain('{{');
      const en = await page(article('en', '1. Contact {{contact:ipa-company-desk}}.'));
      expect(en).toContain('cybersecurity consultation desk for companies and organisations (企業組織向けサイバーセキュリティ相談窓口)');
      expect(en).toContain('<a href="mailto:cs-support@ipa.go.jp"');
    });
  });
});

function article(lang: 'ja' | 'en', steps: string): Article {
  const heading = lang === 'ja' ? '今すぐやること' : 'What to do now';
  const md = `---
slug: desk-test-${lang}
lang: ${lang}
title: Where to report
summary: Who to contact after an incident.
topics: [reporting-contacts]
category: general
severity_hint: medium
updated: 2026-12-06
reviewed: 2026-12-06
sources:
  - https://www.ipa.go.jp/security/
---

## ${heading}

${steps}
`;
  return { ...parseArticle('desk-test.md', md), id: 1, version: 1, author: 'test', changedAt: new Date() };
}
