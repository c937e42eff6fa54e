import { CATEGORIES } from '../../knowledge/taxonomy.js';
import { triageByRules } from '../../knowledge/triage/index.js';
import { categoryFeatures, escalationFeatures, offTopicFeatures } from '../../knowledge/triage/learned/decision-features.js';
import { DecisionModel } from '../../knowledge/triage/learned/decision-model.js';
import type { HeldOutReading } from '../../knowledge/triage/learned/held-out-readings.js';
import type { SituationReading } from '../../knowledge/triage/learned/situation-model.js';
import { combine, DEFAULT_THRESHOLDS } from '../../knowledge/triage/triager.js';
import { situationReading } from '../helpers/situation-reading.js';

/*
 * The decision layer weighs the recognisers' readings and the rules together. Its promises, each
 * shown with a layer whose answer is fixed (all weights zero, the bias says yes or no):
 * it may raise to high or veto a high, lets a critical that rests on one reading stand only when it
 * reads critical too, never lowers a critical row of the written policy,
 * never stands between a person and a human who was asked for, and names itself in the "why".
 */
const rules = { ...triageByRules({ text: 'テスト' }), securityRelevant: true };
// Something happened (past), a medium severity estimate, a clicked-link topic: the layer's usual input.
const reading = (over: Partial<SituationReading> = {}): SituationReading =>
  situationReading({
    state: { best: 'past', p: { none: 0.1, prevention: 0, hypothetical: 0, past: 0.9, ongoing: 0 } },
    severity: { best: 'medium', p: { low: 0.2, medium: 0.8, high: 0, critical: 0 } },
    topics: [{ id: 'phishing-clicked', p: 0.8 }],
    ...over,
  });
const input = { reading: reading(), rules, possible: false };

/** A layer that always answers `serious` and `critical` (P ≈ 1 or ≈ 0), always names `category`, and finds every message on topic (or none). */
function fixedLayer(serious: boolean, category: (typeof CATEGORIES)[number], offTopic = false, critical = false): DecisionModel {
  const escDims = escalationFeatures(input).length;
  const catDims = categoryFeatures(input).length;
  const offDims = offTopicFeatures(input).length;
  return DecisionModel.fromStored({
    format: 2,
    corpusDigest: 'test',
    examples: 0,
    escalation: { classes: ['no', 'yes'], bias: serious ? [0, 20] : [20, 0], weights: new Array(escDims * 2).fill(0) },
    critical: { classes: ['no', 'yes'], bias: critical ? [0, 20] : [20, 0], weights: new Array(escDims * 2).fill(0) },
    category: { classes: [...CATEGORIES], bias: CATEGORIES.map((c) => (c === category ? 20 : 0)), weights: new Array(catDims * CATEGORIES.length).fill(0) },
    offTopic: { classes: ['no', 'yes'], bias: offTopic ? [0, 20] : [20, 0], weights: new Array(offDims * 2).fill(0) },
  });
}

