// Composes the mail of a node-silence ticket (pure): when it opens, which node went silent since when (the cluster's
// time zone, UTC beside it) and what to check, in the order a UC admin finds the break (the node's remote syslog
// settings, the path, the firewall); when it resolves, that the node is heard again. The resolution replies to the
// opening mail of the same silence.
import { clusterTimeZone } from '../domain/cluster-time-zone.js';
import type { ClusterState } from '../domain/cluster.js';
import { html } from '../render/html.js';
import type { NodeSilenceTicket } from '../tickets/node-silence.js';
import type { ComposedMail } from './compose-mail.js';
import { fullDate, oneLine } from './compose-format.js';
import { IMPORTANCE_HEADERS } from './importance.js';

export interface NodeSilenceMailInput {
  ticket: NodeSilenceTicket;
  cluster: Pick<ClusterState, 'name' | 'nodes' | 'timeZone'>;
  /** NODE_SILENCE_AFTER_MS, named in the mail so the reader knows what "silent" meant. */
  silenceAfterMs: number;
  from: string;
  to: string[];
  messageId: string;
  /** The opening mail of this silence, when it was sent: the resolution replies to it. */
  openingMessageId: string | null;
}

const HOUR_MS = 3_600_000;

function duration(ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** The subject the silence's thread starts with. */
export function nodeSilenceSubject(
  ticket: Pick<NodeSilenceTicket, 'node' | 'silentSince'>,
  cluster: NodeSilenceMailInput['cluster'],
): string {
  return oneLine(
    `[certwatch] ${cluster.name}: no syslog from ${ticket.node} since ${fullDate(ticket.silentSince, clusterTimeZone(cluster))}`,
  );
}

interface Body {
  summary: string;
  paragraphs: string[];
  checks: string[];
}

function openedBody(t: NodeSilenceTicket, input: NodeSilenceMailInput, zone: string, addresses: string): Body {
  const silentFor = Date.parse(t.openedAt) - Date.parse(t.silentSince);
  return {
    summary: `Node ${t.node} of ${input.cluster.name} has sent certwatch nothing since ${fullDate(t.silentSince, zone)} (${duration(silentFor)} when noticed; the limit, NODE_SILENCE_AFTER_MS, is ${duration(input.silenceAfterMs)}).`,
    paragraphs: [
      `Until it is heard again, certwatch does not see that node's certificate alarms: a certificate of ${t.node} could expire without a warning from certwatch.`,
    ],
    checks: [
      `Remote syslog on ${t.node}: Cisco Unified Serviceability > Alarm > Configuration, service Cisco Certificate Expiry Monitor: remote syslog enabled, with certwatch's address as server (or the enterprise parameters Remote Syslog Server Name 1..5). On its CLI, utils remotesyslog show protocol names the transport (udp 514, tcp 601 or tls 6514); a change there restarts the node.`,
      `The path: a syslog relay or load balancer between ${t.node}${addresses} and certwatch still forwards, and the server name still resolves to certwatch.`,
      `The firewall: that transport's port from ${t.node}${addresses} to certwatch is open (and certwatch's SYSLOG_ALLOW lists the node's address, if set).`,
      `The node itself: it is up and its services run (utils service list).`,
    ],
  };
}

function resolvedBody(t: NodeSilenceTicket, zone: string): Body {
  const heardAt = t.resolvedAt ?? t.openedAt;
  return {
    summary: `Node ${t.node} is heard again (noticed ${fullDate(heardAt, zone)}), after a silence since ${fullDate(t.silentSince, zone)}.`,
    paragraphs: [
      `Its certificate alarms reach certwatch again; the silence ticket is resolved. Nothing more to do here.`,
    ],
    checks: [],
  };
}

export function composeNodeSilenceMail(input: NodeSilenceMailInput): ComposedMail {
  const { ticket: t, cluster } = input;
  const zone = clusterTimeZone(cluster);
  const listed = cluster.nodes.find((n) => n.name === t.node)?.addresses ?? [];
  const addresses = listed.length > 0 ? ` (${listed.join(', ')})` : '';
  const opened = t.status === 'open';
  const body = opened ? openedBody(t, input, zone, addresses) : resolvedBody(t, zone);
  const footer = `Ticket ${t.id} (GET /api/v1/node-silences). Times in ${zone}, UTC in brackets.${opened ? ` It resolves itself when anything is heard from ${t.node} again, by name or at a listed address; one more mail says so.` : ''}`;
  const text = [
    oneLine(body.summary), '', ...body.paragraphs.map(oneLine),
    ...(body.checks.length > 0 ? ['', 'What to check:', ...body.checks.map((c, i) => `${i + 1}. ${oneLine(c)}`)] : []),
    '', oneLine(footer), '',
  ].join('\n');
  const part = html`<p><strong>${body.summary}</strong></p>${body.paragraphs.map((p) => html`<p>${p}</p>`)}${
    body.checks.length > 0 ? html`<p>What to check:</p><ol>${body.checks.map((c) => html`<li>${c}</li>`)}</ol>` : ''
  }<p>${footer}</p>`;
  const thread = opened ? null : input.openingMessageId;
  const subject = nodeSilenceSubject(t, cluster);
  const mail: ComposedMail = {
    from: oneLine(input.from),
    to: input.to.map(oneLine).filter((a) => a !== ''),
    subject:
      thread === null && !opened
        ? oneLine(`[certwatch] ${cluster.name}: ${t.node} heard again`)
        : thread === null
          ? subject
          : `Re: ${subject}`,
    text,
    html: `<!doctype html><html><body>${part.value}</body></html>`,
    attachments: [],
    messageId: input.messageId,
    headers: {
      'X-Certwatch-Kind': opened ? 'node-silence' : 'node-heard-again',
      ...IMPORTANCE_HEADERS[opened ? 'high' : 'normal'],
      'X-Certwatch-Ticket': oneLine(t.id),
    },
  };
  if (thread !== null) {
    mail.inReplyTo = thread;
    mail.references = [thread];
  }
  return mail;
}
