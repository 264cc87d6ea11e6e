// Certificate events accepted in the same turn of the event loop go to Redis together: one pipeline of BullMQ adds,
// one round trip, one timeout (issue 11). "Accepted = persisted" holds for each event: its promise resolves only once
// Redis replied for the whole batch, and when the round trip fails or outlasts the timeout it rejects for every event
// of the batch, each of which the acceptor then spools, as it did for a single event.
import type { EventProducer, EventToAdd } from '../queue/event-producer.js';

export interface PersistBatch {
  /** Resolves when Redis holds the event (with the rest of its batch); rejects when its batch did not make it. */
  persist(event: EventToAdd): Promise<void>;
}

export interface PersistBatchOptions {
  events: EventProducer;
  /** How long one batch may take before all its events count as failed (and go to the spool). */
  timeoutMs: number;
}

/** The batch filling in this turn: its events and the one promise all of them settle with. */
interface OpenBatch {
  events: EventToAdd[];
  settled: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export function createPersistBatch(options: PersistBatchOptions): PersistBatch {
  const { events, timeoutMs } = options;
  let open: OpenBatch | null = null;

  async function send(batch: EventToAdd[]): Promise<void> {
    const adding = events.addMany(batch);
    // A queue that never connected waits for Redis instead of failing: give up after a while and spool. Should the
    // adds still land later, the spool replay re-adds the same job ids, which BullMQ ignores.
    adding.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not take the events within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([adding, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function flush(): void {
    const batch = open!;
    open = null;
    send(batch.events).then(batch.resolve, batch.reject);
  }

  return {
    persist(event) {
      if (open === null) {
        let resolve!: () => void;
        let reject!: (error: unknown) => void;
        const settled = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
        open = { events: [], settled, resolve, reject };
        // After the I/O callbacks of this turn: every event the socket reads of this turn delivered joins the batch.
        setImmediate(flush);
      }
      open.events.push(event);
      return open.settled;
    },
  };
}
