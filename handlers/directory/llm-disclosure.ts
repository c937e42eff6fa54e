import { t, type Lang } from '../../core/i18n/t.js';
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
 * Japanese and English (the catalogue's llm.disclosure.*). It must stay true to knowledge/llm/llm-answer-planner.ts: what the
 * planner sends, and nothing else, is listed here.
 */
export function llmDisclosure(lang: Lang, provider: string | null, consent: Pick<LlmConsent, 'enabled' | 'embeddings' | 'changedBy' | 'changedAt'>): LlmDisclosure {
  const when = consent.changedAt ? consent.changedAt.toISOString() : '';
  const by = consent.changedBy ? (when ? t(lang, 'llm.disclosure.changedByAt', { who: consent.changedBy, when }) : t(lang, 'llm.disclosure.changedBy', { who: consent.changedBy })) : '';
  return {
    status: consent.enabled
      ? t(lang, 'llm.disclosure.on', { by, embeddings: t(lang, consent.embeddings ? 'llm.disclosure.embeddingsOn' : 'llm.disclosure.embeddingsOff') })
      : t(lang, 'llm.disclosure.off', { by }),
    provider: t(lang, 'llm.disclosure.provider', { provider: provider ?? t(lang, 'llm.disclosure.noProvider') }),
    sentTitle: t(lang, 'llm.disclosure.sentTitle'),
    neverTitle: t(lang, 'llm.disclosure.neverTitle'),
    sent: [
      t(lang, 'llm.disclosure.sent.question'),
      t(lang, 'llm.disclosure.sent.passages'),
      t(lang, consent.embeddings ? 'llm.disclosure.sent.embedding' : 'llm.disclosure.sent.noEmbedding'),
    ],
    never: [t(lang, 'llm.disclosure.never.ids'), t(lang, 'llm.disclosure.never.offTopic')],
  };
}

/** The disclosure as plain lines (the operator CLI prints both languages). */
export function disclosureLines(d: LlmDisclosure): string[] {
  return [d.status, d.provider, d.sentTitle, ...d.sent.map((s) => `  + ${s}`), d.neverTitle, ...d.never.map((s) => `  - ${s}`)];
}
