// The web pages: GET / and /expiries (what expires next), GET /tickets/:id (one ticket) and its runbook at
// /tickets/:id/runbook (the API's route, under the pages' access rule), plus the sign-in of page-access.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ApiDeps } from '../api/routes/api-routes.js';
import { IdParamsSchema } from '../api/routes/action-body.js';
import { listExpiries } from '../api/routes/list-expiries.js';
import { registerTicketRunbookRoute } from '../api/routes/runbook-route.js';
import { clusterTimeZone } from '../domain/cluster-time-zone.js';
import { html } from '../render/html.js';
import type { Metrics } from '../observability/metrics.js';
import type { ExpiryRow } from '../tickets/expiry-row.js';
import { expiriesPage, TICKET_STATES, type ExpiriesPageQuery } from './expiries-page.js';
import { registerLogin, requirePageAccess, sendPage } from './page-access.js';
import { page } from './page-layout.js';
import { ticketPage } from './ticket-page.js';

/** Rows on a page unless the query asks for another number (at most WEB_PAGE_MAX). */
export const WEB_PAGE_ROWS = 100;
const WEB_PAGE_MAX = 500;
const DAY = 86_400_000;

const PageQuerySchema = Type.Object({
  // The filter form sends an empty value for "all".
  cluster: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.Union([Type.Literal(''), Type.Enum([...TICKET_STATES])])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: WEB_PAGE_MAX })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
}, { additionalProperties: false });

export type PageDeps = Pick<ApiDeps, 'store' | 'clusters' | 'mailGroups' | 'now'>;

export interface PageAccess {
  /** The token the pages need (the /docs rule: beyond loopback); undefined: open. */
  token: string | undefined;
  metrics: Pick<Metrics, 'webSignInsRefused'>;
}

export async function registerPageRoutes(app: FastifyInstance, deps: PageDeps, access: PageAccess): Promise<void> {
  const { token, metrics } = access;
  const zoneOf = (clusterId: string) => {
    const cluster = deps.clusters.get(clusterId);
    return cluster ? clusterTimeZone(cluster) : 'UTC';
  };
  await app.register(async (web) => {
    // Pages, not API: the OpenAPI document (/docs) leaves every route of this scope out, the runbook's included.
    web.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    registerLogin(web, token, metrics);
    await web.register(async (pages) => {
      pages.addHook('onRequest', requirePageAccess(token));
      pages.get('/', async (_request, reply) => reply.redirect('/expiries'));

      pages.get('/expiries', { schema: { querystring: PageQuerySchema } }, async (request, reply) => {
        const q = request.query as Static<typeof PageQuerySchema>;
        const query: ExpiriesPageQuery = {
          ...(q.cluster ? { cluster: q.cluster } : {}), ...(q.status ? { status: q.status } : {}),
          limit: q.limit ?? WEB_PAGE_ROWS, offset: q.offset ?? 0,
        };
        const now = deps.now();
        const [{ rows, next }, counts] = await Promise.all([
          listExpiries(deps.store, query, now.getTime(), query.limit),
          deps.store.countOpen([0, 7, 30].map((days) => now.getTime() + days * DAY)),
        ]);
        const [expired = 0, within7 = 0, within30 = 0] = counts.until;
        return sendPage(reply, 200, expiriesPage({
          rows: rows.map((row) => JSON.parse(row) as ExpiryRow),
          summary: { open: counts.total, expired, within7, within30 },
          query, next, clusterIds: deps.clusters.all().map((c) => c.id), zoneOf, now,
        }, WEB_PAGE_ROWS));
      });

      pages.get('/tickets/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        const ticket = await deps.store.get(id);
        if (ticket) return sendPage(reply, 200, ticketPage(ticket, zoneOf(ticket.clusterId), deps.now()));
        // A re-homed ticket's old id (an older mail's link) leads to where it went.
        const moved = await deps.store.movedTo(id);
        if (moved) return reply.redirect(`/tickets/${encodeURIComponent(moved.to)}`, 308);
        return sendPage(reply, 404, page('No such ticket', html`<p>There is no ticket ${id}.</p>`));
      });
      registerTicketRunbookRoute(pages, deps);
    });
  });
}