describe('the decision layer', () => {
  const never = fixedLayer(false, 'fraud');
  const always = fixedLayer(true, 'fraud');

  it('vetoes a high that one reading alone would have given, and the reply no longer escalates', () => {
    const maybeHigh = reading({ severity: { best: 'medium', p: { low: 0, medium: 0.7, high: 0.3, critical: 0 } } });
    expect(combine(rules, maybeHigh, DEFAULT_THRESHOLDS).severity).toBe('high');
    const r = combine(rules, maybeHigh, DEFAULT_THRESHOLDS, {}, never);
    expect(r.severity).toBe('medium');
    expect(r.escalate).toBe(false);
  });

  it('raises what it reads as serious to high, and says so in the why', () => {
    const r = combine(rules, reading(), DEFAULT_THRESHOLDS, {}, always);
    expect(combine(rules, reading(), DEFAULT_THRESHOLDS).escalate).toBe(false);
    expect(r.severity).toBe('high');
    expect(r.escalate).toBe(true);
    expect(r.signals.map((s) => s.id)).toContain('serious');
  });

  it('never lowers a critical row of the written policy: money gone stays critical', () => {
    const moneyGone = reading({ flags: { ...reading().flags, money_moved: 0.9 } });
    expect(combine(rules, moneyGone, DEFAULT_THRESHOLDS, {}, never)).toMatchObject({ severity: 'critical', escalate: true });
  });

  it('lets a critical that rests on one reading stand only when it reads critical too', () => {
    // A rule reading "ransomware" in a question about another company's incident in the news.
    const ransomRules = { ...rules, severity: 'critical' as const, category: 'ransomware' as const };
    const news = reading({ state: { best: 'none', p: { none: 1, prevention: 0, hypothetical: 0, past: 0, ongoing: 0 } } });
    const veto = { ...DEFAULT_THRESHOLDS, criticalVeto: 0.1 };
    expect(combine(ransomRules, news, veto)).toMatchObject({ severity: 'critical', escalate: true });
    expect(combine(ransomRules, news, veto, {}, never)).toMatchObject({ severity: 'medium', escalate: false });
    // Read as serious but not critical: high, still a responder's.
    expect(combine(ransomRules, news, veto, {}, always)).toMatchObject({ severity: 'high', escalate: true });
    const critical = fixedLayer(true, 'ransomware', false, true);
    expect(combine(ransomRules, news, veto, {}, critical)).toMatchObject({ severity: 'critical', escalate: true });
    // The same goes for the severity recogniser's own "maybe critical".
    const maybeCritical = reading({ severity: { best: 'medium', p: { low: 0, medium: 0.7, high: 0.1, critical: 0.2 } } });
    expect(combine(rules, maybeCritical, veto).severity).toBe('critical');
    expect(combine(rules, maybeCritical, veto, {}, never).severity).toBe('medium');
    // Off (0): every such critical stands.
    expect(combine(ransomRules, news, { ...veto, criticalVeto: 0 }, {}, never).severity).toBe('critical');
  });

  it('raises to critical what it reads as critical, when that is switched on', () => {
    const critical = fixedLayer(true, 'fraud', false, true);
    expect(combine(rules, reading(), { ...DEFAULT_THRESHOLDS, criticalDecision: 0.5 }, {}, critical).severity).toBe('critical');
    expect(combine(rules, reading(), { ...DEFAULT_THRESHOLDS, criticalDecision: 1.1 }, {}, critical).severity).toBe('high');
  });

  it('never stands between a person and the human they asked for, nor silences doubt', () => {
    expect(combine(rules, reading({ humanRequested: 0.9 }), DEFAULT_THRESHOLDS, {}, never).escalate).toBe(true);
    const unsure = reading({ state: { best: 'none', p: { none: 0.55, prevention: 0, hypothetical: 0, past: 0.45, ongoing: 0 } } });
    expect(combine(rules, unsure, DEFAULT_THRESHOLDS, {}, never)).toMatchObject({ escalate: true, severity: 'medium' });
  });

  it('sets aside what it reads as not a security question, unless a person plainly asked for a human or it is serious', () => {
    const chitChat = fixedLayer(false, 'general', true);
    expect(combine(rules, reading(), DEFAULT_THRESHOLDS, {}, chitChat)).toMatchObject({ securityRelevant: false, escalate: false });
    // The recogniser's "asks for a person" in chit-chat is a colleague asked ("can someone swap shifts?") …
    expect(combine(rules, reading({ humanRequested: 0.9 }), DEFAULT_THRESHOLDS, {}, chitChat).escalate).toBe(false);
    // … an explicit request the rules find reaches the desk.
    expect(combine({ ...rules, humanRequested: true }, reading(), DEFAULT_THRESHOLDS, {}, chitChat).escalate).toBe(true);
    const moneyGone = reading({ flags: { ...reading().flags, money_moved: 0.9 } });
    expect(combine(rules, moneyGone, DEFAULT_THRESHOLDS, {}, chitChat)).toMatchObject({ securityRelevant: true, severity: 'critical' });
  });

  it('does not set aside a real question that carries an injection: the rules judge it, with the injected sentences set aside', () => {
    const chitChat = fixedLayer(false, 'general', true);
    const injected = { ...rules, injectionSuspected: true, securityRelevant: true };
    expect(combine(injected, reading(), DEFAULT_THRESHOLDS, {}, chitChat).securityRelevant).toBe(true);
    // A bare attempt to instruct the bot, with no security question in it, is still not one.
    expect(combine({ ...injected, securityRelevant: false }, reading(), DEFAULT_THRESHOLDS, {}, chitChat).securityRelevant).toBe(false);
  });

  it('names the category', () => {
    expect(combine(rules, reading(), DEFAULT_THRESHOLDS, {}, never).category).toBe('fraud');
  });

  it('learns from held-out readings, deterministically, and ships what it measured (stored round trip)', () => {
    // Readings where "serious" follows the severity recogniser's high-or-worse: the layer must find that.
    const held: HeldOutReading[] = [];
    for (let i = 0; i < 200; i++) {
      const high = (i % 10) / 10;
      const serious = high >= 0.5;
      held.push({
        rules,
        possible: false,
        reading: reading({ severity: { best: serious ? 'high' : 'medium', p: { low: 0, medium: 1 - high, high, critical: 0 } } }),
        line: { id: `t-${i}`, writer: `w${i % 4}`, lang: 'ja', text: `t${i}`, category: serious ? 'unauthorized_access' : 'phishing', severity: serious ? 'high' : 'medium', escalate: serious, topics: [], state: 'past', reporter: 'self', money_moved: false, money_pending: false, credentials_given: false, code_run: false, data_out: false, attacker_control: false, service_down: false, human_requested: false },
      });
    }
    const a = DecisionModel.train(held);
    const b = DecisionModel.train(held);
    const likely = { ...input, reading: reading({ severity: { best: 'high', p: { low: 0, medium: 0.1, high: 0.9, critical: 0 } } }) };
    const unlikely = { ...input, reading: reading({ severity: { best: 'medium', p: { low: 0, medium: 0.9, high: 0.1, critical: 0 } } }) };
    expect(a.seriousP(likely)).toBeGreaterThan(0.7);
    expect(a.seriousP(unlikely)).toBeLessThan(0.3);
    expect(a.toStored('x', 200)).toEqual(b.toStored('x', 200));
    const reloaded = DecisionModel.fromStored(JSON.parse(JSON.stringify(a.toStored('x', 200))));
    expect(reloaded.seriousP(likely)).toBeCloseTo(a.seriousP(likely), 6);
  });

  it('refuses a stored layer of another format', () => {
    expect(() => DecisionModel.fromStored({ ...never.toStored('x', 0), format: 99 })).toThrow(/format/);
  });
});
