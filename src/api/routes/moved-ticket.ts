// A re-homed ticket's old id: `GET /api/v1/tickets/<old id>` and every route under it answer 308 with the Location
// of the same route on the new id. 308 (not 301/302) keeps the method and body, so a pasted `curl -X POST .../ack`
// from a mail sent before the move works with `-L`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TicketStore } from '../../tickets/ticket-store.js';

const TICKET_ROUTE = '/api/v1/tickets/:id';

/**
 * onRequest, after the token check and before any body is read or validated: the old id is answered the same whatever
 * was sent. One Redis read per ticket request; the redirect record exists only while no ticket can be at the old id
 * (the store refuses to create one there).
 */
export function registerMovedTicketRedirect(api: FastifyInstance, store: Pick<TicketStore, 'movedTo'>): void {
  api.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    if (route === undefined || !(route === TICKET_ROUTE || route.startsWith(`${TICKET_ROUTE}/`))) return;
    const { id } = request.params as { id?: string };
    if (id === undefined) return;
    const move = await store.movedTo(id);
    if (!move) return;
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const location = `/api/v1/tickets/${encodeURIComponent(move.to)}${route.slice(TICKET_ROUTE.length)}${query}`;
    await reply
      .code(308)
      .header('Location', location)
      .send({
        error: 'Permanent Redirect',
        message: `ticket ${id} was ${move.reason} into ${move.to} at ${move.at}`,
        movedTo: move.to,
        reason: move.reason,
      });
  });
}
