import type { LlmConsent } from './llm-consent.js';

/**
 * The provider a company's consent sends to, as an admin should read it: the host of
 * OPENAI_BASE_URL when one is set (an Azure or self-hosted endpoint), else "OpenAI"; null when no
 * OPENAI_API_KEY is configured (then nothing is sent whatever the consent says).
 */
export function llmProviderName(openai: { baseUrl?: string } | undefined): string | null {
  if (!openai) return null;
  if (!openai.baseUrl) return 'OpenAI';
  try {
    return new URL(openai.baseUrl).host;
  } catch {
    return openai.baseUrl;
  }
}

/** What the disclosure says, in one language: the state, the provider, what is sent and what never is. */
export interface LlmDisclosure {
  status: string;
  provider: string;
  /** Heading of `sent`: what goes to the provider while the consent is on. */
  sentTitle: string;
  sent: string[];
  neverTitle: string;
  never: string[];
}

/**
 * The statement shown where an admin switches the consent (operator CLI, playground admin), in
 * Japanese and English. It must stay true to knowledge/llm/llm-answer-planner.ts: what the
 * planner sends, and nothing else, is listed here.
 */
export function llmDisclosure(lang: 'ja' | 'en', provider: string | null, consent: Pick<LlmConsent, 'enabled' | 'embeddings' | 'changedBy' | 'changedAt'>): LlmDisclosure {
  const when = consent.changedAt ? consent.changedAt.toISOString() : '';
  if (lang === 'ja') {
    const by = consent.changedBy ? `(${consent.changedBy}${when ? `、${when}` : ''})` : '';
    return {
      status: consent.enabled
        ? `言語モデル: オン${by}、埋め込み: ${consent.embeddings ? 'オン' : 'オフ'}`
        : `言語モデル: オフ${by} — 質問は社外に送られず、オフラインで回答します`,
      provider: `送信先: ${provider ?? '(OPENAI_API_KEY 未設定のため、オンにしても何も送信されません)'}`,
      sentTitle: 'オンのとき送信するもの:',
      neverTitle: '送信しないもの:',
      sent: [
        '質問と同じ相談スレッドでの質問者自身の発言(個人情報をマスクしたもの): 判定と回答文の生成に使用',
        '回答の根拠として検索で選ばれたナレッジベース記事の該当箇所',
        consent.embeddings ? '質問文(マスク済み)の埋め込み(ハイブリッド検索用)' : '埋め込み: 送信しません(オフ)',
      ],
      never: ['会社(テナント)ID・会社名、ユーザーID、案件番号、チャンネルやスレッドのID、他の案件や他社の情報', 'セキュリティと無関係な発言、担当者対応中・解決済み案件への追記'],
    };
  }
  const by = consent.changedBy ? ` (${consent.changedBy}${when ? `, ${when}` : ''})` : '';
  return {
    status: consent.enabled
      ? `Language model: on${by}; embeddings: ${consent.embeddings ? 'on' : 'off'}`
      : `Language model: off${by}: questions stay on this machine and are answered offline`,
    provider: `Provider: ${provider ?? '(no OPENAI_API_KEY configured: nothing is sent even when on)'}`,
    sentTitle: 'Sent while on:',
    neverTitle: 'Never sent:',
    sent: [
      "The question and the asker's own earlier messages in the same case, personal data redacted: for triage and the generated answer",
      'The knowledge-base passages retrieval picked to ground the answer',
      consent.embeddings ? 'An embedding of the redacted question (hybrid search)' : 'Embeddings: nothing sent (off)',
    ],
    never: [
      "Company (tenant) id or name, user ids, case numbers, channel or thread ids, other cases or other companies' data",
      'Messages that are not about security, follow-ups on cases a responder holds or that are resolved',
    ],
  };
}

/** The disclosure as plain lines (the operator CLI prints both languages). */
export function disclosureLines(d: LlmDisclosure): string[] {
  return [d.status, d.provider, d.sentTitle, ...d.sent.map((s) => `  + ${s}`), d.neverTitle, ...d.never.map((s) => `  - ${s}`)];
}
