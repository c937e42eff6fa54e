/**
 * The life of a case. Every change goes through `nextState`, so the rules live
 * in one table that tests walk exhaustively.
 *
 *   new ──answer──▶ answered ──resolve──▶ resolved ──close──▶ closed
 *    │                 │                     ▲  │                │
 *    └──escalate──▶ escalated ◀──release── claimed              │
 *                      │ ▲ └────claim────────▲                   │
 *                      │ └──────reopen── resolved / closed ◀─────┘
 */
export const CASE_STATES = ['new', 'answered', 'escalated', 'claimed', 'resolved', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_ACTIONS = ['answer', 'escalate', 'claim', 'release', 'resolve', 'close', 'reopen'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** For each action: the states it may start from, and where it leads. */
export const TRANSITIONS: Readonly<Record<CaseAction, { from: readonly CaseState[]; to: CaseState }>> = {
  answer: { from: ['new'], to: 'answered' },
  // An answered case escalates when the asker asks for a person or a follow-up raises severity.
  escalate: { from: ['new', 'answered'], to: 'escalated' },
  claim: { from: ['escalated'], to: 'claimed' },
  release: { from: ['claimed'], to: 'escalated' },
  // Answered cases are resolved by the asker's "helpful"; escalated ones only by the responder who holds them.
  resolve: { from: ['answered', 'claimed'], to: 'resolved' },
  close: { from: ['answered', 'resolved'], to: 'closed' },
  // Reopening puts the case back in the responders' queue: the asker still has a problem.
  reopen: { from: ['resolved', 'closed'], to: 'escalated' },
};

/** The state `action` leads to from `from`, or null when the move is illegal. */
export function nextState(from: CaseState, action: CaseAction): CaseState | null {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}

/** Case events recorded for each action (the timeline's vocabulary). */
export const ACTION_EVENT: Readonly<Record<CaseAction, string>> = {
  answer: 'answered',
  escalate: 'escalated',
  claim: 'claimed',
  release: 'released',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
};
