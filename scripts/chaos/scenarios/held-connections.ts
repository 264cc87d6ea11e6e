// Issue 9, defects 8 and 9: 10,000 TCP connections opened to the syslog port from many loopback addresses and held
// silent. The service must refuse beyond its limits, keep its memory bounded, and go on taking UDP alarms and
// answering its API meanwhile.
import type { Socket } from 'node:net';
import { distinctAlarms, openTcp, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

const BATCH = 250;
/** Loopback sources used (127.1.x.y): more than one source's cap, fewer than the connections. */
const SOURCES = 400;

export const heldConnections: Scenario = {
  name: 'held TCP connections',
  fast: false,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    const sockets: Socket[] = [];
    try {
      const wanted = scale.count(10_000, 200);
      const holdMs = scale.ms(30, 5000);
      let refused = 0;
      let cutSoon = 0;
      for (let at = 0; at < wanted; at += BATCH) {
        const opened = await Promise.allSettled(Array.from({ length: Math.min(BATCH, wanted - at) }, (_, i) => {
          const n = (at + i) % SOURCES;
          return openTcp(stage.service().ports.tcp, `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`);
        }));
        for (const o of opened) {
          if (o.status === 'rejected') refused += 1;
          else {
            o.value.on('error', () => undefined);
            o.value.once('close', () => (cutSoon += 1));
            sockets.push(o.value);
          }
        }
      }
      const heldAt = Date.now();
      const genuine = distinctAlarms('heldconn', scale.count(50, 10), 5);
      const sent = await sendUdpPaced(() => stage.service().ports.udp, genuine, 20);
      const api = await stage.service().api('/readyz');
      const open = await stage.metric('certwatch_tcp_connections');
      await new Promise((r) => setTimeout(r, Math.max(0, heldAt + holdMs - Date.now())));
      const stillOpen = sockets.filter((s) => !s.destroyed).length;
      const closedByService = cutSoon;
      for (const s of sockets) s.destroy();
      const row = await stage.settle(this.name, sent, Date.now(), scale.settleMs);
      row.notes.push(
        `${wanted} connections tried: ${refused} refused at connect, ${sockets.length} connected, ${closedByService} of those closed by the service; ${open} open by the service's count, ${stillOpen} still open on this side after ${(holdMs / 1000).toFixed(0)} s`,
        `/readyz during the hold: ${api.status}; connections rejected (metric) ${await stage.metric('certwatch_messages_rejected_total', { transport: 'tcp' })}`,
      );
      return row;
    } finally {
      for (const s of sockets) s.destroy();
      await stage.close();
    }
  },
};
