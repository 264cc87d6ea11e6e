// Silent nodes (pure: the node's last message, its silence ticket, now -> next ticket + named reason). A node of a
// known cluster that was heard once and then sends nothing for NODE_SILENCE_AFTER_MS may have lost its syslog path,
// and with it every certificate alarm it would send: a ticket of its own kind, resolved when the node is heard again.
// Opening and resolving each bump the revision, which the cluster's recipients are mailed once
// (src/worker/node-silence-mail.ts).
import { normalizeNodeName } from './ticket-key.js';
import { SYSTEM_ACTOR, type HistoryEntry } from './ticket.js';

export interface NodeSilenceTicket {
  /** `<cluster>/<node>` (node as a short lower-case name, as ticket keys compare them). */
  id: string;
  kind: 'node-silence';
  clusterId: string;
  /** The node as the inventory names it. */
  node: string;
  status: 'open' | 'resolved';
  /** The node's last message before the current (or latest) silence: the silence runs from here. */
  silentSince: string;
  /** When the current (or latest) silence was noticed. */
  openedAt: string;
  /** When the node was heard again; null while the silence lasts. */
  resolvedAt: string | null;
  /** Bumped when the ticket opens and when it resolves: each is mailed once, one mail per revision. 0 on a ticket
   * stored before silences were mailed (readNodeSilence): nothing of it is pending. */
  revision: number;
  /** The mails sent, oldest first: the first one starts the thread the others reply to. */
  mailed: NodeSilenceMailed[];
  history: HistoryEntry[];
}

export interface NodeSilenceMailed {
  revision: number;
  messageId: string;
  at: string;
}

/** A stored ticket as this version reads it: one stored before silences were mailed has no revision nor mails yet. */
export function readNodeSilence(json: string): NodeSilenceTicket {
  const stored = JSON.parse(json) as Omit<NodeSilenceTicket, 'revision' | 'mailed'> &
    Partial<Pick<NodeSilenceTicket, 'revision' | 'mailed'>>;
  return { ...stored, revision: stored.revision ?? 0, mailed: stored.mailed ?? [] };
}

/** The revision whose mail is still to be sent, or null (nothing decided since the last mail). */
export function unmailedSilenceRevision(t: Pick<NodeSilenceTicket, 'revision' | 'mailed'>): number | null {
  return t.revision > 0 && !t.mailed.some((m) => m.revision === t.revision) ? t.revision : null;
}

/** The ticket with a sent mail recorded (unchanged when that revision is recorded already). */
export function recordSilenceMailed(t: NodeSilenceTicket, sent: NodeSilenceMailed): NodeSilenceTicket {
  return t.mailed.some((m) => m.revision === sent.revision) ? t : { ...t, mailed: [...t.mailed, sent] };
}

export type NodeSilenceAction = 'open' | 'resolve' | 'none';

export type NodeSilenceReason =
  | 'node-silent' // open: heard once, then nothing for nodeSilenceAfterMs (again, on a resolved ticket)
  | 'node-heard-again' // resolve: a message after the silence began
  | 'never-heard' // none: no message ever, so no path that could have broken (not configured yet)
  | 'heard-recently' // none
  | 'still-silent'; // none: the ticket is open and nothing was heard since

export interface NodeSilenceDecision {
  action: NodeSilenceAction;
  reason: NodeSilenceReason;
  /** The next ticket (a new object) for open/resolve; the existing one (or null) for none. */
  ticket: NodeSilenceTicket | null;
}

export interface NodeHeard {
  clusterId: string;
  node: string;
  /** Epoch ms of the node's latest message of any kind (by name or by a listed address); null: never heard. */
  lastHeardMs: number | null;
}

export function nodeSilenceId(clusterId: string, node: string): string {
  return `${clusterId}/${normalizeNodeName(node)}`;
}

/**
 * - never heard: nothing ('never-heard');
 * - an open ticket: a message after its silence began resolves it ('node-heard-again'), else 'still-silent';
 * - no ticket, or a resolved one: silent for at least `silenceAfterMs` opens it, again if resolved ('node-silent');
 *   else 'heard-recently'.
 */
export function decideNodeSilence(
  existing: NodeSilenceTicket | null,
  heard: NodeHeard,
  now: Date,
  silenceAfterMs: number,
): NodeSilenceDecision {
  const none = (reason: NodeSilenceReason): NodeSilenceDecision => ({ action: 'none', reason, ticket: existing });
  if (heard.lastHeardMs === null) return none('never-heard');
  const lastHeard = new Date(heard.lastHeardMs).toISOString();
  const at = now.toISOString();

  if (existing?.status === 'open') {
    if (heard.lastHeardMs <= Date.parse(existing.silentSince)) return none('still-silent');
    const entry: HistoryEntry = {
      at,
      from: 'open',
      to: 'resolved',
      reason: 'node-heard-again',
      by: SYSTEM_ACTOR,
      detail: `heard at ${lastHeard}`,
    };
    return {
      action: 'resolve',
      reason: 'node-heard-again',
      ticket: {
        ...existing,
        status: 'resolved',
        resolvedAt: at,
        revision: existing.revision + 1,
        history: [...existing.history, entry],
      },
    };
  }
  if (now.getTime() - heard.lastHeardMs < silenceAfterMs) return none('heard-recently');
  const entry: HistoryEntry = {
    at, from: existing?.status ?? null, to: 'open', reason: 'node-silent', by: SYSTEM_ACTOR,
    detail: `nothing heard since ${lastHeard} (${Math.floor((now.getTime() - heard.lastHeardMs) / 3_600_000)} h)`,
  };
  return {
    action: 'open',
    reason: 'node-silent',
    ticket: {
      id: nodeSilenceId(heard.clusterId, heard.node),
      kind: 'node-silence',
      clusterId: heard.clusterId,
      node: heard.node,
      status: 'open',
      silentSince: lastHeard,
      openedAt: at,
      resolvedAt: null,
      revision: (existing?.revision ?? 0) + 1,
      mailed: existing?.mailed ?? [],
      history: [...(existing?.history ?? []), entry],
    },
  };
}
