// Tickets for the web page tests, written through the real ticket store: expired, due within a week, a window, one far
// off at a fixed instant (its zoned date is known), a resolved one, and hostile strings from syslog in a node name,
// a certificate name and a history note. Expiries count from the real clock: the service's `now` is the real one.
// startPagesService serves them beyond loopback, where the pages need the token.
import { Redis } from 'ioredis';
import { createMailGroups } from '../../src/notify/mail-groups.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import type { Ticket, TicketExpiry } from '../../src/tickets/ticket.js';
import { startTestService } from '../support/in-process.js';
import { parseExposition, sumSamples } from '../support/metrics.js';
import { startTestRedis } from '../support/redis-server.js';
import { DAY, makeEvent, openWith } from '../tickets/fixtures.js';

export const HOSTILE_NODE = `<img src=x onerror="window.__pwned=1">NODE'9`;
export const HOSTILE_CERT = `"><script>window.__pwned=1</script>.pem`;
export const HOSTILE_NOTE = `<b onclick='window.__pwned=1'>CHG</b>`;
/** The far ticket's expiry: 10:00 in Berlin, winter time. */
export const FAR_EXPIRY = '2099-01-15T09:00:00.000Z';
export const FAR_EXPIRY_TEXT = '2099-01-15 10:00 CET (09:00 UTC)';
export const RUNBOOK_TEXT = 'Runbook of the seeded mail';

export interface SeededTickets {
  /** Not resolved, in expiry order. */
  open: Ticket[];
  resolved: Ticket;
  byName: Record<'expired' | 'soon' | 'hostile' | 'window' | 'far', Ticket>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export async function seedPageTickets(redis: Redis): Promise<SeededTickets> {
  const now = Date.now();
  const exact = (inMs: number): TicketExpiry => {
    const at = iso(now + inMs);
    return { at, earliest: at, latest: at, precision: 'exact', source: 'alarm', note: 'exact' };
  };
  const make = (
    id: string,
    clusterId: string,
    over: Partial<Ticket>,
    event: Partial<CertificateEvent> = {},
  ): Ticket => ({ ...openWith(makeEvent(event)), id, clusterId, ...over });
  const expired = make(
    'lab-expired',
    'lab',
    { expiry: exact(-2 * DAY - 3_600_000) },
    { node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.pem' },
  );
  const soon = make(
    'lab-soon',
    'lab',
    {
      expiry: { ...exact(3 * DAY + 3_600_000), precision: 'inferred', note: 'year inferred' },
      status: 'notified',
      mailed: [{ revision: 1, messageId: '<m1@certwatch>', at: iso(now - DAY), groupId: 'g-soon' }],
    },
    { node: 'CUCM02', unit: 'CallManager', certificate: 'CallManager.pem' },
  );
  const hostile = make(
    'other-hostile',
    'other',
    {
      expiry: exact(10 * DAY + 3_600_000),
      node: HOSTILE_NODE,
      nodes: [HOSTILE_NODE],
      certificate: HOSTILE_CERT,
    },
    { node: HOSTILE_NODE, unit: 'ipsec', certificate: HOSTILE_CERT },
  );
  hostile.history = [
    ...hostile.history,
    { at: iso(now), from: 'open', to: 'acknowledged', reason: 'acknowledged-by-user', by: 'alice', note: HOSTILE_NOTE },
  ];
  hostile.status = 'acknowledged';
  const window = make(
    'lab-window',
    'lab',
    {
      expiry: {
        at: null,
        earliest: iso(now + 20 * DAY),
        latest: iso(now + 27 * DAY),
        precision: 'window',
        source: 'alarm',
        note: 'window only',
      },
    },
    { node: 'CUCM03', unit: 'tomcat-ECDSA', certificate: 'tomcat-ECDSA.pem' },
  );
  const far = make(
    'lab-far',
    'lab',
    { expiry: { ...exact(0), at: FAR_EXPIRY, earliest: FAR_EXPIRY, latest: FAR_EXPIRY } },
    { node: 'IMP01', unit: 'cup-xmpp', certificate: 'cup-xmpp.pem' },
  );
  const resolved = make(
    'lab-resolved',
    'lab',
    { expiry: exact(DAY), status: 'resolved' },
    { node: 'CUCM01', unit: 'ipsec', certificate: 'ipsec.pem' },
  );

  const store = createTicketStore(redis);
  const all = [expired, soon, hostile, window, far, resolved];
  for (const ticket of all) await store.update(ticket.id, () => ticket);
  await createMailGroups(redis).record({
    groupId: 'g-soon',
    messageId: '<m1@certwatch>',
    at: iso(now - DAY),
    members: [{ ticketId: soon.id, revision: 1 }],
    attachments: [
      {
        filename: 'runbook.html',
        contentType: 'text/html; charset=utf-8',
        content: `<!doctype html><title>r</title><p>${RUNBOOK_TEXT}</p>`,
      },
    ],
  });
  return { open: [expired, soon, hostile, window, far], resolved, byName: { expired, soon, hostile, window, far } };
}

export interface PagesService {
  base: string;
  seeded: SeededTickets;
  /** A metric's sum over its series, read from /metrics with the token. */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

/** Redis with the seeded tickets, and certwatch's API role on it bound beyond loopback (the token in force). */
export async function startPagesService(token: string): Promise<PagesService> {
  const redis = await startTestRedis();
  const client = new Redis(redis.url);
  const stop = async (service?: { stop(): Promise<void> }) => {
    await service?.stop();
    client.disconnect();
    await redis.stop();
  };
  try {
    const seeded = await seedPageTickets(client);
    const service = await startTestService({
      REDIS_URL: redis.url, API_TOKEN: token, HTTP_HOST: '0.0.0.0', CLUSTERS_FILE: 'samples/clusters/lab.yaml',
    }, ['api']);
    const base = `http://127.0.0.1:${service.ports.http}`;
    const metric = async (name: string) => {
      const text = await (await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
      return sumSamples(parseExposition(text), name, {});
    };
    return { base, seeded, metric, stop: () => stop(service) };
  } catch (error) {
    await stop();
    throw error;
  }
}
