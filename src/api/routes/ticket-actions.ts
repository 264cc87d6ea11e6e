// POST /api/v1/tickets/:id/{ack,resolve,reopen,note} and PATCH /api/v1/tickets/:id: what a person does with a ticket,
// usually by pasting a command from a mail. The body is optional; an unknown ticket is 404 whatever the body.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { schemaProblems } from '../../config/schema-problems.js';
import { decideOnAction, unmailedRevision, type ActionDecision, type TicketAction } from '../../tickets/decide.js';
import { countKeys, MAX_JSON_KEYS } from '../json-keys.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from './api-routes.js';

/** The body of every ticket action, described once: it validates, documents (OpenAPI) and types the routes. */
const ActionBodySchema = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 2000, description: 'stored in the ticket history with the user' })),
  reason: Type.Optional(Type.String({ maxLength: 200, description: 'why, e.g. a change number; stored with the note' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'the end of a snooze (snooze only)' })),
  user: Type.Optional(Type.String({ maxLength: 100, description: 'who, when the X-Certwatch-User header is not sent' })),
}, { additionalProperties: false });
type ActionBody = Static<typeof ActionBodySchema>;

/** PATCH: the exact expiry as read on the node, with what every action takes. */
const ConfirmBodySchema = Type.Object({
  expiresAt: Type.String({ format: 'date-time', description: 'as shown by show cert own <unit>/<file>' }),
  ...ActionBodySchema.properties,
}, { additionalProperties: false });

const IdParamsSchema = Type.Object({ id: Type.String({ maxLength: 300 }) });

/** A request part that does not match its schema: every problem, with its path. */
class RequestProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** A body that could not be read (not JSON, bad JSON, too many keys): kept for after the ticket is known to exist. */
class UnreadableBody {
  constructor(readonly status: 400 | 413 | 415, readonly message: string) {}
}

const STATUS_TEXT = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' } as const;

type WriteOptions = Pick<RouteShorthandOptions, 'preHandler'>;

/** Every problem, and an unknown key refused (fastify's Ajv would drop it silently, and with it a mistyped note). */
function strictValidator({ schema }: { schema: object }) {
  return (data: unknown) => {
    if (data instanceof UnreadableBody) return { value: data };
    const problems = schemaProblems(schema as TSchema, data);
    return problems.length > 0 ? { error: new RequestProblems(problems) } : { value: data };
  };
}

/** The history note of an action: the user's reason and note; `until` belongs to snooze alone. */
function userNote(body: ActionBody): { note: string } | { problem: string } {
  if (body.until !== undefined) return { problem: 'until applies to snooze only' };
  return { note: [body.reason?.trim(), body.note?.trim()].filter((p) => p !== undefined && p !== '').join(': ') };
}

function registerTicketActions(api: FastifyInstance, deps: ApiDeps, write: WriteOptions): void {
  const { store } = deps;

  /**
   * An unknown id is 404 whatever the body (checked first); then the body: optional (`curl -X POST` alone is an ack),
   * else JSON of the route's schema (400, 413, 415). The user (X-Certwatch-User) and what they wrote go into the
   * ticket's history. Asking for what already is (a second ack) answers 200 with the ticket as it is.
   */
  async function act(request: FastifyRequest, reply: FastifyReply, actionOf: (body: ActionBody & { expiresAt?: string }, note: string) => TicketAction | string) {
    const { id } = request.params as { id: string };
    if (!(await store.get(id))) return reply.code(404).send({ error: 'Not Found', message: `no ticket ${id}` });
    if (request.body instanceof UnreadableBody) return reply.code(request.body.status).send({ error: STATUS_TEXT[request.body.status], message: request.body.message });
    const invalid = request.validationError;
    if (request.body !== undefined && invalid) {
      return reply.code(400).send({ error: 'Bad Request', message: 'invalid request', problems: invalid instanceof RequestProblems ? invalid.problems : [invalid.message] });
    }
    const body = (request.body ?? {}) as ActionBody & { expiresAt?: string };
    const written = userNote(body);
    const action = 'problem' in written ? written.problem : actionOf(body, written.note);
    if (typeof action === 'string') return reply.code(400).send({ error: 'Bad Request', message: action });
    const by = actorOf(request);
    const now = deps.now();
    // The decision of the run that was stored (update re-runs the change on a concurrent write).
    let decision = null as ActionDecision | null;
    const { ticket } = await store.update(id, (current) => {
      decision = current && decideOnAction(current, action, by, now, deps.policy);
      return decision?.outcome === 'done' ? decision.ticket : null;
    });
    if (!ticket || !decision) return reply.code(404).send({ error: 'Not Found', message: `no ticket ${id}` });
    const { reason } = decision;
    if (decision.outcome === 'refused') {
      const status = reason === 'ticket-resolved' ? 409 : 400;
      return reply.code(status).send({ error: status === 409 ? 'Conflict' : 'Bad Request', message: `not done: ${reason}`, reason });
    }
    if (unmailedRevision(ticket)) await deps.mail.schedule(ticket);
    request.log.info({ event: 'TicketAction', ticketId: id, reason, by }, `ticket ${id}: ${reason} by ${by}`);
    return { reason, ticket };
  }

  const route = (summary: string, body: object = ActionBodySchema) =>
    ({ ...write, attachValidation: true, validatorCompiler: strictValidator, schema: { params: IdParamsSchema, body, tags: ['tickets'], summary } });
  api.post('/tickets/:id/ack', route('Acknowledge: no more reminders (escalations still mail); again: 200, unchanged'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'ack', note })));
  api.post('/tickets/:id/resolve', route('Resolve: the certificate was renewed'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'resolve', note })));
  api.post('/tickets/:id/reopen', route('Reopen a resolved or quiet ticket'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'reopen', note })));
  api.post('/tickets/:id/note', route('Add a note (and a reason) to the ticket history; the status is kept'), (request, reply) =>
    act(request, reply, (_body, note) => ({ type: 'note', note })));
  api.patch('/tickets/:id', route('Confirm the exact expiry date (as read with show cert own <unit>/<file>)', ConfirmBodySchema), (request, reply) =>
    act(request, reply, (body, note) => (body.expiresAt === undefined ? 'expiresAt: required' : { type: 'confirm-expiry', at: body.expiresAt, note })));
}

/**
 * The ticket actions with their own body parsing: a body that cannot be read is answered after the 404 check (an
 * unknown ticket is 404 whatever was sent). JSON gets the app's checks (fastify's parser, the key cap).
 */
export async function registerTicketActionRoutes(api: FastifyInstance, deps: ApiDeps, write: WriteOptions): Promise<void> {
  await api.register(async (actions) => {
    const parseJson = actions.getDefaultJsonParser('error', 'error');
    actions.removeAllContentTypeParsers();
    actions.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
      if ((text as string).trim() === '') return done(null, undefined);
      parseJson(request, text as string, (error: Error | null, value?: unknown) => {
        if (error) return done(null, new UnreadableBody(400, `the body is not JSON: ${error.message}`));
        if (countKeys(value, MAX_JSON_KEYS) > MAX_JSON_KEYS) return done(null, new UnreadableBody(413, `a JSON body may hold at most ${MAX_JSON_KEYS} keys`));
        done(null, value);
      });
    });
    actions.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
      done(null, (text as string).trim() === '' ? undefined : new UnreadableBody(415, `send the body as application/json (got ${request.headers['content-type'] ?? 'no Content-Type'})`));
    });
    registerTicketActions(actions, deps, write);
  });
}
