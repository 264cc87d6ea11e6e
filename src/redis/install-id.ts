// The installation's id: random, generated once and kept in Redis, so every host and role of one installation uses the
// same one and two installations never do. Message-IDs carry it (two installs mailing the same alarm stay distinct).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys.js';

/** The stored install id; the first caller of an installation creates it (SET NX: concurrent first callers agree). */
export async function installIdOf(redis: Redis): Promise<string> {
  await redis.set(redisKeys.installId(), randomBytes(8).toString('hex'), 'NX');
  const id = await redis.get(redisKeys.installId());
  if (id === null) throw new Error('install id missing right after it was stored');
  return id;
}
