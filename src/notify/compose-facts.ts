// The content of a plan mail as plain data (intro, per-certificate facts, how to respond), rendered by text and HTML.
import type { ClusterState } from '../domain/cluster.js';
import { isUnassignedClusterId } from '../tickets/cluster-match.js';
import type { MailKind, Ticket } from '../tickets/ticket.js';
import { expiryFact, fullDate } from './compose-format.js';
import { certificateLabel } from './subject.js';

export interface CertificateFacts {
  ticketId: string;
  title: string;
  /** [label, value] rows; values are raw text (renderers escape). */
  rows: [string, string][];
  /** CLI command that shows the installed certificate (for quiet-confirm mails and verification). */
  checkCommand: string;
  /** Link to the ticket in the API, when a base URL is configured. */
  url: string | null;
}

export interface MailFacts {
  intro: string[];
  /** A mail of several tickets: its group id (X-Certwatch-Group) and how many; each ticket id is in its rows. */
  group: { id: string; count: number } | null;
  unassignedNote: string[] | null;
  certificates: CertificateFacts[];
  respond: { title: string; lines: { label: string; command: string }[]; note: string };
}

const INTRO: Record<MailKind, string> = {
  opened: 'The Cisco Certificate Monitor reports a certificate that expires soon. The renewal plan below is ordered so that phones keep trusting their TFTP servers; read it through before changing anything.',
  escalated: 'The certificate is now more urgent than when we last wrote. This mail is sent even if the ticket was acknowledged.',
  reminder: 'Reminder: the certificate below is still not renewed (the ticket is not resolved).',
  'expired-daily': 'The certificate below has expired and the ticket is not acknowledged: this reminder repeats every day until you acknowledge or resolve it.',
  reopened: 'This ticket was resolved, but the alarm came back: the certificate was not renewed (or not on every node).',
  'quiet-confirm': 'The Certificate Monitor stopped repeating its alarm for longer than its cycle while the node kept sending other messages, so the certificate was probably renewed. certwatch never resolves on silence alone: please confirm on the node with the command shown for each certificate, then resolve the ticket (or confirm the new expiry date).',
};

/** CUCM CLI names certificates <name>.pem; alarms often say .der. */
function pemName(certificate: string): string {
  return certificate.replace(/\.der$/i, '.pem');
}

export function checkCommandFor(t: Ticket): string {
  return t.kind === 'trust' ? `show cert trust ${t.unit}/${pemName(t.certificate)}` : `show cert own ${t.unit}/${pemName(t.certificate)}`;
}

function apiBase(ticketUrlBase: string | undefined): string | null {
  if (ticketUrlBase === undefined) return null;
  const base = ticketUrlBase.trim().replace(/\/+$/, '');
  // Only http(s): a javascript: or data: base must never become a link.
  return /^https?:\/\/[^\s"'<>]+$/i.test(base) ? base : null;
}

function statusText(t: Ticket): string {
  const last = t.history.at(-1);
  const who = last && last.by !== 'certwatch' ? ` (by ${last.by})` : '';
  return `${t.status}${who}`;
}

export function mailFacts(input: {
  tickets: readonly Ticket[];
  cluster: Pick<ClusterState, 'id' | 'name' | 'nodes' | 'version' | 'securityMode'>;
  kind: MailKind;
  now: Date;
  ticketUrlBase?: string | undefined;
  /** The mail's group id (mailGroupId), shown for a mail of several tickets. */
  groupId?: string | undefined;
}): MailFacts {
  const { tickets, cluster, kind, now } = input;
  const base = apiBase(input.ticketUrlBase);
  const certificates = tickets.map((t): CertificateFacts => {
    const rows: [string, string][] = [
      ['Expires', expiryFact(t.expiry, now)],
      ['Urgency', `${t.urgency} (latest alarm ${t.alarm})`],
      ['Status', statusText(t)],
      ['Seen', `${t.occurrences} time${t.occurrences === 1 ? '' : 's'}, first ${fullDate(t.firstSeenAt)}, last ${fullDate(t.lastSeenAt)}`],
      ['Type', `${t.kind === 'trust' ? 'trust-store entry' : 'own certificate'} (reported as ${t.certType})`],
    ];
    if (t.kind === 'trust') rows.push(['Reported by', t.nodes.join(', ')]);
    if (t.linkedTicketId !== null) rows.push(['Copy of', `the node certificate of ticket ${t.linkedTicketId}: renew it on its node, the copy follows`]);
    rows.push(['Check', `${checkCommandFor(t)} (on ${t.kind === 'trust' ? t.nodes.join(', ') : t.node})`]);
    rows.push(['Ticket', t.id]);
    return {
      ticketId: t.id,
      title: certificateLabel(t),
      rows,
      checkCommand: checkCommandFor(t),
      url: base === null ? null : `${base}/api/v1/tickets/${encodeURIComponent(t.id)}`,
    };
  });

  // Unassigned, or a cluster the directory does not know (the worker then passes unknownCluster(...)).
  const unassigned =
    isUnassignedClusterId(cluster.id) ||
    (cluster.nodes.length === 0 && cluster.version === 'unknown' && cluster.securityMode === 'unknown');
  const unassignedNote = unassigned
    ? [
        `The cluster "${cluster.name}" is not in the inventory (or nothing is known about it), so its state (version, security mode, ITL signer, nodes) is unknown and the plan below covers each case.`,
        'Find it with `show version active`, `show network cluster`, `show ctl`, `show itl` and Enterprise Parameters > Cluster Security Mode, then add the cluster to CLUSTERS_FILE or PUT /api/v1/clusters/<id>.',
      ]
    : null;

  const single = tickets.length === 1 ? tickets[0] : undefined;
  const id = single?.id ?? '<ticket id>';
  const url = `${base ?? '<certwatch API>'}/api/v1/tickets/${id}`;
  // POSIX shell commands that work as printed: the token and the user come from the environment (no placeholder to
  // edit, nothing secret in the mail), a body is sent only with its Content-Type, always by POST (never a GET link
  // that a mail scanner would follow).
  const curl = `curl -sS -X POST -H "Authorization: Bearer $CERTWATCH_TOKEN" -H "X-Certwatch-User: $USER"`;
  const json = (body: string) => `-H 'Content-Type: application/json' -d '${body}'`;
  return {
    intro: [INTRO[kind]],
    group: single || input.groupId === undefined ? null : { id: input.groupId, count: tickets.length },
    unassignedNote,
    certificates,
    respond: {
      title: 'How to respond (certwatch API)',
      lines: [
        { label: 'Acknowledge (stops reminders; escalations still mail)', command: `${curl} '${url}/ack'` },
        { label: 'Add a note to the history (what is planned, a change number)', command: `${curl} ${json('{"note":"change CHG0000 planned"}')} '${url}/note'` },
        { label: 'Resolve (renewed and verified)', command: `${curl} ${json('{"note":"renewed and verified"}')} '${url}/resolve'` },
        { label: 'Reopen (a resolved or quiet ticket that still needs work)', command: `${curl} '${url}/reopen'` },
        {
          label: 'Confirm the exact expiry (as shown by the check command)',
          command: `${curl.replace('-X POST', '-X PATCH')} ${json('{"expiresAt":"YYYY-MM-DDTHH:MM:SSZ"}')} '${url}'`,
        },
      ],
      note: `${single ? '' : 'Use the Ticket id of each certificate above. '}The commands take the API token from CERTWATCH_TOKEN (export CERTWATCH_TOKEN=<token> first when an API token is set) and your name from USER; a note is optional.`,
    },
  };
}
