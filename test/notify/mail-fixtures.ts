// Builders for plan-mail tests (pure, fixed clock): a known cluster as samples/clusters/lab.yaml describes it, grown to
// any number of nodes; a whole cluster's certificates due together; the composer's input with a real plan.
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import { mailGroupId, messageIdFor, type PlanMailInput } from '../../src/notify/compose-mail.js';
import { planForTickets } from '../../src/plan/ticket-plan.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, T0, exactExpiry, makeEvent, openWith } from '../tickets/fixtures.js';

/** The lab cluster of samples/clusters/lab.yaml (12.5, mixed, tokenless, everything self-signed) with `nodeCount`
 * nodes, CUCM01 the publisher (Europe/Berlin). */
export function knownCluster(nodeCount = 4, over: Partial<ClusterState> = {}): ClusterState {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    name: `CUCM0${i + 1}`,
    addresses: [`192.0.2.${11 + i}`],
    roles:
      i === 0
        ? ['publisher' as const, 'tftp' as const]
        : i === 1
          ? ['subscriber' as const, 'tftp' as const]
          : ['subscriber' as const],
    timeZone: 'Europe/Berlin',
  }));
  return {
    ...unknownCluster('lab', 'Lab cluster'),
    version: '12.5(1)SU6',
    securityMode: 'mixed',
    ctlSigner: 'tokenless',
    itlSigner: 'itlrecovery',
    rollbackToPre8: false,
    tftpServers: ['CUCM01', 'CUCM02'],
    callManagerGroupsRedundant: true,
    nodes,
    signing: {
      tomcat: 'self-signed',
      'tomcat-ecdsa': 'self-signed',
      callmanager: 'self-signed',
      'callmanager-ecdsa': 'self-signed',
      capf: 'self-signed',
      tvs: 'self-signed',
      ipsec: 'self-signed',
      itlrecovery: 'self-signed',
    },
    tomcatReusedAsCallManager: false,
    lsc: 'capf',
    sipOAuth: false,
    recipients: ['uc-team@lab.example'],
    maintenanceWindow: 'Sat 22:00-02:00 Europe/Berlin',
    ...over,
  };
}

export const OWN_UNITS = [
  'tomcat',
  'tomcat-ECDSA',
  'CallManager',
  'CallManager-ECDSA',
  'CAPF',
  'TVS',
  'ipsec',
  'ITLRecovery',
];
export const TRUST_UNITS = ['tomcat-trust', 'CallManager-trust'];

/** Every own unit on every node of `cluster` due in `inMs`, plus each node's certificate in the tomcat-trust and
 * CallManager-trust stores of every node (one ticket per store and certificate, reported by all nodes): the grouped
 * mail of a whole cluster. */
export function wholeCluster(cluster: ClusterState, inMs = 10 * DAY): Ticket[] {
  const names = cluster.nodes.map((n) => n.name);
  const own = cluster.nodes.flatMap((n) =>
    OWN_UNITS.map((unit) =>
      openWith(makeEvent({ node: n.name, host: null, unit, certificate: `${unit}.der`, expiry: exactExpiry(inMs) })),
    ),
  );
  const trust = cluster.nodes.flatMap((n) =>
    TRUST_UNITS.map((unit) => ({
      ...openWith(
        makeEvent({
          node: names[0],
          host: null,
          unit,
          certificate: `${n.name}.der`,
          certType: 'trust-cert',
          expiry: exactExpiry(inMs),
        }),
      ),
      nodes: names,
    })),
  );
  return [...own, ...trust];
}

/** The composer's input for `tickets` of `cluster`, with the plan the engine makes for them at T0. */
export function mailInput(tickets: Ticket[], cluster: ClusterState, over: Partial<PlanMailInput> = {}): PlanMailInput {
  const ids = tickets.map((t) => t.id);
  const revisions = tickets.map((t) => t.revision);
  return {
    tickets, cluster, runbook: planForTickets(cluster, tickets, T0),
    kind: 'opened', now: T0, from: 'certwatch <certwatch@example.com>', to: ['voice@example.com'],
    messageId: messageIdFor(ids, revisions, { installId: 'inst1', domain: 'example.com' }),
    groupId: mailGroupId(ids, revisions), threadMessageId: null, threadSubject: null, ...over,
  };
}

/** The lines of the text part a reader sees first. */
export function firstLines(text: string, n = 40): string[] {
  return text.split('\n').slice(0, n);
}
