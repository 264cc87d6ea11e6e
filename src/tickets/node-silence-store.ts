// Node-silence tickets in Redis: one hash, `<cluster>/<node>` -> JSON; few (one per inventory node at most). The tick
// writes its decisions and the mail job records what it sent: each write is a compare-and-set on the field (a script),
// so neither overwrites the other's change; a change that lost the race is decided again on what won.
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import { readNodeSilence, type NodeSilenceTicket } from './node-silence.js';

export interface NodeSilenceStore {
  /** Every node-silence ticket, open and resolved, by id. */
  all(): Promise<Map<string, NodeSilenceTicket>>;
  get(id: string): Promise<NodeSilenceTicket | null>;
  /**
   * Read-change-write: `change` gets the current ticket (or null) and returns the next one, or null for "no change";
   * it is run again when another writer changed the ticket meanwhile, so it must be pure. Returns what is stored.
   */
  update(
    id: string,
    change: (current: NodeSilenceTicket | null) => NodeSilenceTicket | null,
  ): Promise<NodeSilenceTicket | null>;
}

// ARGV: the field, the JSON it was read as ('' for none), the next JSON.
const CAS_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current == false and ARGV[2] ~= '') or (current ~= false and current ~= ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/** Bounds a surprise: two writers (the tick, a mail job) settle within a few rounds. */
const MAX_ATTEMPTS = 20;

export function createNodeSilenceStore(redis: Redis): NodeSilenceStore {
  return {
    async all() {
      const raw = await redis.hgetall(redisKeys.nodeSilences());
      return new Map(Object.entries(raw).map(([id, json]) => [id, readNodeSilence(json)]));
    },
    async get(id) {
      const raw = await redis.hget(redisKeys.nodeSilences(), id);
      return raw === null ? null : readNodeSilence(raw);
    },
    async update(id, change) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const raw = await redis.hget(redisKeys.nodeSilences(), id);
        const current = raw === null ? null : readNodeSilence(raw);
        const next = change(current);
        if (next === null) return current;
        if (next.id !== id) throw new Error(`node-silence ticket ${next.id} written at ${id}`);
        if ((await redis.eval(CAS_SCRIPT, 1, redisKeys.nodeSilences(), id, raw ?? '', JSON.stringify(next))) === 1) {
          return next;
        }
      }
      throw new Error(`node-silence ticket ${id}: changed by others ${MAX_ATTEMPTS} times in a row`);
    },
  };
}
