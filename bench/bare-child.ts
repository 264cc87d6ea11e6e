// The bare receiver's process (bench/bare-receiver.ts): certwatch's own UDP reader (the recvmmsg addon, dgram when it
// cannot load) and TCP framer, counting what they hand over and doing nothing else. Its CPU per message is what the
// socket read and the framing cost here; certwatch's own work per message is what it spends above that.
// Arguments: host udpPort tcpPort httpPort maxMessageBytes recvBufferBytes; BENCH_UDP_READER as for certwatch. GET /
// answers the counts as JSON.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { createStreamFramer } from '../src/ingest/stream-framer.js';
import { openUdpReader, type UdpReaderMode } from '../src/ingest/udp-reader.js';

const [host = '127.0.0.1', udpPort, tcpPort, httpPort, maxMessageBytes, recvBufferBytes] = process.argv.slice(2);
const counts = { udp: 0, tcp: 0, reader: '' };

const { reader } = await openUdpReader((process.env.BENCH_UDP_READER ?? 'auto') as UdpReaderMode, {
  host, port: Number(udpPort), recvBufferBytes: Number(recvBufferBytes), maxMessageBytes: Number(maxMessageBytes),
  onBatch: (_data, lengths) => { counts.udp += lengths.length; },
  onError: () => {},
});
counts.reader = reader.kind;

createTcpServer((socket) => {
  const framer = createStreamFramer({ maxFrameBytes: Number(maxMessageBytes) });
  socket.on('data', (chunk: Buffer) => { counts.tcp += framer.push(chunk).length; });
  socket.on('end', () => { counts.tcp += framer.end().length; });
  socket.on('error', () => {});
}).listen(Number(tcpPort), host);

createHttpServer((_req, res) => res.end(JSON.stringify(counts))).listen(Number(httpPort), host, () => {
  process.send?.('ready');
  console.log('bare receiver ready');
});
process.on('SIGTERM', () => process.exit(0));
