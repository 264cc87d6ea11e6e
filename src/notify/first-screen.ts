// The first screen of a plan mail (pure data): what needs doing and by when, in at most FIRST_SCREEN_LINES lines of the
// text part (the HTML part shows the same first). The certificates grouped by unit and expiry day, the next deadline,
// the order of work (or, for a cluster whose state is unknown, what to find out first), the maintenance window, and
// what to do now. What does not fit is counted ("+N more, see the attachment"), never dropped silently.
import type { ClusterState } from '../domain/cluster.js';
import type { Plan } from '../plan/types.js';
import { maintenanceWindowsText } from '../render/maintenance-windows.js';
import { zonedDateTime, zonedDay } from '../render/zoned-date.js';
import type { Ticket } from '../tickets/ticket.js';
import type { MailFacts } from './compose-facts.js';
import { countdown, daysLeft, fullDate, hasExpired, oneLine } from './compose-format.js';
import { certificateLabel } from './subject.js';

/** Lines of the text part a reader sees before scrolling (a mail client's preview pane, a phone screen and a half). */
export const FIRST_SCREEN_LINES = 40;

/** One row of the table: the certificates of one unit that expire on one day (in the cluster's zone). */
export interface ScreenRow {
  unit: string;
  expires: string;
  left: string;
  expired: boolean;
  /** The nodes, each with the ticket it belongs to (the HTML part links them when PUBLIC_URL is set). */
  nodes: { name: string; ticketId: string }[];
  status: string;
  /** How many certificates (tickets) the row stands for. */
  count: number;
}

/** The order of work (plan.stages), or what must be found out first (plan.discovery). */
export type ScreenWork =
  | { kind: 'order'; steps: string[]; more: number }
  | { kind: 'discovery'; unknown: string[]; checklist: string };

export interface FirstScreen {
  headline: string;
  intro: string;
  unassigned: string | null;
  timeZone: string;
  rows: ScreenRow[];
  /** Certificates in the rows left out. */
  moreCertificates: number;
  certificateCount: number;
  /** The trust-store copies these renewals clear (at most COPIES_SHOWN; the others counted in moreCopies). */
  trustCopies: string[];
  moreCopies: number;
  deadline: string;
  work: ScreenWork;
  maintenanceWindow: string | null;
  /** The attachment to read, named. */
  runbook: string;
  /** The acknowledge command (POST, token from the environment): the one action every reader can take now. */
  acknowledge: { label: string; command: string };
  links: MailFacts['links'];
  /** True for a mail of one ticket (its link names the ticket; a group's names the cluster's list). */
  single: boolean;
}

const UNIT_CHARS = 32;
/** Trust copies named on the first screen; the others are counted and listed in the attachment. */
const COPIES_SHOWN = 3;
/** Nodes named in a row or a step; the others are counted (`+4`). */
export const NODES_SHOWN = 3;

function cut(value: string, max: number): string {
  const v = oneLine(value);
  return v.length <= max ? v : `${v.slice(0, max - 1)}…`;
}

function referenceOf(t: Ticket): string {
  return t.expiry.at ?? t.expiry.latest;
}

