// Node-silence tickets in Redis: one hash, `<cluster>/<node>` -> JSON; few (one per inventory node at most). Only the
// tick writes them, from the node traffic it reads: two ticks that overlap (two worker processes) decide the same from
// the same traffic, so a plain write is enough.
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { NodeSilenceTicket } from './node-silence.js';

export interface NodeSilenceStore {
  /** Every node-silence ticket, open and resolved, by id. */
  all(): Promise<Map<string, NodeSilenceTicket>>;
  put(ticket: NodeSilenceTicket): Promise<void>;
}

export function createNodeSilenceStore(redis: Redis): NodeSilenceStore {
  return {
    async all() {
      const raw = await redis.hgetall(redisKeys.nodeSilences());
      return new Map(Object.entries(raw).map(([id, json]) => [id, JSON.parse(json) as NodeSilenceTicket]));
    },
    async put(ticket) {
      await redis.hset(redisKeys.nodeSilences(), ticket.id, JSON.stringify(ticket));
    },
  };
}
