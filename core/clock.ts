/**
 * What time it is. Passed down from the app factory so tests can run the on-call and reminder
 * logic at a simulated 03:00 on a holiday instead of waiting (the rate limiter takes the same shape).
 */
export type Clock = () => Date;

/** The machine's clock. */
export const systemClock: Clock = () => new Date();
