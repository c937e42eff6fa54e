import { both } from '../../core/i18n/t.js';
import type { ImpactFlag, SituationState } from './corpus-schema.js';
import type { TriageSignal } from './types.js';

/**
 * Responder-facing wording of the slots that decided a verdict (the reply's "why"): the catalogue's
 * `triage.flag.<flag>` and `triage.state.<state>` (core/i18n), one key per slot value.
 */
export function flagSignal(flag: ImpactFlag): TriageSignal {
  return { id: `flag:${flag}`, ...both(`triage.flag.${flag}`) };
}

export function stateSignal(state: SituationState): TriageSignal {
  return { id: `state:${state}`, ...both(`triage.state.${state}`) };
}

export const UNSURE_SIGNAL: TriageSignal = { id: 'unsure', ...both('triage.unsure') };

export const SERIOUS_SIGNAL: TriageSignal = { id: 'serious', ...both('triage.serious') };

export const ALL_CLEAR_SIGNAL: TriageSignal = { id: 'all-clear', ...both('triage.allClear') };
