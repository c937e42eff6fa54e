import crypto from 'node:crypto';
import IORedis from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix of its own for one test file, so files never see each other's jobs. */
export function uniquePrefix(): string {
  return `otest_${crypto.randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `prefix`: Redis "restarted empty" for this test's queues only. */
export async function flushPrefix(prefix: string): Promise<number> {
  const redis = new IORedis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}
