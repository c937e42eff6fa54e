import type { Category, Severity } from '../taxonomy.js';
import type { FactView } from './detect-facts.js';

/**
 * One reading of the situation: what kind of trouble, how urgent, which topics, and the
 * facts that support it. Several can apply; the most severe wins (weight breaks ties).
 */
export interface Candidate {
  category: Category;
  severity: Severity;
  topics: string[];
  facts: string[];
  weight: number;
}

type Rule = (f: FactView) => Candidate | null;

function cand(category: Category, severity: Severity, topics: string[], facts: string[], weight = 5): Candidate {
  return { category, severity, topics, facts, weight };
}

const anyOn = (f: FactView, ...ids: string[]): boolean => ids.some((id) => f.on(id));
const anyMentioned = (f: FactView, ...ids: string[]): boolean => ids.some((id) => f.mentioned(id));
const onFacts = (f: FactView, ...ids: string[]): string[] => ids.filter((id) => f.on(id));

const RF = ['ransomware-first-response'];

const ransomware: Rule = (f) => {
  const strong = onFacts(f, 'files-encrypted', 'extension-changed', 'ransom-note', 'ransomware-infected');
  // A ransom demand that also claims stolen data is double extortion even without encryption.
  if (strong.length > 0) {
    const extra = onFacts(f, 'files-unopenable', 'mass-scope', 'data-stolen');
    return cand('ransomware', 'critical', RF, [...strong, ...extra], 10 + strong.length);
  }
  if (f.on('files-unopenable') && f.mentioned('mass-scope')) {
    const sev: Severity = f.mentioned('ransomware-word') ? 'critical' : 'high';
    return cand('ransomware', sev, RF, ['files-unopenable', 'mass-scope'], 6);
  }
  return null;
};

const malware: Rule = (f) => {
  const fakeScreen = f.on('fake-warning') && !f.mentioned('av-product');
  const attachmentCtx = anyMentioned(f, 'attachment-context', 'suspicious-message', 'official-sender', 'emotet');
  if (f.on('usb-inserted') && f.mentioned('usb-unknown')) return cand('malware', 'high', ['usb-media'], ['usb-inserted'], 8);
  if (f.on('macro-enabled') || (f.on('attachment-opened') && attachmentCtx && f.polarity('macro-enabled') !== 'negated')) {
    return cand('malware', 'high', ['malicious-attachment'], onFacts(f, 'attachment-opened', 'macro-enabled'), 8);
  }
  // Opened but macros refused: the document could not run its payload, so suspicious, not compromised.
  if (f.on('attachment-opened') && f.polarity('macro-enabled') === 'negated') {
    return cand('malware', 'medium', ['malicious-attachment'], ['attachment-opened'], 6);
  }
  if (f.on('emotet')) return cand('malware', 'high', ['malicious-attachment', 'antivirus-alert'], ['emotet'], 7);
  if (f.on('av-detected') && !fakeScreen) {
    if (f.on('av-not-removed')) return cand('malware', 'high', ['antivirus-alert'], ['av-detected', 'av-not-removed'], 7);
    return cand('malware', 'medium', ['antivirus-alert'], onFacts(f, 'av-detected', 'av-removed'), 6);
  }
  if (f.on('infection-suspected') && !f.mentioned('fake-warning')) {
    return cand('malware', 'medium', ['antivirus-alert'], ['infection-suspected'], 4);
  }
  return null;
};

const phishing: Rule = (f) => {
  const sms = f.mentioned('sms');
  const messageCtx = anyMentioned(f, 'suspicious-message', 'sms', 'official-sender');
  // "How do I spot phishing?" names a message but describes none: that is a low how-to.
  const received = f.mentioned('message-received') || f.mentioned('link-clicked') || f.mentioned('attachment-opened');
  if (f.on('credentials-entered')) {
    return cand('phishing', 'high', sms ? ['phishing-clicked', 'smishing'] : ['phishing-clicked'], ['credentials-entered'], 7);
  }
  if (f.on('link-clicked') && (messageCtx || anyMentioned(f, 'attachment-context', 'message-mention'))) {
    return cand('phishing', 'high', sms ? ['smishing', 'phishing-clicked'] : ['phishing-clicked'], ['link-clicked'], 6);
  }
  if (f.on('domain-spoofed')) return cand('phishing', 'medium', ['email-spoofing-domain'], ['domain-spoofed'], 6);
  const declined = f.polarity('link-clicked') === 'negated' || (f.mentioned('attachment-context') && f.polarity('attachment-opened') === 'negated');
  const linkSent = f.mentioned('link-mention') && f.mentioned('message-mention');
  if (received && (messageCtx || declined || linkSent)) {
    const targeted = f.mentioned('official-sender') && f.mentioned('attachment-context');
    const topics = sms ? ['smishing', 'phishing-identify'] : targeted ? ['targeted-attack-email', 'phishing-identify'] : ['phishing-identify'];
    const suspicious = messageCtx ? ['suspicious-message'] : [];
    // Asked only about a message with no action taken: that is the medium case of the taxonomy.
    return cand('phishing', 'medium', topics, suspicious, 3);
  }
  return null;
};

