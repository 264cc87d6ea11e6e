// The UDP readers every UDP listener test runs with: dgram always, recvmmsg where the addon is built (CI builds it
// in scripts/setup.sh; elsewhere its runs are skipped with the reason, and auto falls back to dgram).
import { loadUdpBatchAddon } from '../../src/ingest/udp-batch-reader.js';
import type { UdpReaderKind } from '../../src/ingest/udp-reader.js';

const addon = loadUdpBatchAddon();

export const UDP_READER_RUNS: { reader: UdpReaderKind; skip: string | false }[] = [
  { reader: 'recvmmsg', skip: addon.loaded ? false : `recvmmsg addon not available: ${addon.reason}` },
  { reader: 'dgram', skip: false },
];
