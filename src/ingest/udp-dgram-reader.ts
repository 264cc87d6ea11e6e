// UDP read with Node's dgram: one recvmsg and one 'message' event per datagram. The fallback when the recvmmsg
// addon is not built (SYSLOG_UDP_READER=auto) and the reader asked for by SYSLOG_UDP_READER=dgram.
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import type { UdpReader, UdpReaderOptions } from './udp-reader.js';

export async function openDgramReader(opts: UdpReaderOptions): Promise<UdpReader> {
  const { maxMessageBytes, onBatch } = opts;
  const socket = dgram.createSocket({ type: isIP(opts.host) === 6 ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    socket.once('error', onError);
    socket.bind(opts.port, opts.host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  socket.on('error', opts.onError);

  let recvBufferError: Error | null = null;
  try {
    socket.setRecvBufferSize(opts.recvBufferBytes);
  } catch (err) {
    recvBufferError = err as Error;
  }

  // A batch of one, in arrays reused message after message.
  const lengths = [0];
  const sources = [''];
  const noBytes = Buffer.alloc(0);
  socket.on('message', (msg, rinfo) => {
    lengths[0] = msg.length;
    sources[0] = rinfo.address;
    onBatch(msg.length > maxMessageBytes ? noBytes : msg, lengths, sources, new Date(), performance.now());
  });

  const bound = socket.address();
  let closing: Promise<void> | undefined;
  return {
    kind: 'dgram',
    port: bound.port,
    address: bound.address,
    effectiveRecvBufferBytes: socket.getRecvBufferSize(),
    recvBufferError,
    close() {
      closing ??= new Promise<void>((resolve) => socket.close(() => resolve()));
      return closing;
    },
  };
}
