// POST /api/v1/clusters/:id/{ack,resolve,snooze}, DELETE /api/v1/clusters/:id/snooze and
// POST /api/v1/mail-groups/:id/ack: one action for many tickets (a cluster's open tickets, or the tickets of one mail).
// The body and the idempotency are the single routes'; the answer lists the tickets changed and those left as they
// were, each with its reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mailGroupId } from '../../notify/compose-mail.js';
import { snoozeEnd, type TicketAction } from '../../tickets/decide.js';
import { ticketsOfMailGroup } from '../../tickets/mail-group.js';
import type { ClusterSnooze } from '../../tickets/snooze.js';
import type { Ticket, TicketStatus } from '../../tickets/ticket.js';
import { actorOf } from '../auth.js';
import { actionRoute, readActionBody, untilOf, userNote, type WriteOptions } from './action-body.js';
import { applyAction } from './apply-action.js';
import type { ApiDeps } from './api-routes.js';

interface BulkItem {
  id: string;
  reason: string;
  status: TicketStatus;
}

/** What the body asked, once read: the note as the history stores it, the user, the snooze's end (snooze only). */
interface Asked {
  note: string;
  by: string;
  until: string | undefined;
  now: Date;
}

/** The tickets a bulk route acts on, or the 404 message when its target does not exist. */
type Target = (id: string) => Promise<Ticket[] | string>;

/** A cluster's open tickets (read from the cluster's index, not from every ticket). */
async function openOfCluster(deps: ApiDeps, id: string): Promise<Ticket[] | string> {
  const own = await deps.store.ofCluster(id);
  // A cluster is known from the inventory, or from its tickets (an unassigned cluster, or one since removed).
  if (!deps.clusters.get(id) && own.length === 0) return `no cluster ${id}`;
  return own.filter((t) => t.status !== 'resolved');
}

const clusterTarget = (deps: ApiDeps): Target => (id) => openOfCluster(deps, id);

/** Re-homings followed from one id, at most (a chain is at most one long: only unassigned tickets move). */
const MAX_MOVE_HOPS = 3;

/** The ticket now standing for `id`: itself, or where it was re-homed (moved or merged) since. */
async function currentTicket(deps: ApiDeps, id: string): Promise<Ticket | null> {
  let at = id;
  for (let hop = 0; hop <= MAX_MOVE_HOPS; hop += 1) {
    const ticket = await deps.store.get(at);
    if (ticket) return ticket;
    const move = await deps.store.movedTo(at);
    if (!move) return null;
    at = move.to;
  }
  return null;
}

/**
 * The tickets of one mail: its recorded members (mail-groups.ts), each followed to where it was re-homed since (its id
 * changed, and so would a group id computed from the tickets); a mail sent before groups were recorded is found from
 * the tickets' own mail records, as before (the one whole listing left: such mails are older than this version).
 */
const mailGroupTarget = (deps: ApiDeps): Target => async (id) => {
  const group = await deps.mailGroups.get(id);
  if (group === null) {
    const members = ticketsOfMailGroup(await deps.store.list(), id, mailGroupId);
    return members.length > 0 ? members : `no mail group ${id}`;
  }
  const found: Ticket[] = [];
  for (const m of group.members) {
    const ticket = await currentTicket(deps, m.ticketId);
    // Two members merged into one ticket are acted on once; a member gone for good is left out.
    if (ticket && !found.some((f) => f.id === ticket.id)) found.push(ticket);
  }
  return found;
};

