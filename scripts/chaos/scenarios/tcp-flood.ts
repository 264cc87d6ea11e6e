// Issue 9, defects 5 and 7: two TCP connections flood repeats of a few certificates' alarms as fast as the service
// takes them, while genuine alarms of other certificates arrive over UDP beside them. TCP must be held back (not
// dropped), UDP must keep draining, repeats coalesce into their tickets, and every accepted alarm gets its mail.
import type { Socket } from 'node:net';
import { alarmLine, distinctAlarms, openTcp, sendUdpPaced, writeLines } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

const FLOOD_CERTIFICATES = 3;
const UDP_PER_SECOND = 50;

/** Writes repeats until the time or count runs out; returns how many lines went into the socket. */
async function flood(socket: Socket, node: string, untilMs: number, maxLines: number): Promise<number> {
  let written = 0;
  while (Date.now() < untilMs && written < maxLines) {
    // Built afresh for each batch: a real flood's lines carry the time they were sent.
    const batch = Array.from({ length: 100 }, (_, i) => alarmLine(node, `flood-${i % FLOOD_CERTIFICATES}.der`));
    await writeLines(socket, batch.slice(0, Math.min(batch.length, maxLines - written)));
    written += Math.min(batch.length, maxLines - written);
  }
  return written;
}

async function closeGracefully(socket: Socket): Promise<void> {
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
  });
}

export const tcpFlood: Scenario = {
  name: 'TCP flood + UDP beside',
  fast: false,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    try {
      const floodMs = scale.ms(30, 3000);
      const maxLines = scale.count(40_000, 2000);
      const until = Date.now() + floodMs;
      const genuine = distinctAlarms('besideflood', Math.round((floodMs / 1000) * UDP_PER_SECOND), 5);
      const [a, b] = await Promise.all([openTcp(stage.service().ports.tcp), openTcp(stage.service().ports.tcp, '127.0.0.2')]);
      const [floodA, floodB, udp] = await Promise.all([
        flood(a, 'FLOODA', until, maxLines / 2),
        flood(b, 'FLOODB', until, maxLines / 2),
        sendUdpPaced(() => stage.service().ports.udp, genuine, UDP_PER_SECOND),
      ]);
      await Promise.all([closeGracefully(a), closeGracefully(b)]);
      const endedAt = Date.now();
      const rssDuringFlood = stage.rssPeakSoFar();
      const row = await stage.settle(this.name, floodA + floodB + udp, endedAt, scale.settleMs);
      const largest = Math.max(0, ...stage.smtp().received.map((m) => m.raw.length));
      const udpReceived = await stage.metric('certwatch_messages_received_total', { transport: 'udp' });
      // Repeats folded into an event already being persisted are accepted too, as that event's sightings.
      const coalesced = await stage.metric('certwatch_events_coalesced_total');
      row.notes.push(
        `flood ${floodA + floodB} lines over TCP in ${((endedAt - until + floodMs) / 1000).toFixed(0)} s (${FLOOD_CERTIFICATES} certificates x 2 nodes); ${udp} genuine over UDP`,
        `overload drops ${await stage.metric('certwatch_overload_dropped_total')}; UDP socket drops ${await stage.metric('certwatch_udp_socket_drops_total')}; UDP datagrams received ${udpReceived} of ${udp}`,
        `accepted ${row.accepted} events carrying ${row.accepted + coalesced} alarms (${coalesced} repeats folded into them) of ${floodA + floodB + udp} sent`,
        `ticket occurrences ${row.occurrences} (repeats with the same alarm time count once); largest mail ${(largest / 1024).toFixed(0)} KB`,
        `RSS peak while flooding ${(rssDuringFlood / 1048576).toFixed(0)} MB, while catching up ${(row.rssPeakBytes / 1048576).toFixed(0)} MB`,
      );
      return row;
    } finally {
      await stage.close();
    }
  },
};
