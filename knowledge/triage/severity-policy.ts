import type { Category, Severity } from '../taxonomy.js';
import type { ImpactFlag, SituationState } from './corpus-schema.js';

/** The situation as the recognisers (and the safety net) read it: the policy's input. */
export interface Situation {
  state: SituationState;
  category: Category;
  flags: ReadonlySet<ImpactFlag>;
}

/** One row of the severity policy. A row applies when every condition it names holds. */
export interface PolicyRow {
  /** Stable id, shown in the reply's "why" and in logs. */
  id: string;
  states: readonly SituationState[];
  /** At least one of these flags must hold (omitted: no flag needed). */
  anyFlag?: readonly ImpactFlag[];
  /** Only for these categories (omitted: any). */
  categories?: readonly Category[];
  severity: Severity;
  ja: string;
  en: string;
}

const HAPPENED: readonly SituationState[] = ['past', 'ongoing'];

/**
 * The written severity policy: severity = f(state, impact flags, category), first matching
 * row wins. The README reproduces this table (section "Triage"). Tone never appears here:
 * "probably nothing" about money already sent is still the first row.
 */
export const SEVERITY_POLICY: readonly PolicyRow[] = [
  { id: 'money-moved', states: HAPPENED, anyFlag: ['money_moved'], severity: 'critical', ja: '詐欺の可能性がある相手への送金・支払いが済んでいる', en: 'money already went to a possible fraudster' },
  { id: 'money-pending', states: HAPPENED, anyFlag: ['money_pending'], severity: 'critical', ja: '詐欺の可能性がある相手への支払いが迫っている', en: 'a payment to a possible fraudster is about to be made' },
  { id: 'attacker-now', states: ['ongoing'], anyFlag: ['attacker_control'], severity: 'critical', ja: '第三者が今も操作・アクセスしている', en: 'an unauthorised party is in control right now' },
  { id: 'data-going-out', states: ['ongoing'], anyFlag: ['data_out'], severity: 'critical', ja: '情報の流出が今も続いている', en: 'data is leaving right now' },
  { id: 'ransomware-impact', states: HAPPENED, anyFlag: ['service_down', 'data_out', 'attacker_control', 'code_run'], categories: ['ransomware'], severity: 'critical', ja: 'ランサムウェアによる暗号化・脅迫', en: 'ransomware encryption or extortion' },
  { id: 'web-compromised-now', states: ['ongoing'], anyFlag: ['attacker_control', 'code_run'], categories: ['web'], severity: 'critical', ja: 'Webサイトが今も改ざん・悪用されている', en: 'the website is compromised right now' },
  { id: 'attacker-had-access', states: HAPPENED, anyFlag: ['attacker_control'], severity: 'high', ja: '第三者がアクセスした形跡がある', en: 'an unauthorised party had access' },
  { id: 'credentials-given', states: HAPPENED, anyFlag: ['credentials_given'], severity: 'high', ja: 'ID・パスワード等を渡してしまった', en: 'credentials or codes were given away' },
  { id: 'code-run', states: HAPPENED, anyFlag: ['code_run'], severity: 'high', ja: '不審なファイル・プログラムを実行した', en: 'a suspicious file or program was run' },
  { id: 'data-out', states: HAPPENED, anyFlag: ['data_out'], severity: 'high', ja: '情報が渡ってはいけない相手に渡った・公開された', en: 'data reached someone who should not have it' },
  { id: 'service-down', states: HAPPENED, anyFlag: ['service_down'], severity: 'high', ja: '業務システム・サイトが使えない', en: 'a business system or the website is down' },
  { id: 'something-happened', states: HAPPENED, severity: 'medium', ja: '不審な出来事があった(被害の兆候はまだない)', en: 'something suspicious happened, no sign of harm yet' },
  { id: 'no-incident', states: ['none', 'prevention', 'hypothetical'], severity: 'low', ja: '予防・仕組み・もしもの質問', en: 'prevention, how-to or what-if question' },
];

/** The first row of the policy that applies to the situation. */
export function applyPolicy(situation: Situation): PolicyRow {
  for (const row of SEVERITY_POLICY) {
    if (!row.states.includes(situation.state)) continue;
    if (row.categories && !row.categories.includes(situation.category)) continue;
    if (row.anyFlag && !row.anyFlag.some((f) => situation.flags.has(f))) continue;
    return row;
  }
  // Unreachable while the last row covers every state that the first ones leave out.
  return SEVERITY_POLICY[SEVERITY_POLICY.length - 1]!;
}
