// The body of every action route (one ticket, or many: cluster and mail-group routes), described once, and how it is
// read: optional, strict JSON; a body that cannot be read is answered only after the route knows its target exists
// (an unknown id is 404 whatever the body).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { schemaProblems } from '../../config/schema-problems.js';
import { countKeys, MAX_JSON_KEYS } from '../json-keys.js';

/** The body of every action, described once: it validates, documents (OpenAPI) and types the routes. */
export const ActionBodySchema = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'stored in the ticket history with the user' })),
    reason: Type.Optional(
      Type.String({ maxLength: 200, description: 'why, e.g. a change number; stored with the note' }),
    ),
    until: Type.Optional(
      Type.String({ format: 'date-time', description: 'the end of a snooze (snooze only, required there)' }),
    ),
    user: Type.Optional(
      Type.String({ maxLength: 100, description: 'who, when the X-Certwatch-User header is not sent' }),
    ),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBodySchema>;

export const IdParamsSchema = Type.Object({ id: Type.String({ maxLength: 300 }) });

/** A request part that does not match its schema: every problem, with its path. */
class RequestProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** A body that could not be read (not JSON, bad JSON, too many keys): kept for after the target is known to exist. */
class UnreadableBody {
  constructor(readonly status: 400 | 413 | 415, readonly message: string) {}
}

const STATUS_TEXT = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' } as const;

export type WriteOptions = Pick<RouteShorthandOptions, 'preHandler'>;

/** Every problem, and an unknown key refused (fastify's Ajv would drop it silently, and with it a mistyped note). */
function strictValidator({ schema }: { schema: object }) {
  return (data: unknown) => {
    if (data instanceof UnreadableBody) return { value: data };
    const problems = schemaProblems(schema as TSchema, data);
    return problems.length > 0 ? { error: new RequestProblems(problems) } : { value: data };
  };
}

/** Route options of an action: the write budget, the body read by readActionBody, the docs. */
export function actionRoute(write: WriteOptions, tag: string, summary: string, body: object = ActionBodySchema) {
  return {
    ...write,
    attachValidation: true,
    validatorCompiler: strictValidator,
    schema: { params: IdParamsSchema, body, tags: [tag], summary },
  };
}

/**
 * The body once the target is known to exist: absent (`curl -X POST` alone) reads as {}; one that could not be read
 * or does not match the schema is answered here (400, 413, 415) and null returned.
 */
export function readActionBody<B extends ActionBody>(request: FastifyRequest, reply: FastifyReply): B | null {
  if (request.body instanceof UnreadableBody) {
    void reply
      .code(request.body.status)
      .send({ error: STATUS_TEXT[request.body.status], message: request.body.message });
    return null;
  }
  const invalid = request.validationError;
  if (request.body !== undefined && invalid) {
    void reply.code(400).send({ error: 'Bad Request', message: 'invalid request', problems: invalid instanceof RequestProblems ? invalid.problems : [invalid.message] });
    return null;
  }
  return (request.body ?? {}) as B;
}

/** What the user wrote, as the history stores it: their reason and note. */
export function userNote(body: ActionBody): string {
  return [body.reason?.trim(), body.note?.trim()].filter((p) => p !== undefined && p !== '').join(': ');
}

/** The end of a snooze from the body: required by snooze routes, refused by every other action. */
export function untilOf(body: ActionBody, snooze: boolean): { until: string | undefined } | { problem: string } {
  if (snooze) {
    return body.until === undefined
      ? { problem: 'until: required (the end of the snooze, ISO 8601 date-time)' }
      : { until: body.until };
  }
  return body.until === undefined ? { until: undefined } : { problem: 'until applies to snooze only' };
}

/**
 * Registers `routes` in a scope of their own that reads bodies for readActionBody: JSON gets the app's checks
 * (fastify's parser, the key cap); an unreadable body is kept, not answered, so the route can say 404 first.
 */
export async function registerActionScope(
  api: FastifyInstance,
  routes: (scope: FastifyInstance) => void,
): Promise<void> {
  await api.register(async (actions) => {
    const parseJson = actions.getDefaultJsonParser('error', 'error');
    actions.removeAllContentTypeParsers();
    actions.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
      if ((text as string).trim() === '') return done(null, undefined);
      parseJson(request, text as string, (error: Error | null, value?: unknown) => {
        if (error) return done(null, new UnreadableBody(400, `the body is not JSON: ${error.message}`));
        if (countKeys(value, MAX_JSON_KEYS) > MAX_JSON_KEYS) {
          return done(null, new UnreadableBody(413, `a JSON body may hold at most ${MAX_JSON_KEYS} keys`));
        }
        done(null, value);
      });
    });
    actions.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
      done(
        null,
        (text as string).trim() === ''
          ? undefined
          : new UnreadableBody(
              415,
              `send the body as application/json (got ${request.headers['content-type'] ?? 'no Content-Type'})`,
            ),
      );
    });
    routes(actions);
  });
}
