import { CASE_ACTIONS, CASE_STATES, nextState, TRANSITIONS } from '../../handlers/cases/case-state-machine.js';

describe('the case state machine', () => {
  it('follows the main path new → answered → escalated → claimed → resolved → closed', () => {
    expect(nextState('new', 'answer')).toBe('answered');
    expect(nextState('answered', 'escalate')).toBe('escalated');
    expect(nextState('escalated', 'claim')).toBe('claimed');
    expect(nextState('claimed', 'resolve')).toBe('resolved');
    expect(nextState('resolved', 'close')).toBe('closed');
  });

  it('sends a reopened case back to the responders', () => {
    expect(nextState('resolved', 'reopen')).toBe('escalated');
    expect(nextState('closed', 'reopen')).toBe('escalated');
  });

  it('refuses to resolve a case nobody has claimed', () => {
    expect(nextState('escalated', 'resolve')).toBeNull();
  });

  it('allows exactly the moves in the transition table', () => {
    let legal = 0;
    for (const state of CASE_STATES) {
      for (const action of CASE_ACTIONS) {
        const to = nextState(state, action);
        if (TRANSITIONS[action].from.includes(state)) {
          legal++;
          expect(to).toBe(TRANSITIONS[action].to);
        } else {
          expect(to).toBeNull();
        }
      }
    }
    expect(legal).toBe(11);
  });
});
