// The not-after gauge's scrape on a real Redis reads the ticket store's gauge rows, not the tickets: its series are
// the ones a full read of every open ticket gives, after every kind of write (open, update, batch update, re-home as
// a move and as a merge, close, reopen), and one scrape sends the same few commands, none naming a ticket document,
// whether 200 or 2,000 tickets are open (only the scan of the rows takes a step more per thousand).
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { createDiscoveryStore } from '../../src/discovery/store.js';
import { refreshDiscoveryMetrics } from '../../src/observability/discovery-metrics.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { notAfterSeries } from '../../src/observability/not-after-series.js';
import { KEY_PREFIX, redisKeys } from '../../src/redis/keys.js';
import { notAfterRowOf } from '../../src/tickets/not-after-row.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { useTestRedis } from '../support/redis-server.js';
import { DAY, at, exactExpiry, inferredExpiry, makeEvent, openIn, windowExpiry } from '../tickets/fixtures.js';


/** Every open ticket, read in full (the scrape's read before the gauge rows), as series. */
async function seriesOfFullRead(store: TicketStore) {
  const open: Ticket[] = [];
  for (let from: number | null = 0; from !== null;) {
    const page = await store.pageByExpiry({ of: 'open' }, { from, count: 1000 });
    open.push(...page.tickets);
    from = page.next;
  }
  const rows = open.flatMap((t) => {
    const r = notAfterRowOf(t);
    return 'row' in r ? [{ ticketId: t.id, row: r.row }] : [];
  });
  return notAfterSeries([], rows, () => []);
}

const seriesOfRows = async (store: TicketStore) => notAfterSeries([], await store.notAfterRows(), () => []);

