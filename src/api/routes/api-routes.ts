// The /api/v1 routes: pending expiries, tickets and their actions (ticket-actions.ts, and in bulk: bulk-actions.ts),
// clusters, plans, ingest and failed jobs.
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { ClusterDirectory } from '../../clusters/cluster-directory.js';
import type { Discovery } from '../../service/discovery-wiring.js';
import type { NodeSilenceStore } from '../../tickets/node-silence-store.js';
import { checkClusterBody, completeCluster, type CheckClusterBodyResult } from '../../config/load-clusters.js';
import { schemaProblems } from '../../config/schema-problems.js';
import { ClusterBodySchema } from '../../domain/cluster-schema.js';
import type { Pipeline } from '../../pipeline.js';
import type { MailGroups } from '../../notify/mail-groups.js';
import { isUnassignedClusterId } from '../../tickets/cluster-match.js';
import type { ClusterSnoozes } from '../../tickets/cluster-snoozes.js';
import type { Policy } from '../../tickets/policy.js';
import { type ExpiryRow } from '../../tickets/expiry-row.js';
import type { TicketStore } from '../../tickets/ticket-store.js';
import type { MailProducer } from '../../queue/mail-producer.js';
import type { PlanOptions } from '../../plan/build-plan.js';
import { planForTickets } from '../../plan/ticket-plan.js';
import { actorOf, requireToken } from '../auth.js';
import { createWriteBudget } from '../write-budget.js';
import { toCsv } from '../csv.js';
import { ApiErrorSchema, ClusterAnswerSchema } from './discovery-schema.js';
import { registerDiscoverRoute } from './discover-route.js';
import { listExpiries, type ExpiriesQuery } from './list-expiries.js';
import { registerEvidenceRoute } from './evidence-route.js';
import { registerMovedTicketRedirect } from './moved-ticket.js';
import { registerPlanRoute } from './plan-route.js';
import { registerTicketRunbookRoute } from './runbook-route.js';
import { registerTicketActionRoutes } from './ticket-actions.js';

export interface ApiDeps {
  token: string | undefined;
  store: TicketStore;
  /** Snoozes of whole clusters (POST /clusters/:id/snooze). */
  clusterSnoozes: ClusterSnoozes;
  /** What each sent mail held (POST /mail-groups/:id/ack, GET /tickets/:id/runbook). */
  mailGroups: MailGroups;
  clusters: ClusterDirectory;
  /** What discovery learned about each cluster (POST /clusters/:id/evidence and /discover, GET /clusters/:id). */
  discovery: Discovery;
  /** Nodes of known clusters heard once and silent since NODE_SILENCE_AFTER_MS (GET /node-silences). */
  nodeSilences: Pick<NodeSilenceStore, 'all'>;
  pipeline: Pipeline;
  mail: MailProducer;
  queues: Queue[];
  policy: Policy;
  /** The service's plan settings (PLAN_STEP_GAP_DAYS). */
  planOptions: PlanOptions;
  now: () => Date;
}

export const EXPIRY_COLUMNS = [
  'id', 'cluster', 'node', 'nodes', 'unit', 'certificate', 'certType', 'alarm', 'urgency',
  'expiresAt', 'expiresAtPrecision', 'status', 'occurrences', 'firstSeenAt', 'lastSeenAt',
] as const;

/** GET /expiries answers at most this many items when the query names no limit: a page stays cheap with many
 * tickets. */
export const EXPIRIES_PAGE = 250;

const expiriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    within: {
      type: 'integer',
      minimum: 0,
      maximum: 36500,
      description: 'only certificates expiring within this many days (expired ones included)',
    },
    cluster: { type: 'string', maxLength: 200 },
    node: { type: 'string', maxLength: 200 },
    unit: { type: 'string', maxLength: 200 },
    status: { type: 'string', enum: ['open', 'notified', 'acknowledged', 'quiet', 'resolved'] },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 10000,
      description: `at most this many items (JSON: ${EXPIRIES_PAGE} when not given; CSV: all)`,
    },
    offset: { type: 'integer', minimum: 0, description: 'read on from here: the `next` of the previous answer' },
  },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 300 } } } as const;

