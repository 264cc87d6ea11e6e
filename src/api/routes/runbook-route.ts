// GET /api/v1/tickets/:id/runbook: the runbook the ticket's last mail carried (HTML by default, or its Markdown), as
// sent: the same steps and deadlines, not a plan rebuilt today (GET /api/v1/plan). The mail links it with PUBLIC_URL.
// A re-homed ticket's old id answers 308 like every ticket route (moved-ticket.ts).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { MailAttachment } from '../../notify/runbook-attachments.js';
import { IdParamsSchema } from './action-body.js';
import type { ApiDeps } from './api-routes.js';

const RUNBOOK_FORMATS = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
} as const satisfies Record<string, MailAttachment['contentType']>;
type RunbookFormat = keyof typeof RUNBOOK_FORMATS;

const RunbookQuerySchema = Type.Object({
  format: Type.Optional(Type.Enum(Object.keys(RUNBOOK_FORMATS) as RunbookFormat[], { description: 'default html' })),
}, { additionalProperties: false });

/** The stored page is certwatch's own escaped HTML; it still may run nothing and load nothing but its inline styles. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

export function registerTicketRunbookRoute(api: FastifyInstance, deps: Pick<ApiDeps, 'store' | 'mailGroups'>): void {
  api.get('/tickets/:id/runbook', {
    schema: { params: IdParamsSchema, querystring: RunbookQuerySchema, tags: ['tickets'], summary: 'The runbook attached to the ticket\'s last mail, as sent (format html or md)' },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const format: RunbookFormat = (request.query as { format?: RunbookFormat }).format ?? 'html';
    const ticket = await deps.store.get(id);
    if (!ticket) return reply.code(404).send({ error: 'Not Found', message: `no ticket ${id}` });
    const last = ticket.mailed.at(-1);
    if (!last) return reply.code(404).send({ error: 'Not Found', message: `no mail sent for ticket ${id} yet` });
    const group = last.groupId === undefined ? null : await deps.mailGroups.get(last.groupId);
    if (!group) {
      return reply.code(404).send({ error: 'Not Found', message: `the runbook of ticket ${id}'s last mail is no longer kept (sent before runbooks were kept, or too long ago): GET /api/v1/plan?cluster=${ticket.clusterId}&unit=${ticket.unit}&format=html builds today's` });
    }
    const attachment = group.attachments.find((a) => a.contentType === RUNBOOK_FORMATS[format]);
    if (!attachment) return reply.code(404).send({ error: 'Not Found', message: `ticket ${id}'s last mail carried no ${format} runbook (cut to MAIL_MAX_BYTES)` });
    void reply.header('Content-Disposition', `inline; filename="${attachment.filename}"`).header('X-Content-Type-Options', 'nosniff');
    if (format === 'html') void reply.header('Content-Security-Policy', PAGE_POLICY);
    return reply.type(attachment.contentType).send(attachment.content);
  });
}