export function registerBulkActions(api: FastifyInstance, deps: ApiDeps, write: WriteOptions): void {
  /**
   * The target first (404 whatever the body), then the body as the single routes read it, then the action on every
   * ticket of the target, one by one (each a compare-and-set of its own). A ticket refused (e.g. an ack of a resolved
   * one) is listed as left as it was; so is one that already is what the action asks. `before` runs once the body is
   * known to be good, before any ticket changes (a cluster's snooze is stored there), and adds to the answer.
   */
  async function actOnAll(
    request: FastifyRequest,
    reply: FastifyReply,
    target: Target,
    actionOf: (asked: Asked) => TicketAction,
    options: { snooze?: boolean; before?: (asked: Asked) => Promise<Record<string, unknown> | string> } = {},
  ) {
    const { id } = request.params as { id: string };
    let tickets = await target(id);
    if (typeof tickets === 'string') return reply.code(404).send({ error: 'Not Found', message: tickets });
    const body = readActionBody(request, reply);
    if (body === null) return reply;
    const end = untilOf(body, options.snooze ?? false);
    if ('problem' in end) return reply.code(400).send({ error: 'Bad Request', message: end.problem });
    const asked: Asked = { note: userNote(body), by: actorOf(request), until: end.until, now: deps.now() };
    let extra = {};
    if (options.before) {
      const done = await options.before(asked);
      if (typeof done === 'string') return reply.code(400).send({ error: 'Bad Request', message: done });
      extra = done;
      // Listed again: a ticket that appeared while `before` ran is on the list now (or was opened after it).
      const again = await target(id);
      if (typeof again !== 'string') tickets = again;
    }
    const action = actionOf(asked);
    const changed: BulkItem[] = [];
    const unchanged: BulkItem[] = [];
    for (const listed of tickets) {
      const applied = await applyAction(deps, request.log, listed.id, action, asked.by, asked.now);
      // Gone since the list was read (e.g. moved to another cluster): left out.
      if (!applied) continue;
      const item = { id: listed.id, reason: applied.decision.reason, status: applied.ticket.status };
      (applied.decision.outcome === 'done' ? changed : unchanged).push(item);
    }
    return { ...extra, changed, unchanged };
  }

  const route = (tag: string, summary: string) => actionRoute(write, tag, summary);
  api.post(
    '/clusters/:id/ack',
    route(
      'clusters',
      'Acknowledge every open ticket of the cluster; lists the tickets changed and those left as they were',
    ),
    (request, reply) => actOnAll(request, reply, clusterTarget(deps), ({ note }) => ({ type: 'ack', note })),
  );
  api.post('/clusters/:id/resolve', route('clusters', 'Resolve every open ticket of the cluster'), (request, reply) =>
    actOnAll(request, reply, clusterTarget(deps), ({ note }) => ({ type: 'resolve', note })),
  );
  api.post(
    '/clusters/:id/snooze',
    route(
      'clusters',
      'Snooze every open ticket of the cluster until `until`, and the tickets opened for it until then',
    ),
    (request, reply) => {
      const { id } = request.params as { id: string };
      // The cluster's snooze is stored before the open tickets are listed and snoozed: a ticket opened later takes it on
      // the next tick (decideOnTick), one opened before is on the list.
      const storeClusterSnooze = async ({ note, by, until, now }: Asked) => {
        const ends = snoozeEnd(until ?? '', now);
        if ('refused' in ends) return `not done: ${ends.refused}`;
        const clusterSnooze: ClusterSnooze = { clusterId: id, until: ends.until, at: now.toISOString(), by, note };
        await deps.clusterSnoozes.set(clusterSnooze, now);
        return { clusterSnooze };
      };
      return actOnAll(
        request,
        reply,
        clusterTarget(deps),
        ({ note, until }) => ({ type: 'snooze', until: until ?? '', note, detail: `cluster ${id}` }),
        {
          snooze: true,
          before: storeClusterSnooze,
        },
      );
    },
  );
  api.delete(
    '/clusters/:id/snooze',
    route(
      'clusters',
      "End the cluster's snooze now: the tickets that carry it get reminders again (a ticket snoozed on its own to another end keeps that); again: nothing to end",
    ),
    (request, reply) => {
      // The tickets carrying the cluster's snooze are known once it is ended (`before`): the list is read again then.
      let ended: ClusterSnooze | null = null;
      const carrying: Target = async (id) => {
        const open = await openOfCluster(deps, id);
        return typeof open === 'string' ? open : open.filter((t) => ended !== null && t.snoozedUntil === ended.until);
      };
      const endClusterSnooze = async () => {
        ended = await deps.clusterSnoozes.end((request.params as { id: string }).id);
        return { clusterSnooze: ended };
      };
      return actOnAll(request, reply, carrying, ({ note }) => ({ type: 'unsnooze', note }), {
        before: endClusterSnooze,
      });
    },
  );
  api.post(
    '/mail-groups/:id/ack',
    route('tickets', 'Acknowledge every ticket of one mail (its X-Certwatch-Group)'),
    (request, reply) => actOnAll(request, reply, mailGroupTarget(deps), ({ note }) => ({ type: 'ack', note })),
  );
}
