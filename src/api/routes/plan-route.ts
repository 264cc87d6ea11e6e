// GET /api/v1/plan: a planned renewal without any alarm, for one unit, several (`unit=A,B`) or `unit=all`, as one
// combined plan; `route=ordered-tftp` asks for that route (refused in the plan, with its reason, where unsafe). The
// steps are ordered and dated by the expiries the service knows (discovery's certificates, the cluster's open tickets:
// plan/known-expiries.ts); this route only reads them and passes them on.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ApiDeps } from './api-routes.js';
import { schemaProblems } from '../../config/schema-problems.js';
import { PLAN_CONTENT_TYPES, PLAN_FORMATS, renderPlan } from '../../plan/index.js';
import { ALL_UNITS, planForRequest, REQUESTABLE_ROUTES } from '../../plan/plan-request.js';

/** More units than the rules know, with room for trust stores; a longer list is a mistake, not a plan. */
const MAX_UNITS = 32;

/** The query, described once: it validates, documents (OpenAPI) and types the route. */
export const PlanQuerySchema = Type.Object(
  {
    cluster: Type.String({ minLength: 1, maxLength: 200, description: "the cluster's id in the inventory" }),
    unit: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: `one unit (tomcat, CallManager, CAPF-trust, ...), several separated by commas (one combined plan), or "${ALL_UNITS}" for every own certificate of the cluster's version`,
    }),
    node: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'only this node (a single unit only)' }),
    ),
    route: Type.Optional(
      Type.Enum([...REQUESTABLE_ROUTES], {
        description: 'the ITL route asked for (default standard); refused in the plan, with its reason, where unsafe',
      }),
    ),
    format: Type.Optional(Type.Enum([...PLAN_FORMATS], { description: 'default json' })),
  },
  { additionalProperties: false },
);
type PlanQuery = Static<typeof PlanQuerySchema>;

/** The words of the inventory's checks (`route: "x" must be one of standard, ordered-tftp`), every problem at once. */
function queryValidator() {
  return (data: unknown) => {
    const problems = schemaProblems(PlanQuerySchema, data);
    return problems.length > 0
      ? { error: Object.assign(new Error(problems.join('; ')), { problems }) }
      : { value: data };
  };
}

const badRequest = (message: string, problems: string[] = [message]) => ({ error: 'Bad Request', message, problems });

export function registerPlanRoute(
  api: FastifyInstance,
  deps: Pick<ApiDeps, 'clusters' | 'discovery' | 'store' | 'now' | 'planOptions'>,
): void {
  api.get(
    '/plan',
    {
      schema: {
        tags: ['plans'],
        summary: 'A renewal plan without any alarm (planned renewal): one unit, several or all',
        querystring: PlanQuerySchema,
      },
      validatorCompiler: queryValidator,
      // The token check (onRequest) has run; a bad query is answered here, with every problem.
      attachValidation: true,
    },
    async (request, reply) => {
      const invalid = request.validationError as (Error & { problems?: string[] }) | undefined;
      if (invalid) return reply.code(400).send(badRequest(`invalid query: ${invalid.message}`, invalid.problems));
      const q = request.query as PlanQuery;
      const units = q.unit.split(',');
      if (units.length > MAX_UNITS) {
        return reply.code(400).send(badRequest(`unit: at most ${MAX_UNITS} units, got ${units.length}`));
      }
      if (!deps.clusters.get(q.cluster)) {
        return reply.code(404).send({ error: 'Not Found', message: `no cluster ${q.cluster}` });
      }
      // As a mail builds it: discovery's fills for the inventory's unknowns, its conflicts and a stale CTL as notices;
      // and
      // the dates known. The cluster's tickets come from its own index (resolved ones are few: one ticket per
      // certificate, reused).
      const [{ cluster, options, certificates }, tickets] = await Promise.all([
        deps.discovery.store.planInputWithCertificates(q.cluster),
        deps.store.ofCluster(q.cluster),
      ]);
      const result = planForRequest(
        cluster,
        { units, node: q.node, route: q.route },
        deps.now(),
        { ...deps.planOptions, ...options },
        { certificates, tickets },
      );
      if (!result.ok) {
        return reply
          .code(400)
          .send(
            badRequest(
              result.reason === 'no-unit'
                ? 'unit: names no unit'
                : `node narrows a single unit only, but the plan covers ${result.units.length} (${result.units.join(', ')}): leave out node or give one unit`,
            ),
          );
      }
      const format = q.format ?? 'json';
      if (format === 'json') return result.plan;
      const body = renderPlan(result.plan, format);
      return reply
        .type(`${PLAN_CONTENT_TYPES[format]}; charset=utf-8`)
        .send(format === 'html' ? `<!doctype html><meta charset="utf-8"><title>certwatch plan</title>${body}` : body);
    },
  );
}
