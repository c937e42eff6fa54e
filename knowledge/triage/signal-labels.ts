import { both } from '../../core/i18n/t.js';
import type { TriageSignal } from './types.js';

/**
 * The facts that can drive a verdict and have responder-facing wording: each one's label is
 * `triage.signal.<id>` in the catalogue (core/i18n), a missing key being a compile error. Facts
 * missing here (pure context such as "sms") are not shown as signals.
 */
const LABELLED = [
  'files-encrypted', 'extension-changed', 'ransom-note', 'data-stolen', 'files-unopenable',
  'mass-scope', 'ransomware-infected', 'attachment-opened', 'macro-enabled', 'usb-inserted',
  'av-detected', 'av-not-removed', 'av-removed', 'infection-suspected', 'emotet', 'link-clicked',
  'credentials-entered', 'suspicious-message', 'domain-spoofed', 'login-unknown',
  'forwarding-rule', 'spam-from-us', 'account-hijacked', 'attacker-active', 'lost-device',
  'misdirected', 'personal-data', 'leak', 'share-exposed', 'ongoing-exfil', 'fake-warning',
  'called-number', 'remote-installed', 'remote-active', 'payment-made', 'payment-pending',
  'payment-planned', 'bank-change', 'exec-impersonation', 'gift-card', 'phone-pretext', 'defaced',
  'card-skim', 'site-down', 'vuln-notice', 'exposed-device',
] as const;
const IDS: ReadonlySet<string> = new Set(LABELLED);

export function signalFor(id: string): TriageSignal | null {
  return IDS.has(id) ? { id, ...both(`triage.signal.${id as (typeof LABELLED)[number]}`) } : null;
}
