// UDP read in batches by the native addon native/build/udp_batch.node (native/udp-batch/udp_batch.c): a thread of
// its own blocks in recvmmsg(2) and hands up to 64 datagrams to JavaScript in one call, where dgram makes one system
// call and one JavaScript call per datagram. Built by scripts/build-native.sh; when it is absent, dgram reads.
import { existsSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CERTWATCH_ROOT } from '../version.js';
import type { UdpReader, UdpReaderOptions } from './udp-reader.js';

export const DEFAULT_UDP_BATCH_ADDON = fileURLToPath(new URL('native/build/udp_batch.node', CERTWATCH_ROOT));

/**
 * One batch: `lengths[i]` is datagram i's real length; the datagrams of at most maxMessageBytes follow each other in
 * `data`, the longer ones have no bytes there. `readAtMs`: when the reader thread read it, in milliseconds of
 * process.hrtime's clock. A failed read arrives as (null, null, null, readAtMs, errno name).
 */
type OnBatch = (
  data: Buffer | null,
  lengths: Uint32Array | null,
  sources: string[] | null,
  readAtMs: number,
  error?: string,
) => void;

interface BatchHandle {
  port: number;
  address: string;
  effectiveRecvBufferBytes: number;
  /** errno name (ENOBUFS, ...) when setsockopt(SO_RCVBUF) failed, else empty. */
  recvBufferError: string;
  /** Asks for the batches read since the last delivery: they come in a later turn of the event loop. */
  next(): void;
  /** Stops the reader thread (joined before it returns) and closes the socket; batches not yet delivered are
   * dropped. */
  close(): void;
}

export interface UdpBatchAddon {
  open(
    host: string,
    family: 4 | 6,
    port: number,
    recvBufferBytes: number,
    maxMessageBytes: number,
    onBatch: OnBatch,
  ): BatchHandle;
}

export type AddonLoad = { loaded: true; addon: UdpBatchAddon } | { loaded: false; reason: string };

/** Loads the addon; never throws: the reason says why it is not there (not built, other platform, broken build). */
export function loadUdpBatchAddon(path = DEFAULT_UDP_BATCH_ADDON): AddonLoad {
  if (!existsSync(path)) {
    return {
      loaded: false,
      reason: `${path} is not built (run scripts/build-native.sh; it needs a C compiler: apt-get install build-essential)`,
    };
  }
  try {
    const addon = createRequire(import.meta.url)(path) as Partial<UdpBatchAddon>;
    if (typeof addon.open !== 'function') {
      return { loaded: false, reason: `${path} is not the udp_batch addon (no open())` };
    }
    return { loaded: true, addon: addon as UdpBatchAddon };
  } catch (err) {
    return { loaded: false, reason: `${path} does not load: ${(err as Error).message}` };
  }
}

export async function openBatchReader(addon: UdpBatchAddon, opts: UdpReaderOptions): Promise<UdpReader> {
  const { maxMessageBytes, onError } = opts;
  // The same address choice as dgram: an IPv6 literal binds udp6, anything else udp4 (a name resolved as dgram does).
  const family = isIP(opts.host) === 6 ? 6 : 4;
  const host = isIP(opts.host) !== 0 ? opts.host : (await lookup(opts.host, { family })).address;

  // The addon delivers the batches read so far, then nothing until next(): asked once per turn from setImmediate,
  // so the turn's timers, immediates (the batched persist) and socket reads (Redis replies) run between deliveries.
  let nextAsked = false;
  const askNext = () => {
    nextAsked = false;
    if (!closed) handle.next();
  };
  const onBatch: OnBatch = (data, lengths, sources, readAtMs, error) => {
    if (!nextAsked) {
      nextAsked = true;
      setImmediate(askNext);
    }
    if (data === null || lengths === null || sources === null) {
      onError(Object.assign(new Error(`recvmmsg ${error ?? 'failed'}`), { code: error, syscall: 'recvmmsg' }));
      return;
    }
    // Received when the reader thread read it, not when this turn came: the wait for a delivery is part of the
    // accept latency.
    const waitedMs = Number(process.hrtime.bigint()) / 1e6 - readAtMs;
    opts.onBatch(data, lengths, sources, new Date(Date.now() - waitedMs), performance.now() - waitedMs);
  };
  let closed = false;
  const handle = addon.open(host, family, opts.port, opts.recvBufferBytes, maxMessageBytes, onBatch);
  const recvBufferError = handle.recvBufferError === ''
    ? null
    : Object.assign(new Error(`setsockopt SO_RCVBUF ${handle.recvBufferError}`), { code: handle.recvBufferError });
  return {
    kind: 'recvmmsg',
    port: handle.port,
    address: handle.address,
    effectiveRecvBufferBytes: handle.effectiveRecvBufferBytes,
    recvBufferError,
    close() {
      if (!closed) handle.close();
      closed = true;
      return Promise.resolve();
    },
  };
}
