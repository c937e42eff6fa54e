import { callBudget, Deadline, MIN_CALL_MS } from '../../knowledge/llm/deadline.js';
import { LlmTimeoutError } from '../../knowledge/llm/errors.js';

describe('one deadline for the model calls of a question', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('gives each call what is left of the deadline, never more than its own limit', () => {
    const deadline = new Deadline(8000, clock);
    expect(callBudget('triage', 8000, deadline)).toBe(8000);
    now += 5000; // the embedding took 5 s
    expect(callBudget('answer', 8000, deadline)).toBe(3000);
    expect(callBudget('answer', 2000, deadline)).toBe(2000);
  });

  it('sends nothing when too little is left (the call would time out unused)', () => {
    const deadline = new Deadline(1000, clock);
    now += 1000 - MIN_CALL_MS + 1;
    expect(() => callBudget('answer', 1000, deadline)).toThrow(LlmTimeoutError);
    now += 10_000;
    expect(deadline.remainingMs()).toBe(0);
    expect(() => callBudget('embed_query', 1000, deadline)).toThrow(LlmTimeoutError);
  });

  it('uses the call\'s own limit without a deadline', () => {
    expect(callBudget('embed_documents', 4000)).toBe(4000);
  });
});
