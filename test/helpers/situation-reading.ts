import type { SituationReading } from '../../knowledge/triage/learned/situation-model.js';

/**
 * A made-up reading of the learned recognisers for tests of how readings are combined: a phishing
 * question, probably nothing happened, no impact flag, low severity; override what a test is about.
 */
export function situationReading(over: Partial<SituationReading> = {}): SituationReading {
  return {
    category: { best: 'phishing', p: { phishing: 0.9, malware: 0, ransomware: 0, unauthorized_access: 0, data_leak: 0, fraud: 0, web: 0, vulnerability: 0, general: 0.1 } },
    state: { best: 'none', p: { none: 0.6, prevention: 0.05, hypothetical: 0.05, past: 0.3, ongoing: 0 } },
    reporter: { best: 'self', p: { self: 1, colleague: 0, third_party: 0 } },
    severity: { best: 'low', p: { low: 0.7, medium: 0.3, high: 0, critical: 0 } },
    flags: { money_moved: 0, money_pending: 0, credentials_given: 0, code_run: 0, data_out: 0, attacker_control: 0, service_down: 0 },
    humanRequested: 0,
    offTopic: 0,
    topics: [{ id: 'phishing-identify', p: 0.8 }],
    ...over,
  };
}
