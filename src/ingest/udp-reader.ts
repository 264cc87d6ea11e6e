// How the UDP syslog socket is read, behind one interface: the native recvmmsg batch reader or Node's dgram. The
// listener above it owns allow-list, counters and kernel drops; a reader only binds, reads and closes.
import type { UDP_READERS } from '../config/schema.js';
import { loadUdpBatchAddon, openBatchReader } from './udp-batch-reader.js';
import { openDgramReader } from './udp-dgram-reader.js';

export type UdpReaderMode = (typeof UDP_READERS)[number];
export type UdpReaderKind = Exclude<UdpReaderMode, 'auto'>;

export interface UdpReaderOptions {
  host: string;
  port: number;
  recvBufferBytes: number;
  maxMessageBytes: number;
  /**
   * The datagrams read together (one with dgram), sharing `receivedAt`: datagram i came from sources[i] and is
   * lengths[i] bytes long. Those of at most maxMessageBytes follow each other in `data`; a longer one has no bytes
   * there (only its real length is kept). The arguments are valid during the call only: they may be reused.
   */
  onBatch(
    data: Buffer,
    lengths: ArrayLike<number>,
    sources: readonly string[],
    receivedAt: Date,
    receivedAtPerf: number,
  ): void;
  /** A failed read; the reader keeps reading. */
  onError(err: Error): void;
}

export interface UdpReader {
  kind: UdpReaderKind;
  port: number;
  address: string;
  /** What the kernel reports after our request (getsockopt SO_RCVBUF: on Linux twice the size it granted). */
  effectiveRecvBufferBytes: number;
  /** Why the receive buffer request was refused; null when it was taken (the kernel may still have capped it). */
  recvBufferError: Error | null;
  close(): Promise<void>;
}

export interface OpenedUdpReader {
  reader: UdpReader;
  /** In `auto` mode, why the batch reader could not be used and dgram reads instead. */
  fallbackReason?: string;
}

/** Opens the reader the mode asks for; `recvmmsg` throws when the addon cannot load, `auto` falls back to dgram. */
export async function openUdpReader(
  mode: UdpReaderMode,
  opts: UdpReaderOptions,
  addonPath?: string,
): Promise<OpenedUdpReader> {
  if (mode === 'dgram') return { reader: await openDgramReader(opts) };
  const addon = loadUdpBatchAddon(addonPath);
  if (addon.loaded) return { reader: await openBatchReader(addon.addon, opts) };
  if (mode === 'recvmmsg') {
    throw new Error(`SYSLOG_UDP_READER=recvmmsg, but the recvmmsg reader cannot load: ${addon.reason}`);
  }
  return { reader: await openDgramReader(opts), fallbackReason: addon.reason };
}
