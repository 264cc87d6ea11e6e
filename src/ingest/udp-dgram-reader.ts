// UDP read with Node's dgram: one recvmsg and one 'message' event per datagram. The fallback when the recvmmsg
// addon is not built (SYSLOG_UDP_READER=auto) and the reader asked for by SYSLOG_UDP_READER=dgram.
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import type { UdpReader, UdpReaderOptions } from './udp-reader.js';

export async function openDgramReader(opts: UdpReaderOptions): Promise<UdpReader> {
  const { maxMessageBytes, onDatagram, onOversized } = opts;
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

  socket.on('message', (msg, rinfo) => {
    const receivedAt = new Date();
    const receivedAtPerf = performance.now();
    if (msg.length > maxMessageBytes) onOversized(msg.length, rinfo.address, receivedAt, receivedAtPerf);
    else onDatagram(msg, rinfo.address, receivedAt, receivedAtPerf);
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
