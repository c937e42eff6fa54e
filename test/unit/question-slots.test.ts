import { QuestionSlots } from '../../handlers/question-slots.js';

describe('QuestionSlots', () => {
  it('lets at most its number of questions work at once and hands each freed slot to the longest waiter', async () => {
    const slots = new QuestionSlots(2);
    const order: string[] = [];
    const a = await slots.take();
    const b = await slots.take();
    const c = slots.take().then((release) => (order.push('c'), release));
    const d = slots.take().then((release) => (order.push('d'), release));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same slot frees nothing more
    const releaseC = await c;
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['c']);
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    // Both slots free again: two takes resolve at once.
    await Promise.all([slots.take(), slots.take()]);
  });
});
