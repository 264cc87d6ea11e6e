// POST /api/v1/clusters/:id/discover (issue 12, on demand): one discovery of the cluster now, as the schedule runs it
// (probes of its inventory discovery block, only at the addresses it lists and the nodes their UDS names), answered
// with every probe's outcome, what was learned, the conflicts and the tickets opened or updated.
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { Type } from 'typebox';
import type { ApiDeps } from './api-routes.js';
import { answerOf } from './discovery-answer.js';
import { ApiErrorSchema, DiscoverAnswerSchema, type DiscoverAnswer } from './discovery-schema.js';

const ParamsSchema = Type.Object({ id: Type.String({ maxLength: 300 }) });

const REFUSALS = {
  'unknown-cluster': { code: 404, error: 'Not Found', message: (id: string) => `no cluster ${id}` },
  'no-discovery-block': {
    code: 422,
    error: 'Unprocessable Entity',
    message: (id: string) => `cluster ${id} has no discovery block in the inventory (seed addresses, probes)`,
  },
  disabled: {
    code: 422,
    error: 'Unprocessable Entity',
    message: (id: string) => `discovery is disabled for cluster ${id} (discovery.enabled: false)`,
  },
  'already-running': {
    code: 409,
    error: 'Conflict',
    message: (id: string) =>
      `a discovery of cluster ${id} is running; its result will be in GET /api/v1/clusters/${id}`,
  },
} as const;

export function registerDiscoverRoute(api: FastifyInstance, deps: Pick<ApiDeps, 'discovery'>, write: RouteShorthandOptions): void {
  api.post('/clusters/:id/discover', {
    ...write,
    schema: {
      tags: ['clusters'],
      summary: 'Discover the cluster now (ITL/CTL over TFTP HTTP, UDS, TLS handshakes at the inventory\'s addresses); answers with each probe\'s outcome and what was learned',
      params: ParamsSchema,
      response: { 200: DiscoverAnswerSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 422: ApiErrorSchema },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outcome = await deps.discovery.discoverNow(id, 'request');
    if (!outcome.ran) {
      const refusal = REFUSALS[outcome.reason];
      return reply.code(refusal.code).send({ error: refusal.error, message: refusal.message(id) });
    }
    const answer: DiscoverAnswer = { ...answerOf(id, outcome.taken), run: outcome.run };
    return answer;
  });
}
