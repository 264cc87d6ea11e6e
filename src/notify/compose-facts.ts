// The content of a plan mail as plain data (intro, per-certificate facts, how to respond, links), rendered by text and
// HTML. Every date is in the cluster's time zone with UTC beside it.
import type { ClusterState } from '../domain/cluster.js';
import { clusterTimeZone } from '../domain/cluster-time-zone.js';
import { isUnassignedClusterId } from '../tickets/cluster-match.js';
import type { FactSource } from '../discovery/facts-schema.js';
import type { DiscoveredEvidence, MailKind, Ticket } from '../tickets/ticket.js';
import { expiryFact, fullDate, oneLine } from './compose-format.js';
import { certificateLabel } from './subject.js';

export interface CertificateFacts {
  ticketId: string;
  title: string;
  /** Facts in the order a reader wants them, each [label, value] on one line; values are raw text (renderers
   * escape). */
  rows: [string, string][];
  /** CLI command that shows the installed certificate (for quiet-confirm mails and verification). */
  checkCommand: string;
  /** Link to the ticket in the API, when a base URL is configured. */
  url: string | null;
}

/** One trust-store copy riding on an own ticket of the mail (src/tickets/trust-copies.ts). */
export interface TrustCopyFact {
  ticketId: string;
  /** Store, entry and the nodes that report it, and the own certificate whose renewal clears it. */
  text: string;
}

export interface MailFacts {
  /** What this kind of mail asks of the reader, in one sentence or two. */
  intro: string;
  /** The zone every date is shown in (UTC beside it). */
  timeZone: string;
  /** A mail of several tickets: its group id (X-Certwatch-Group) and how many; each ticket id is in its rows. */
  group: { id: string; count: number } | null;
  /** Set when nothing is known about the cluster: where its state is to be given. */
  unassignedNote: string | null;
  certificates: CertificateFacts[];
  respond: { title: string; lines: { label: string; command: string }[]; note: string };
  /** The trust-store copies the mail's own certificates clear (they send no alert of their own meanwhile), one line
   * each; empty when there are none. */
  trustCopies: TrustCopyFact[];
  /** With PUBLIC_URL: the tickets of the mail and the runbook in the API (GET links: they only read). */
  links: { tickets: string; runbook: string } | null;
}

const RUNBOOK_NOTE =
  'The attached runbook orders the renewal so that phones keep trusting their TFTP servers: read it through before changing anything.';

const INTRO: Record<MailKind, string> = {
  opened: `The Cisco Certificate Monitor reports certificates that expire soon. ${RUNBOOK_NOTE}`,
  escalated: 'This is more urgent than when we last wrote. This mail is sent even if the ticket was acknowledged.',
  reminder: 'Reminder: not renewed yet (the ticket is not resolved).',
  'expired-daily':
    'Expired and not acknowledged: this reminder repeats every day until you acknowledge or resolve the ticket.',
  reopened:
    'This ticket was resolved, but the alarm came back: the certificate was not renewed (or not on every node).',
  'quiet-confirm':
    'The Certificate Monitor stopped repeating its alarm for longer than its cycle while the node kept sending other messages, so the certificate was probably renewed. certwatch never resolves on silence alone: please confirm on the node with the check command of each ticket below, then resolve the ticket (or confirm the new expiry date).',
};

/** How a person names each kind of discovery source (the detail, a URL, file or command, follows it). */
const SOURCE_TEXT: Record<FactSource['kind'], string> = {
  'itl-file': 'the ITL file',
  'ctl-file': 'the CTL file',
  'show-output': 'pasted CLI output',
  uds: 'UDS',
  'tls-probe': 'a TLS handshake',
};

/** Opened by discovery (a certificate read in the ladder, no alarm behind the opening): its mail must not claim one. */
function openedByDiscovery(t: Ticket): boolean {
  const reason = t.pendingMail?.reason ?? t.history[0]?.reason;
  return reason === 'discovered-in-ladder' || reason === 'reopened-in-ladder';
}

/** `the ITL file (http://cucm01:6970/ITLFile.tlv) on 2026-11-20 11:00 CET (10:00 UTC): serial 7e57, valid until ...`:
 * where and when discovery read the certificate (the source it was last read from), and its exact not-after. */
function discoveredText(evidence: DiscoveredEvidence, zone: string): string {
  const source = evidence.sources.at(-1);
  const where = source === undefined ? 'discovery' : `${SOURCE_TEXT[source.kind]} (${oneLine(source.detail)})`;
  return `${where} on ${fullDate(evidence.firstReadAt, zone)}: serial ${oneLine(evidence.serial)}, valid until ${fullDate(evidence.notAfter, zone)} exactly`;
}

