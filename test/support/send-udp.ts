// Sends syslog lines to a certwatch UDP port, one datagram each, from a real socket.
import { createSocket } from 'node:dgram';

export async function sendUdp(port: number, lines: readonly string[]): Promise<void> {
  const socket = createSocket('udp4');
  try {
    for (const line of lines) {
      await new Promise<void>((resolve, reject) =>
        socket.send(Buffer.from(line), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    }
  } finally {
    socket.close();
  }
}
