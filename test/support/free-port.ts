// A port that is free right now on loopback, for a server that must be told its port before it starts (redis-server,
// a child process). Servers of our own listen on port 0 instead and report the port they got.
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';

export async function freePort(kind: 'tcp' | 'udp' = 'tcp', host = '127.0.0.1'): Promise<number> {
  if (kind === 'udp') {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => resolve());
    });
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