const unauthorizedAccess: Rule = (f) => {
  const sns = f.mentioned('sns');
  const scam = anyMentioned(f, 'fake-warning', 'called-number', 'phone-pretext', 'support-brand');
  if (f.on('spam-from-us')) return cand('unauthorized_access', 'critical', sns ? ['sns-hijack', 'account-compromise'] : ['account-compromise'], ['spam-from-us'], 8);
  if (f.on('attacker-active') && !scam) {
    return cand('unauthorized_access', 'critical', ['account-compromise', 'vpn-remote-access'], ['attacker-active'], 8);
  }
  if (f.on('account-hijacked')) return cand('unauthorized_access', 'high', sns ? ['sns-hijack', 'account-compromise'] : ['account-compromise'], ['account-hijacked'], 7);
  if (f.on('forwarding-rule')) return cand('unauthorized_access', 'high', ['account-compromise', 'suspicious-login'], onFacts(f, 'forwarding-rule', 'login-unknown'), 7);
  if (f.on('login-unknown') && !f.laterThan('login-self', 'login-unknown')) {
    return cand('unauthorized_access', 'high', ['suspicious-login', 'account-compromise'], ['login-unknown'], 6);
  }
  return null;
};

const dataLeak: Rule = (f) => {
  const personal = f.mentioned('personal-data') && !f.mentioned('no-personal-data');
  if (f.on('ongoing-exfil')) return cand('data_leak', 'critical', ['personal-data-breach'], ['ongoing-exfil'], 8);
  if (f.on('lost-device')) {
    return cand('data_leak', 'high', personal ? ['lost-device', 'personal-data-breach'] : ['lost-device'], onFacts(f, 'lost-device', 'personal-data'), 7);
  }
  if (f.on('share-exposed')) return cand('data_leak', 'high', ['cloud-share-exposure', 'personal-data-breach'], ['share-exposed'], 7);
  if (f.on('misdirected')) {
    if (personal) return cand('data_leak', 'high', ['misdirected-email', 'personal-data-breach'], ['misdirected', 'personal-data'], 7);
    return cand('data_leak', 'medium', ['misdirected-email'], ['misdirected'], 6);
  }
  if (f.on('leak') || (f.on('data-stolen') && !f.on('ransom-note'))) {
    return cand('data_leak', 'high', ['personal-data-breach'], onFacts(f, 'leak', 'data-stolen'), 5);
  }
  return null;
};

const fraud: Rule = (f) => {
  const paid = f.polarity('payment') === 'affirmed';
  const aboutToPay = f.polarity('payment') === 'planned' || f.on('payment-scheduled');
  const payFacts = paid ? ['payment-made'] : aboutToPay ? ['payment-planned'] : [];
  const remote = f.on('remote-installed') || f.on('remote-active');
  if (f.on('fake-warning') || (remote && anyMentioned(f, 'called-number', 'phone-pretext', 'support-brand'))) {
    const connected = f.on('remote-active') && !f.laterThan('remote-ended', 'remote-active');
    const acted = onFacts(f, 'called-number', 'remote-installed', 'credentials-entered');
    const base = ['fake-warning', ...acted];
    if (connected) return cand('fraud', 'critical', ['tech-support-scam'], [...base, 'remote-active'], 9);
    if (paid) return cand('fraud', 'critical', ['tech-support-scam'], [...base, 'payment-made'], 9);
    if (acted.length > 0) return cand('fraud', 'high', ['tech-support-scam'], base, 7);
    return cand('fraud', 'medium', ['tech-support-scam'], ['fake-warning'], 5);
  }
  const bec = anyOn(f, 'bank-change', 'exec-impersonation');
  if (bec || (f.mentioned('gift-card') && anyMentioned(f, 'suspicious-message', 'exec-impersonation'))) {
    const facts = [...onFacts(f, 'bank-change', 'exec-impersonation'), ...(f.mentioned('gift-card') ? ['gift-card'] : [])];
    if (paid || aboutToPay) return cand('fraud', 'critical', ['bec'], [...facts, ...payFacts], 9);
    if (f.on('exec-impersonation') || f.mentioned('gift-card')) return cand('fraud', 'high', ['bec'], facts, 7);
    return cand('fraud', 'medium', ['bec'], facts, 6);
  }
  if (f.on('phone-pretext')) return cand('fraud', 'medium', ['phone-social-engineering'], ['phone-pretext'], 5);
  return null;
};