/**
 * The opening mail says who told: the Certificate Monitor's alarms, or certwatch's discovery reading the certificate
 * itself (what, where, when, the exact not-after), or both for a mail of several tickets.
 */
function openedIntro(tickets: readonly Ticket[], zone: string): string {
  const discovered = tickets.filter(openedByDiscovery);
  if (discovered.length === 0) return INTRO.opened;
  const only = tickets.length === 1 ? discovered[0] : undefined;
  // A ticket reopened by discovery may hold an alarm of its earlier cycle: "no alarm yet" only where none ever came.
  const noAlarm = discovered.every((t) => t.alarm === null) ? '; no alarm from the Cisco Certificate Monitor yet' : '';
  if (only?.discovered) {
    return `certwatch read this certificate from the cluster itself (discovery${noAlarm}): ${discoveredText(only.discovered, zone)}. ${RUNBOOK_NOTE}`;
  }
  const who =
    discovered.length === tickets.length
      ? `certwatch read these certificates from the cluster itself (discovery${noAlarm})`
      : `The Cisco Certificate Monitor reports some of these certificates; certwatch read the others from the cluster itself (discovery${noAlarm})`;
  return `${who}: they expire soon, and each says under "Read" where and when. ${RUNBOOK_NOTE}`;
}

/** The alarms seen; a ticket opened from discovery has none until the Certificate Monitor alarms. */
function sightingsText(t: Ticket): string {
  if (t.alarm === null) return '(no alarm yet); read by discovery';
  return `(latest alarm ${t.alarm}); seen ${t.occurrences} time${t.occurrences === 1 ? '' : 's'}`;
}

/** What the user wrote when the snooze reaching the ticket was set (its latest snooze decision's note), or ''. */
function snoozeReasonOf(t: Ticket): string {
  const entry = [...t.history].reverse().find((h) => h.reason === 'snoozed' || h.reason === 'cluster-snooze-applied');
  return entry?.note ?? '';
}

/**
 * A mail decided while its ticket was snoozed says so first: a ticket opened during its cluster's snooze (the opening
 * mail still goes: a new certificate is news) names the snooze's end and reason; an escalation (reminders wait, it
 * does not) names the end.
 */
function snoozeNote(tickets: readonly Ticket[], zone: string): string {
  const during = tickets.filter((t) => t.pendingMail?.duringSnoozeUntil !== undefined);
  const openedInSnooze = (t: Ticket) =>
    t.pendingMail!.kind === 'opened' && t.history.some((h) => h.reason === 'cluster-snooze-applied');
  const opened = during.find(openedInSnooze);
  const other = during.find((t) => !openedInSnooze(t));
  const notes: string[] = [];
  if (opened) {
    const reason = snoozeReasonOf(opened);
    notes.push(
      `Opened during the cluster's snooze (until ${fullDate(opened.pendingMail!.duringSnoozeUntil!, zone)}${reason === '' ? '' : `, reason ${reason}`}): this first mail goes out, reminders wait until then.`,
    );
  }
  if (other) {
    notes.push(
      `Escalation during a snooze (until ${fullDate(other.pendingMail!.duringSnoozeUntil!, zone)}): reminders stay quiet, this does not.`,
    );
  }
  return notes.map((n) => `${n} `).join('');
}

/** CUCM CLI names certificates <name>.pem; alarms often say .der. */
function pemName(certificate: string): string {
  return certificate.replace(/\.der$/i, '.pem');
}