function referenceMs(t: Ticket): number {
  const ms = Date.parse(referenceOf(t));
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function nodesOf(t: Ticket): string[] {
  return t.kind === 'trust' && t.nodes.length > 0 ? t.nodes : [t.node];
}

/** The rows: tickets grouped by unit (any case) and expiry day, soonest first. */
function rowsOf(tickets: readonly Ticket[], now: Date, zone: string): ScreenRow[] {
  const groups = new Map<string, Ticket[]>();
  for (const t of [...tickets].sort((a, b) => referenceMs(a) - referenceMs(b))) {
    const key = `${t.unit.toLowerCase()}\u0000${zonedDay(referenceOf(t), zone)}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const trust = group.filter((t) => t.kind === 'trust').length;
    const unit =
      group.length === 1 && first.kind === 'trust'
        ? `${first.unit} entry ${first.certificate}`
        : trust > 1
          ? `${first.unit} (${trust} entries)`
          : first.unit;
    const exact = group.every((t) => t.expiry.precision === 'exact' && t.expiry.at !== null);
    const nodes: ScreenRow['nodes'] = [];
    for (const t of group)
      for (const name of nodesOf(t).map((n) => cut(n, 24)))
        if (!nodes.some((n) => n.name === name)) nodes.push({ name, ticketId: t.id });
    const statuses = [...new Set(group.map((t) => t.status))];
    return {
      unit: cut(unit, UNIT_CHARS),
      expires: `${exact ? '' : 'by '}${fullDate(referenceOf(first), zone)}`,
      left: daysLeft(first.expiry, now),
      expired: hasExpired(first.expiry, now),
      nodes,
      status: statuses.join(', '),
      count: group.length,
    };
  });
}

/** `CUCM01, CUCM02, +4`. */
export function nodeList(nodes: readonly { name: string }[]): string {
  const rest = nodes.length - NODES_SHOWN;
  return [...nodes.slice(0, NODES_SHOWN).map((n) => n.name), ...(rest > 0 ? [`+${rest}`] : [])].join(', ');
}

function deadlineOf(tickets: readonly Ticket[], now: Date, zone: string): string {
  const sorted = [...tickets].sort((a, b) => referenceMs(a) - referenceMs(b));
  const expired = sorted.filter((t) => hasExpired(t.expiry, now));
  const next = sorted.find((t) => !hasExpired(t.expiry, now));
  const sameTime = (t: Ticket | undefined) =>
    t === undefined ? 0 : sorted.filter((o) => referenceOf(o) === referenceOf(t)).length - 1;
  const about = (t: Ticket) => `${cut(certificateLabel(t), 60)}${sameTime(t) > 0 ? ` and ${sameTime(t)} more` : ''}`;
  const when = (t: Ticket) =>
    `${t.expiry.precision === 'exact' && t.expiry.at !== null ? '' : 'by '}${fullDate(referenceOf(t), zone)}, ${countdown(t.expiry, now)}`;
  const parts: string[] = [];
  if (expired.length > 0) {
    parts.push(`${expired.length} EXPIRED already (the first ${fullDate(referenceOf(expired[0]!), zone)})`);
  }
  if (next) parts.push(`${expired.length > 0 ? 'next' : 'Next'} deadline: ${when(next)}: ${about(next)}`);
  return `${parts.join('; ')}.`;
}

function stageLine(stage: Plan['stages'][number], zone: string): string {
  const anchor = stage.anchor ? ` (trust anchor ${stage.anchor})` : '';
  const on = stage.nodes.length > 0 ? ` on ${nodeList(stage.nodes.map((name) => ({ name: cut(name, 24) })))}` : '';
  const late = stage.late && stage.deadline ? `; LATE: expires ${fullDate(stage.deadline, zone)}, before this day` : '';
  // A step in a maintenance window says when the window opens; otherwise its day.
  const when = stage.window ? zonedDateTime(stage.window.start, zone) : stage.date;
  return `${stage.index}. ${when}: ${cut(stage.title, 60)}${anchor}${on}${late}`;
}

function workOf(plan: Plan, runbook: string, clusterId: string, zone: string): ScreenWork {
  if (plan.discovery) {
    return {
      kind: 'discovery',
      unknown: plan.discovery.items.map((i) => i.label),
      checklist: `Find these out first with the checklist at the top of the attached runbook ${runbook}, then give the answers to certwatch (CLUSTERS_FILE, or PUT /api/v1/clusters/${clusterId}): the next mail carries the plan for them.`,
    };
  }
  return { kind: 'order', steps: plan.stages.map((s) => stageLine(s, zone)), more: 0 };
}

export interface FirstScreenInput {
  headline: string;
  tickets: readonly Ticket[];
  cluster: Pick<ClusterState, 'id' | 'maintenanceWindow' | 'maintenanceWindows'>;
  plan: Plan;
  facts: MailFacts;
  /** The file name of the HTML runbook attachment. */
  runbookName: string;
  now: Date;
}

/** The whole first screen, before fitting: every row and every step. */
export function firstScreenOf(input: FirstScreenInput): FirstScreen {
  const { tickets, facts, now } = input;
  const zone = facts.timeZone;
  return {
    headline: input.headline,
    intro: facts.intro,
    unassigned: facts.unassignedNote,
    timeZone: zone,
    rows: rowsOf(tickets, now, zone),
    moreCertificates: 0,
    certificateCount: tickets.length,
    trustCopies: facts.trustCopies.slice(0, COPIES_SHOWN).map((c) => cut(c.text, 160)),
    moreCopies: Math.max(0, facts.trustCopies.length - COPIES_SHOWN),
    deadline: deadlineOf(tickets, now, zone),
    work: workOf(input.plan, input.runbookName, input.cluster.id, zone),
    maintenanceWindow: maintenanceWindowsText(input.cluster, zone),
    runbook: input.runbookName,
    acknowledge: facts.respond.lines[0]!,
    links: facts.links,
    single: tickets.length === 1,
  };
}

/** Fewest table rows kept before steps of the order of work give way. */
const MIN_ROWS = 5;

/**
 * The screen within `maxLines` as `linesOf` lays it out: table rows give way first (down to MIN_ROWS), then steps
 * of the order of work, then rows again down to one; each cut is counted in the screen ("+N more").
 */
export function fitFirstScreen(
  screen: FirstScreen,
  linesOf: (s: FirstScreen) => number,
  maxLines = FIRST_SCREEN_LINES,
): FirstScreen {
  let fitted = screen;
  const shown = { rows: screen.rows.length, steps: screen.work.kind === 'order' ? screen.work.steps.length : 0 };
  while (linesOf(fitted) > maxLines) {
    if (shown.rows > MIN_ROWS || (shown.steps === 0 && shown.rows > 1)) shown.rows -= 1;
    else if (shown.steps > 0) shown.steps -= 1;
    else break;
    fitted = shownOnly(screen, shown);
  }
  return fitted;
}

function shownOnly(screen: FirstScreen, shown: { rows: number; steps: number }): FirstScreen {
  const work =
    screen.work.kind === 'order'
      ? {
          kind: 'order' as const,
          steps: screen.work.steps.slice(0, shown.steps),
          more: screen.work.steps.length - shown.steps + screen.work.more,
        }
      : screen.work;
  const left = screen.rows.slice(shown.rows);
  return {
    ...screen,
    rows: screen.rows.slice(0, shown.rows),
    moreCertificates: screen.moreCertificates + left.reduce((n, r) => n + r.count, 0),
    work,
  };
}