const web: Rule = (f) => {
  if (!f.mentioned('own-site')) return null;
  if (f.on('card-skim')) return cand('web', 'critical', ['ec-card-leak', 'website-defacement'], ['card-skim'], 9);
  if (f.on('defaced')) return cand('web', 'critical', ['website-defacement'], ['defaced'], 8);
  if (f.on('site-down')) return cand('web', 'high', ['ddos'], ['site-down'], 6);
  return null;
};

function vulnTopics(text: string): string[] {
  if (/vpn|リモートデスクトップ|rdp|remote desktop|fortigate|ivanti|fortinet/.test(text)) return ['vpn-remote-access', 'software-updates'];
  if (/複合機|プリンタ|カメラ|printer|camera|nas|iot/.test(text)) return ['iot-devices', 'software-updates'];
  if (/ルーター|router|wi-?fi/.test(text)) return ['wifi-router', 'software-updates'];
  return ['software-updates'];
}

function vulnerability(f: FactView, text: string): Candidate | null {
  if (f.on('exposed-device')) return cand('vulnerability', 'medium', vulnTopics(text).slice(0, 1), ['exposed-device'], 5);
  if (f.on('vuln-notice')) {
    const sev: Severity = f.mentioned('notice-context') ? 'medium' : 'low';
    return cand('vulnerability', sev, vulnTopics(text), ['vuln-notice'], 4);
  }
  return null;
}

/**
 * Facts mentioned only as what-ifs or prevention still say what the question is about
 * ("もしランサムウェアに感染したら…", "how do we prevent misdirected email?").
 */
const HYPOTHETICAL_TOPIC: Array<[string[], Category, string[]]> = [
  [['ransomware-infected', 'files-encrypted', 'ransom-note', 'extension-changed'], 'ransomware', RF],
  [['attachment-opened', 'macro-enabled'], 'malware', ['malicious-attachment']],
  [['usb-inserted'], 'malware', ['usb-media']],
  [['credentials-entered', 'link-clicked'], 'phishing', ['phishing-clicked', 'phishing-identify']],
  [['account-hijacked'], 'unauthorized_access', ['account-compromise']],
  [['lost-device'], 'data_leak', ['lost-device']],
  [['misdirected'], 'data_leak', ['misdirected-email']],
  [['leak', 'share-exposed'], 'data_leak', ['personal-data-breach']],
  [['defaced'], 'web', ['website-defacement']],
  [['card-skim'], 'web', ['ec-card-leak']],
  [['site-down'], 'web', ['ddos']],
  [['bank-change', 'exec-impersonation'], 'fraud', ['bec']],
  [['fake-warning'], 'fraud', ['tech-support-scam']],
];

function hypotheticalCandidates(f: FactView): Candidate[] {
  const out: Candidate[] = [];
  for (const [facts, category, topics] of HYPOTHETICAL_TOPIC) {
    const hypo = facts.filter((id) => f.onlyHypothetical(id));
    if (hypo.length === 0) continue;
    const preventive = hypo.some((id) => f.polarity(id) === 'preventive');
    // Preparing for ransomware is a backup question in the taxonomy, not a ransomware case.
    if (category === 'ransomware' && preventive) out.push(cand('general', 'low', ['backup', ...RF], [], 2.5));
    else out.push(cand(category, 'low', topics, [], 2.5));
  }
  if (f.mentioned('ransomware-word') && out.length === 0) {
    const preventive = f.polarity('ransomware-word') === 'preventive';
    out.push(preventive ? cand('general', 'low', ['backup', ...RF], [], 2.5) : cand('ransomware', 'low', RF, [], 2));
  }
  return out;
}

const INCIDENT_RULES: Rule[] = [ransomware, malware, phishing, unauthorizedAccess, dataLeak, fraud, web];

/** Every reading of the thread that the facts support, unordered. */
export function candidatesFor(f: FactView, text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of INCIDENT_RULES) {
    const c = rule(f);
    if (c) out.push(c);
  }
  const v = vulnerability(f, text);
  if (v) out.push(v);
  out.push(...hypotheticalCandidates(f));
  return out;
}
