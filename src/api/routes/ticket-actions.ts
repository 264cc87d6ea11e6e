// POST /api/v1/tickets/:id/{ack,resolve,reopen,note,snooze}, DELETE /api/v1/tickets/:id/snooze and
// PATCH /api/v1/tickets/:id: what a person does with a ticket, usually by pasting a command from a mail. The body is
// optional; an unknown ticket is 404 whatever the body. (The same actions for many tickets: bulk-actions.ts.)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TicketAction } from '../../tickets/decide.js';
import { actorOf } from '../auth.js';
import {
  ActionBodySchema,
  actionRoute,
  readActionBody,
  registerActionScope,
  untilOf,
  userNote,
  type ActionBody,
  type WriteOptions,
} from './action-body.js';
import { applyAction } from './apply-action.js';
import type { ApiDeps } from './api-routes.js';
import { registerBulkActions } from './bulk-actions.js';

/** PATCH: the exact expiry as read on the node, with what every action takes. */
const ConfirmBodySchema = Type.Object({
  expiresAt: Type.String({ format: 'date-time', description: 'as shown by show cert own <unit>/<file>' }),
  ...ActionBodySchema.properties,
}, { additionalProperties: false });

type ConfirmBody = ActionBody & { expiresAt?: string };

/** The action a body asks for, or what is wrong with the body (400). */
type ActionOf = (body: ConfirmBody, note: string, until: string | undefined) => TicketAction | string;

function registerTicketActions(api: FastifyInstance, deps: ApiDeps, write: WriteOptions): void {
  const { store } = deps;

  /**
   * An unknown id is 404 whatever the body (checked first); then the body: optional (`curl -X POST` alone is an ack),
   * else JSON of the route's schema (400, 413, 415); `until` only where the action is a snooze. The user
   * (X-Certwatch-User) and what they wrote go into the ticket's history. Asking for what already is (a second ack)
   * answers 200 with the ticket as it is.
   */
  async function act(request: FastifyRequest, reply: FastifyReply, actionOf: ActionOf, snooze = false) {
    const { id } = request.params as { id: string };
    if (!(await store.get(id))) return reply.code(404).send({ error: 'Not Found', message: `no ticket ${id}` });
    const body = readActionBody<ConfirmBody>(request, reply);
    if (body === null) return reply;
    const end = untilOf(body, snooze);
    const action = 'problem' in end ? end.problem : actionOf(body, userNote(body), end.until);
    if (typeof action === 'string') return reply.code(400).send({ error: 'Bad Request', message: action });
    const applied = await applyAction(deps, request.log, id, action, actorOf(request), deps.now());
    if (!applied) return reply.code(404).send({ error: 'Not Found', message: `no ticket ${id}` });
    const { decision: { reason, outcome }, ticket } = applied;
    if (outcome === 'refused') {
      const status = reason === 'ticket-resolved' ? 409 : 400;
      return reply
        .code(status)
        .send({ error: status === 409 ? 'Conflict' : 'Bad Request', message: `not done: ${reason}`, reason });
    }
    return { reason, ticket };
  }

  const route = (summary: string, body?: object) => actionRoute(write, 'tickets', summary, body);
  api.post(
    '/tickets/:id/ack',
    route('Acknowledge: no more reminders (escalations still mail); again: 200, unchanged'),
    (request, reply) => act(request, reply, (_body, note) => ({ type: 'ack', note })),
  );
  api.post('/tickets/:id/resolve', route('Resolve: the certificate was renewed'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'resolve', note })));
  api.post('/tickets/:id/reopen', route('Reopen a resolved or quiet ticket'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'reopen', note })),
  );
  api.post(
    '/tickets/:id/note',
    route('Add a note (and a reason) to the ticket history; the status is kept'),
    (request, reply) => act(request, reply, (_body, note) => ({ type: 'note', note })),
  );
  api.post(
    '/tickets/:id/snooze',
    route(
      'Snooze until `until` (at most a year): no reminders, escalations still mail; the reason (a change number) goes into the history',
    ),
    (request, reply) =>
      act(
        request,
        reply,
        (_body, note, until) => (until === undefined ? 'until: required' : { type: 'snooze', until, note }),
        true,
      ),
  );
  api.delete('/tickets/:id/snooze', route('End the snooze now: reminders resume'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'unsnooze', note })),
  );
  api.patch(
    '/tickets/:id',
    route('Confirm the exact expiry date (as read with show cert own <unit>/<file>)', ConfirmBodySchema),
    (request, reply) =>
      act(request, reply, (body, note) =>
        body.expiresAt === undefined ? 'expiresAt: required' : { type: 'confirm-expiry', at: body.expiresAt, note },
      ),
  );
}

/** The ticket actions, for one ticket and in bulk, in the scope that reads their bodies (action-body.ts). */
export async function registerTicketActionRoutes(
  api: FastifyInstance,
  deps: ApiDeps,
  write: WriteOptions,
): Promise<void> {
  await registerActionScope(api, (actions) => {
    registerTicketActions(actions, deps, write);
    registerBulkActions(actions, deps, write);
  });
}
