// Property tests: whatever strings arrive from the wire, ids stay safe, headers stay one line, HTML stays inert,
// attachment names stay plain file names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { composePlanMail, messageIdFor } from '../../src/notify/compose-mail.js';
import { planForTickets } from '../../src/plan/ticket-plan.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { matchCluster } from '../../src/tickets/cluster-match.js';
import { T0, makeEvent, openWith } from '../tickets/fixtures.js';

const wire = fc.string({ unit: 'binary', maxLength: 60 });

describe('properties', () => {
  test('ticket and unassigned cluster ids: [a-z0-9.-] only, deterministic', () => {
    fc.assert(
      fc.property(wire, wire, wire, wire, (node, unit, certificate, source) => {
        const event = makeEvent({ node, unit, certificate });
        const clusterId = matchCluster({ node, host: null, clusterId: null }, source, []).clusterId;
        const id = ticketIdFor(event, clusterId);
        assert.match(id, /^[a-z0-9.-]+$/);
        assert.match(clusterId, /^[a-z0-9-]+$/);
        assert.equal(id, ticketIdFor({ ...event }, clusterId));
      }),
      { numRuns: 300 },
    );
  });

  test('composed mail: headers one line, injected markup never raw in HTML', () => {
    fc.assert(
      fc.property(wire, wire, wire, (a, b, c) => {
        const evil = `<x-evil>${a}`;
        const t = openWith(
          makeEvent({
            node: `${evil}${b}`,
            unit: `tomcat${evil}`,
            certificate: `${c}${evil}.der`,
            alarm: evil,
            certType: evil,
          }),
        );
        const cluster = unknownCluster(`lab${a}`, `${evil}${c}`);
        const mail = composePlanMail({
          tickets: [t],
          cluster,
          runbook: planForTickets(cluster, [t], T0),
          kind: 'opened',
          now: T0,
          from: `x${a}@example.com`,
          to: [`${b}@example.com`],
          messageId: messageIdFor([t.id], [1], { installId: a, domain: `${c}.example` }),
          groupId: a,
          threadMessageId: `<${a}@x>`,
          threadSubject: `${b}${evil}`,
          ticketUrlBase: `https://h/${b}`,
        });
        assert.ok(!mail.html.includes('<x-evil'));
        assert.ok(!mail.attachments[0]!.content.includes('<x-evil'), 'the runbook page escapes too');
        assert.ok(!/(?<!\\)<x-evil/.test(mail.attachments[1]!.content), 'and the Markdown runbook: no raw markup');
        for (const { filename } of mail.attachments) {
          assert.match(filename, /^[a-z0-9._-]+-\d{4}-\d{2}-\d{2}-runbook\.(html|md)$/);
        }
        const headers = [
          mail.from,
          mail.subject,
          mail.messageId,
          mail.inReplyTo ?? '',
          ...(mail.references ?? []),
          ...mail.to,
          ...Object.values(mail.headers),
        ];
        for (const h of headers) assert.doesNotMatch(h, /[\r\n\u0000]/);
      }),
      { numRuns: 200 },
    );
  });
});
