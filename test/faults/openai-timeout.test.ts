import { answerCounts, responderCards, sendQuestions, type SentQuestion } from '../helpers/fault-load.js';
import { OpenAIStandIn } from '../helpers/openai-stand-in.js';
import { consentToModel, tenantOfTeam } from '../helpers/llm-consent.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { CUSTOMER, VENDOR } from '../helpers/slack-payloads.js';

/*
 * The language model is configured (OpenAI wire format, a local stand-in,
 * the real openai/LangChain clients) and stops answering while signed
 * questions keep arriving: every chat and embeddings request hangs past the
 * bot's deadline. Each question must still be answered once, from the
 * offline planner, and each urgent one escalated once; the fallbacks are counted.
 */
const CHANNEL = 'C0FAULTAI';
const COUNT = 24;
const URGENT_EVERY = 3;
const TIMEOUT_MS = 800;

describe('OpenAI stand-in timing out under load', () => {
  let s: SlackTestApp;
  let ai: OpenAIStandIn;
  let sent: SentQuestion[];

  beforeAll(async () => {
    ai = await OpenAIStandIn.start();
    s = await startSlackApp({
      env: {
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: ai.baseUrl,
        OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
        RATE_LIMIT_USER_PER_MIN: '0',
        RATE_LIMIT_TENANT_PER_MIN: '0',
      },
    });
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    // The customer company has consented to the model (off until an admin turns it on).
    await consentToModel(s.app.services.db, await tenantOfTeam(s.app.services.db, CUSTOMER.teamId));
    // From here on the model hangs: far past the deadline, on every kind of request.
    ai.onChat = () => ({ content: 'too late', delayMs: TIMEOUT_MS * 10 });
    ai.onEmbeddings = (inputs) => ({ vectors: inputs.map(() => []), delayMs: TIMEOUT_MS * 10 });
    ai.requests.length = 0;
    sent = await sendQuestions({ sender: s.sender, team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, count: COUNT, urgentEvery: URGENT_EVERY, intervalMs: 30 });
    const urgent = sent.filter((q) => q.urgent).length;
    await until(() => answerCounts(s.standIn, CHANNEL, sent).exact === COUNT && responderCards(s.standIn, RESPONDERS_CHANNEL).size >= urgent, 90_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1000));
  }, 180_000);

  afterAll(async () => {
    await s?.stop();
    await ai?.close();
  });

  it('asked the model, which did not answer in time', () => {
    expect(ai.chatRequests().length).toBeGreaterThanOrEqual(COUNT);
  });

  it('answered every question exactly once from the offline planner', () => {
    const counts = answerCounts(s.standIn, CHANNEL, sent);
    expect(counts.lost).toEqual([]);
    expect(counts.duplicated).toEqual([]);
    expect(counts.exact).toBe(COUNT);
    expect(counts.apologies).toBe(0);
  });

  it('escalated every urgent question exactly once', () => {
    const urgent = sent.filter((q) => q.urgent).length;
    const cards = responderCards(s.standIn, RESPONDERS_CHANNEL);
    expect(cards.size).toBe(urgent);
    expect([...cards.values()].filter((n) => n !== 1)).toEqual([]);
  });

  it('counted a fallback for every question and no model answer', async () => {
    const text = await s.app.metrics.registry.metrics();
    const fallback = Number(/otasuke_llm_calls_total\{outcome="fallback"\} (\d+)/.exec(text)?.[1] ?? 0);
    const used = Number(/otasuke_llm_calls_total\{outcome="used"\} (\d+)/.exec(text)?.[1] ?? 0);
    expect(fallback).toBe(COUNT);
    expect(used).toBe(0);
  });
});
