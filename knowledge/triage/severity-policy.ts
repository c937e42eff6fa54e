import { both } from '../../core/i18n/t.js';
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
  /** The row in words (from the catalogue). */
  ja: string;
  en: string;
}

const HAPPENED: readonly SituationState[] = ['past', 'ongoing'];

/**
 * The written severity policy: severity = f(state, impact flags, category), first matching
 * row wins. The README reproduces this table (section "Triage"). Tone never appears here:
 * "probably nothing" about money already sent is still the first row.
 */
const ROWS = [
  { id: 'money-moved', states: HAPPENED, anyFlag: ['money_moved'], severity: 'critical' },
  { id: 'money-pending', states: HAPPENED, anyFlag: ['money_pending'], severity: 'critical' },
  { id: 'attacker-now', states: ['ongoing'], anyFlag: ['attacker_control'], severity: 'critical' },
  { id: 'data-going-out', states: ['ongoing'], anyFlag: ['data_out'], severity: 'critical' },
  { id: 'ransomware-impact', states: HAPPENED, anyFlag: ['service_down', 'data_out', 'attacker_control', 'code_run'], categories: ['ransomware'], severity: 'critical' },
  { id: 'web-compromised-now', states: ['ongoing'], anyFlag: ['attacker_control', 'code_run'], categories: ['web'], severity: 'critical' },
  { id: 'attacker-had-access', states: HAPPENED, anyFlag: ['attacker_control'], severity: 'high' },
  { id: 'credentials-given', states: HAPPENED, anyFlag: ['credentials_given'], severity: 'high' },
  { id: 'code-run', states: HAPPENED, anyFlag: ['code_run'], severity: 'high' },
  { id: 'data-out', states: HAPPENED, anyFlag: ['data_out'], severity: 'high' },
  { id: 'service-down', states: HAPPENED, anyFlag: ['service_down'], severity: 'high' },
  { id: 'something-happened', states: HAPPENED, severity: 'medium' },
  { id: 'no-incident', states: ['none', 'prevention', 'hypothetical'], severity: 'low' },
] as const satisfies readonly Omit<PolicyRow, 'ja' | 'en'>[];

/** The policy with each row's wording, `triage.policy.<id>` in the catalogue (core/i18n). */
export const SEVERITY_POLICY: readonly PolicyRow[] = ROWS.map((row) => ({ ...row, ...both(`triage.policy.${row.id}`) }));

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