/** A failed validation that carries every problem (and, for a cluster body, the body for the checks across fields). */
class Problems extends Error {
  constructor(readonly problems: string[], readonly shape?: CheckClusterBodyResult) {
    super(problems.join('; '));
  }
}

/**
 * Validates the cluster routes with the inventory's own checks instead of fastify's Ajv, which stops at the first
 * error: a cluster body gets every problem with its path, in the words the file's problems use.
 */
function inventoryValidator({ schema, httpPart }: { schema: object; httpPart?: string }) {
  if (httpPart === 'body') {
    return (data: unknown) => {
      const shape = checkClusterBody(data);
      return shape.ok ? { value: shape.body } : { error: new Problems(shape.problems, shape) };
    };
  }
  return (data: unknown) => {
    const problems = schemaProblems(schema as TSchema, data);
    return problems.length > 0 ? { error: new Problems(problems) } : { value: data };
  };
}

export async function registerApiRoutes(
  app: FastifyInstance,
  deps: ApiDeps,
  opts: { writeRateLimitPerMinute: number },
): Promise<void> {
  const { store, clusters } = deps;
  // One budget per client across every write route, spent only by callers that passed authentication.
  const budget = createWriteBudget(opts.writeRateLimitPerMinute);
  const write = { preHandler: budget.check };

  await app.register(async (api) => {
    // onRequest, before the body is read or validated: a client without the token learns nothing about the routes.
    api.addHook('onRequest', requireToken(deps.token));
    registerMovedTicketRedirect(api, store);

      api.get(
        '/expiries',
        {
          schema: {
            querystring: expiriesQuery,
            tags: ['expiries'],
            summary:
              'Not-resolved tickets, soonest expiry first (unknown last); JSON (a page: `next` reads on) or CSV (Accept: text/csv; every ticket unless `limit`)',
          },
        },
        async (request, reply) => {
          const q = request.query as ExpiriesQuery;
          const csv = (request.headers.accept ?? '').includes('text/csv');
          const { rows, next } = await listExpiries(
            store,
            q,
            deps.now().getTime(),
            q.limit ?? (csv ? Number.POSITIVE_INFINITY : EXPIRIES_PAGE),
          );
          if (csv) {
            const lines = rows
              .map((row) => JSON.parse(row) as ExpiryRow)
              .map((i) => ({ ...i, nodes: i.nodes.join(' ') }));
            return reply.header('Content-Type', 'text/csv; charset=utf-8').send(toCsv(lines, [...EXPIRY_COLUMNS]));
          }
          // The stored rows are the items' JSON: the answer is put together around them, not parsed and serialised again.
          return reply
            .type('application/json; charset=utf-8')
            .send(`{"items":[${rows.join(',')}],"count":${rows.length},"next":${JSON.stringify(next)}}`);
        },
      );

      api.get(
        '/tickets/:id',
        { schema: { params: idParams, tags: ['tickets'], summary: 'One ticket with its history and current plan' } },
        async (request, reply) => {
          const { id } = request.params as { id: string };
          const ticket = await store.get(id);
          if (!ticket) return reply.code(404).send({ error: 'Not Found', message: `no ticket ${id}` });
          // As the mail builds it: discovery's fills for the inventory's unknowns, its conflicts as notices.
          const { cluster, options } = await deps.discovery.store.planInput(ticket.clusterId);
          const plan = planForTickets(cluster, [ticket], deps.now(), { ...deps.planOptions, ...options });
          return { ticket, plan: plan.plan, planMarkdown: plan.markdown };
        },
      );

    registerTicketRunbookRoute(api, deps);

      api.get(
        '/node-silences',
        {
          schema: {
            tags: ['tickets'],
            summary:
              'Nodes of known clusters that were heard and then went silent (a syslog path to check): open ones first, newest first',
          },
        },
        async () => {
          const items = [...(await deps.nodeSilences.all()).values()].sort((a, b) =>
            a.status === b.status ? b.openedAt.localeCompare(a.openedAt) : a.status === 'open' ? -1 : 1,
          );
          return { items, count: items.length };
        },
      );
      await registerTicketActionRoutes(api, deps, write);

    api.get('/clusters', { schema: { tags: ['clusters'], summary: 'The cluster inventory (file, API, and the unassigned clusters that still hold tickets)' } }, async () => {
      // An unassigned cluster whose tickets all moved to a known cluster (re-homing) is history, not inventory.
      const holding = await store.clustersHoldingTickets();
      return {
        items: clusters.all()
          .filter((c) => !isUnassignedClusterId(c.id) || holding.has(c.id))
          .map((c) => ({ ...c, origin: clusters.origin(c.id) })),
      };
    });
    api.get('/clusters/:id', { schema: { params: idParams, response: { 200: ClusterAnswerSchema, 404: ApiErrorSchema }, tags: ['clusters'], summary: 'One cluster of the inventory, with what discovery learned about it: the facts with source and time, what they fill of the unknowns, the conflicts (never applied)' } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const cluster = clusters.get(id);
      if (!cluster) return reply.code(404).send({ error: 'Not Found', message: `no cluster ${id}` });
      const { clusterId: _, ...discovered } = await deps.discovery.store.discoveredState(id);
      const answer = { ...cluster, origin: clusters.origin(id)!, discovered: { ...discovered, lastRun: await deps.discovery.runs.last(id) } };
      return answer satisfies Static<typeof ClusterAnswerSchema>;
    });
    api.put('/clusters/:id', {
      ...write,
      schema: { params: idParams, body: ClusterBodySchema, tags: ['clusters'], summary: 'Create or replace a cluster (wins over the file until the file entry changes)' },
      validatorCompiler: inventoryValidator,
      // The token check (a preHandler) comes before anyone is told what is wrong with a body.
      attachValidation: true,
    }, async (request, reply) => {
      // A body that failed the schema still goes through the checks across fields: one answer lists every problem.
      const invalid = request.validationError;
      const shape = invalid === undefined ? { ok: true as const, body: request.body as Record<string, unknown> } : invalid instanceof Problems ? invalid.shape : undefined;
      if (!shape) return reply.code(400).send({ error: 'Bad Request', message: 'invalid request', problems: invalid instanceof Problems ? invalid.problems : [invalid?.message] });
      const { id } = request.params as { id: string };
      const others = clusters.all().filter((c) => c.id !== id);
      const checked = completeCluster(shape, { id, others });
      if (!checked.ok) return reply.code(400).send({ error: 'Bad Request', message: 'invalid cluster', problems: checked.problems });
      await clusters.put(checked.cluster, actorOf(request));
      return { ...checked.cluster, origin: clusters.origin(id) };
    });

    // In a scope of its own: only this route reads application/octet-stream bodies.
    await api.register(async (scope) => registerEvidenceRoute(scope, deps, write));
    registerDiscoverRoute(api, deps, write);
    registerPlanRoute(api, deps);

      api.get(
        '/jobs/failed',
        { schema: { tags: ['jobs'], summary: 'Failed jobs (mail that could not be delivered after every retry)' } },
        async () => {
          const items = [];
          for (const queue of deps.queues) {
            for (const job of await queue.getFailed(0, 99)) {
              items.push({
                queue: queue.name,
                id: job.id,
                name: job.name,
                data: job.data,
                failedReason: job.failedReason,
                attemptsMade: job.attemptsMade,
                finishedOn: job.finishedOn,
              });
            }
          }
          return { items, count: items.length };
        },
      );

      api.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      api.post(
        '/ingest',
        {
          ...write,
          schema: {
            tags: ['ingest'],
            summary: 'Syslog lines or the text of an RTMT alert e-mail (text/plain); answers with what was recognised',
          },
        },
        async (request, reply) => {
          if (typeof request.body !== 'string') {
            return reply.code(415).send({ error: 'Unsupported Media Type', message: 'send text/plain' });
          }
          const report = await deps.pipeline.ingestText(request.body, {
            transport: 'http',
            remoteAddress: request.ip,
            receivedAt: deps.now(),
          });
          return report;
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
