// POST /api/v1/clusters/:id/evidence (issue 12, pasted output): `show` outputs pasted as text/plain, or an ITL/CTL
// file fetched by hand (`curl -O http://<tftp>:6970/ITLFile.tlv`) posted as application/octet-stream. The facts read
// are kept for the cluster (discovery/store.ts); the answer lists them, what could not be read, and where the kept
// facts contradict the inventory. Evidence of which nothing could be read is a 400 with the named reasons.
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { Type, type Static } from 'typebox';
import { MAX_PASTE_CHARS, readPasted, tlvFacts, type DiscoveredFacts } from '../../discovery/index.js';
import type { ApiDeps } from './api-routes.js';
import { answerOf } from './discovery-answer.js';
import { ApiErrorSchema, EvidenceAnswerSchema, EvidenceRefusalSchema } from './discovery-schema.js';

/** The largest paste the reader takes (ITL and CTL files are smaller still); a larger body is refused with 413. */
export const EVIDENCE_MAX_BYTES = MAX_PASTE_CHARS;

const EvidenceQuerySchema = Type.Object(
  {
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          "for a file: the name it was fetched under (ITLFile.tlv, CTLFile.tlv); the file's own header wins when it names itself",
      }),
    ),
  },
  { additionalProperties: false },
);

const ParamsSchema = Type.Object({ id: Type.String({ maxLength: 300 }) });

const refusal = (message: string, unread: DiscoveredFacts['unread']) => ({ error: 'Bad Request', message, unread });

export function registerEvidenceRoute(
  api: FastifyInstance,
  deps: Pick<ApiDeps, 'clusters' | 'discovery' | 'now'>,
  write: RouteShorthandOptions,
): void {
  // A file is read as bytes; only this route takes them.
  api.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  api.post('/clusters/:id/evidence', {
    ...write,
    bodyLimit: EVIDENCE_MAX_BYTES,
    schema: {
      tags: ['clusters'],
      summary: 'Evidence of a cluster\'s state: pasted `show` outputs (text/plain) or an ITLFile.tlv / CTLFile.tlv (application/octet-stream); answers with what was learned',
      params: ParamsSchema, querystring: EvidenceQuerySchema,
      response: { 200: EvidenceAnswerSchema, 400: EvidenceRefusalSchema, 404: ApiErrorSchema, 415: ApiErrorSchema },
    },
  }, async (request, reply) => {
    const { id } = request.params as Static<typeof ParamsSchema>;
    const { name } = request.query as Static<typeof EvidenceQuerySchema>;
    if (!deps.clusters.get(id)) return reply.code(404).send({ error: 'Not Found', message: `no cluster ${id}` });
    const body: unknown = request.body;
    let facts: DiscoveredFacts;
    if (typeof body === 'string') facts = readPasted(body, `POST /api/v1/clusters/${id}/evidence`);
    else if (Buffer.isBuffer(body)) facts = tlvFacts(body, name ?? null, `posted ${name ?? 'file'}`);
    else return reply.code(415).send({ error: 'Unsupported Media Type', message: 'send pasted output as text/plain or an ITL/CTL file as application/octet-stream' });
    if (facts.certificates.length === 0 && facts.state.length === 0) {
      const reasons = [...new Set(facts.unread.map((u) => u.reason))].join(', ') || 'nothing';
      return reply.code(400).send(refusal(`nothing could be read from the evidence (${reasons})`, facts.unread));
    }
    const recorded = await deps.discovery.takeIn(id, facts, deps.now());
    request.log.info({
      event: 'DiscoveryRecorded', clusterId: id, certificates: facts.certificates.length, state: facts.state.length,
      unread: facts.unread.length, conflicts: recorded.discovered.conflicts.length, tickets: recorded.tickets.filter((t) => t.action !== 'none').length,
    }, 'evidence read and kept');
    return answerOf(id, recorded);
  });
}