export function checkCommandFor(t: Ticket): string {
  return t.kind === 'trust'
    ? `show cert trust ${t.unit}/${pemName(t.certificate)}`
    : `show cert own ${t.unit}/${pemName(t.certificate)}`;
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

/** The runbook this mail carries, in the API: that of its first ticket's last mail, which is this one once it is sent
 * (GET /api/v1/tickets/:id/runbook serves it as sent, deadlines included). */
function runbookUrl(base: string, tickets: readonly Ticket[]): string {
  return `${base}/api/v1/tickets/${encodeURIComponent(tickets[0]?.id ?? '')}/runbook`;
}

export function mailFacts(input: {
  tickets: readonly Ticket[];
  cluster: Pick<ClusterState, 'id' | 'name' | 'nodes' | 'version' | 'securityMode' | 'timeZone'>;
  kind: MailKind;
  now: Date;
  ticketUrlBase?: string | undefined;
  /** The mail's group id (mailGroupId), shown for a mail of several tickets. */
  groupId?: string | undefined;
  /** Per own ticket of the mail, the open trust copies riding on it (selectMail). */
  copies?: ReadonlyMap<string, readonly Ticket[]> | undefined;
}): MailFacts {
  const { tickets, cluster, kind, now } = input;
  const base = apiBase(input.ticketUrlBase);
  const zone = clusterTimeZone(cluster);
  const certificates = tickets.map((t): CertificateFacts => {
    const rows: [string, string][] = [
      ['Expires', expiryFact(t.expiry, now, zone)],
      [
        'State',
        `${statusText(t)}; urgency ${t.urgency} ${sightingsText(t)}, first ${fullDate(t.firstSeenAt, zone)}, last ${fullDate(t.lastSeenAt, zone)}`,
      ],
      [
        'Check',
        `${checkCommandFor(t)} (on ${t.kind === 'trust' ? t.nodes.join(', ') : t.node}; ${t.kind === 'trust' ? 'trust-store entry' : 'own certificate'}, reported as ${t.certType})`,
      ],
    ];
    if (t.discovered !== null) rows.push(['Read', `by discovery from ${discoveredText(t.discovered, zone)}`]);
    if (t.linkedTicketId !== null) {
      rows.push([
        'Copy of',
        `the node certificate of ticket ${t.linkedTicketId}: renew it on its node, the copy follows`,
      ]);
    }
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
    ? `The cluster "${cluster.name}" is not in the inventory (or nothing is known about it): add it to CLUSTERS_FILE or PUT /api/v1/clusters/${cluster.id}.`
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
    intro: `${snoozeNote(tickets, zone)}${kind === 'opened' ? openedIntro(tickets, zone) : INTRO[kind]}`,
    timeZone: zone,
    group: single || input.groupId === undefined ? null : { id: input.groupId, count: tickets.length },
    unassignedNote,
    certificates,
    trustCopies: tickets.flatMap((own) => (input.copies?.get(own.id) ?? []).map((c) => ({
      ticketId: c.id, text: `${certificateLabel(c)}: copy of ${certificateLabel(own)}`,
    }))),
    respond: {
      title: 'How to respond (certwatch API)',
      lines: [
        // A mail of several tickets is acknowledged whole by its group id (X-Certwatch-Group); one ticket by its id.
        ...(single || input.groupId === undefined
          ? []
          : [
              {
                label: 'Acknowledge every ticket of this mail (stops reminders; escalations still mail)',
                command: `${curl} '${base ?? '<certwatch API>'}/api/v1/mail-groups/${encodeURIComponent(input.groupId)}/ack'`,
              },
            ]),
        { label: 'Acknowledge (stops reminders; escalations still mail)', command: `${curl} '${url}/ack'` },
        {
          label: 'Snooze until a time, with a change number (no reminders; escalations still mail)',
          command: `${curl} ${json('{"until":"YYYY-MM-DDTHH:MM:SSZ","reason":"CHG0000"}')} '${url}/snooze'`,
        },
        {
          label: 'Add a note to the history (what is planned, a change number)',
          command: `${curl} ${json('{"note":"change CHG0000 planned"}')} '${url}/note'`,
        },
        {
          label: 'Resolve (renewed and verified)',
          command: `${curl} ${json('{"note":"renewed and verified"}')} '${url}/resolve'`,
        },
        { label: 'Reopen (a resolved or quiet ticket that still needs work)', command: `${curl} '${url}/reopen'` },
        {
          label: 'Confirm the exact expiry (as shown by the check command)',
          command: `${curl.replace('-X POST', '-X PATCH')} ${json('{"expiresAt":"YYYY-MM-DDTHH:MM:SSZ"}')} '${url}'`,
        },
      ],
      note: `${single ? '' : 'Put the id of each ticket (listed above) in place of <ticket id>. '}The commands take the API token from CERTWATCH_TOKEN (export CERTWATCH_TOKEN=<token> first when an API token is set) and your name from USER; a note is optional.`,
    },
    links:
      base === null
        ? null
        : {
            tickets: single
              ? `${base}/api/v1/tickets/${encodeURIComponent(single.id)}`
              : `${base}/api/v1/expiries?cluster=${encodeURIComponent(cluster.id)}`,
            runbook: runbookUrl(base, tickets),
          },
  };
}