describe('the not-after scrape on real Redis', () => {
  const redis = useTestRedis({ flushEachTest: true });
  let store: TicketStore;

  beforeEach(async () => {
    store = createTicketStore(redis.client);
  });

  test('its series equal those of a full read of the open tickets after every kind of write', async () => {
    const same = async (when: string, count: number) => {
      const series = await seriesOfRows(store);
      assert.deepEqual(series, await seriesOfFullRead(store), `after ${when}`);
      assert.equal(series.length, count, `series after ${when}`);
    };
    const tomcat = openIn(
      'lab',
      makeEvent({ node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(5 * DAY) }),
    );
    const callManager = openIn(
      'lab',
      makeEvent({
        node: 'CUCM02.lab.example',
        unit: 'CallManager',
        certificate: 'CallManager.der',
        expiry: inferredExpiry(6 * DAY),
      }),
    );
    const ipsec = openIn(
      'lab',
      makeEvent({ node: 'CUCM03', unit: 'ipsec', certificate: 'ipsec.der', expiry: windowExpiry(DAY, 7 * DAY) }),
    );
    const trust = openIn(
      'lab',
      makeEvent({
        node: 'CUCM01',
        unit: 'tomcat-trust',
        certificate: 'CUCM01.der',
        certType: 'trust-cert',
        expiry: exactExpiry(8 * DAY),
      }),
    );
    const stray = openIn(
      'unassigned-192.0.2.9',
      makeEvent({ node: 'CUCM04', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(9 * DAY) }),
    );
    const strayTwin = openIn(
      'unassigned-192.0.2.9',
      makeEvent({ node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(4 * DAY) }),
    );
    for (const t of [tomcat, callManager, ipsec, trust, stray, strayTwin]) await store.update(t.id, () => t);
    await same('opening (a window, a trust entry and unassigned tickets give none)', 2);

    await store.update(
      ipsec.id,
      (t) => t && { ...t, expiry: { ...t.expiry, at: at(7 * DAY).toISOString(), precision: 'exact' } },
    );
    await same('an update that makes an expiry exact', 3);
    await store.updateEach([
      { id: tomcat.id, change: (t) => t && { ...t, expiry: { ...t.expiry, at: at(3 * DAY).toISOString() } } },
      { id: callManager.id, change: (t) => t && { ...t, expiry: { ...t.expiry, at: null, precision: 'window' } } },
    ]);
    await same('a batch update (a new date; only a window left)', 2);

    const movedId = ticketIdFor(makeEvent({ node: 'CUCM04', unit: 'tomcat', certificate: 'tomcat.der' }), 'lab');
    await store.rehome(
      stray.id,
      movedId,
      (from) => ({ ticket: { ...from, id: movedId, clusterId: 'lab' }, outcome: 'moved' }),
      at(DAY),
    );
    await same('a re-homing into a known cluster (a move)', 3);
    await store.rehome(
      strayTwin.id,
      tomcat.id,
      (from, into) => ({ ticket: { ...into!, occurrences: into!.occurrences + from.occurrences }, outcome: 'merged' }),
      at(DAY),
    );
    await same('a re-homing onto a ticket there (a merge)', 3);

    await store.update(tomcat.id, (t) => t && { ...t, status: 'resolved' });
    await same('a close', 2);
    await store.update(tomcat.id, (t) => t && { ...t, status: 'open' });
    await same('a reopen', 3);
  });

  test('one scrape sends the same few commands for 200 and for 2,000 open tickets, none naming a ticket document', async () => {
    const discovery = createDiscoveryStore(redis.client, { get: () => undefined });
    const metrics = createMetrics();
    const logger = pino({ level: 'silent' });
    /** The commands Redis received for one scrape (MONITOR, from just before to just after it). */
    const commandsOfOneScrape = async (n: number) => {
      const monitor = await redis.client.monitor();
      const seen: string[][] = [];
      monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
      try {
        await redis.client.echo(`scrape-${n}-begins`);
        await refreshDiscoveryMetrics(
          metrics,
          { discovery, tickets: store, clusters: { get: () => undefined } },
          logger,
        );
        await redis.client.echo(`scrape-${n}-ends`);
        const marker = (what: string) =>
          seen.findIndex((args) => args[0]?.toLowerCase() === 'echo' && args[1] === `scrape-${n}-${what}`);
        while (marker('ends') < 0) await new Promise((resolve) => setTimeout(resolve, 5));
        assert.ok(marker('begins') >= 0, 'the monitor saw the scrape begin');
        return seen.slice(marker('begins') + 1, marker('ends'));
      } finally {
        monitor.disconnect();
      }
    };
    const openTickets = async (from: number, to: number) => {
      const tickets = Array.from({ length: to - from }, (_, i) =>
        openIn('lab', makeEvent({ node: `NODE${from + i}`, expiry: exactExpiry((1 + ((from + i) % 90)) * DAY) })),
      );
      for (let i = 0; i < tickets.length; i += 500) {
        await store.updateEach(tickets.slice(i, i + 500).map((t) => ({ id: t.id, change: () => t })));
      }
    };
    // The first read of a store's index builds the indexes of tickets stored before (once per installation): done.
    await commandsOfOneScrape(0);
    await openTickets(0, 200);
    const few = await commandsOfOneScrape(200);
    await openTickets(200, 2000);
    const many = await commandsOfOneScrape(2000);
    // The rows are scanned a thousand at a time (HSCAN); every other command is the same however many tickets.
    const names = (commands: string[][]) =>
      commands
        .map((args) => args[0]!.toLowerCase())
        .filter((name) => name !== 'hscan')
        .sort();
    const scans = (commands: string[][]) => commands.filter((args) => args[0]!.toLowerCase() === 'hscan').length;
    assert.deepEqual(names(many), names(few), 'the same commands, however many tickets');
    assert.equal(scans(few), 1);
    assert.ok(scans(many) >= 2 && scans(many) <= 4, `2,000 rows are scanned in a few steps (${scans(many)})`);
    assert.ok(names(many).length <= 2, `and little else (${names(many).join(', ')})`);
    const ticketDocument = `${KEY_PREFIX}:ticket:`;
    assert.deepEqual(
      many.filter((args) => args.some((arg) => arg.startsWith(ticketDocument))),
      [],
      'no ticket document read',
    );
    assert.ok(
      many.some((args) => args.includes(redisKeys.ticketNotAfterRows())),
      'the gauge rows are read',
    );
    const exported = (await metrics.certificateNotAfter.get()).values;
    assert.equal(exported.length, 2000, 'one series per open ticket');
  });
});
