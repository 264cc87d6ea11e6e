// Composed plan mails: headers safe from injection, every value escaped in HTML, the facts in the body and the plan
// attached (never in the body), threading under one subject, the headline and importance that carry the urgency.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { composePlanMail, mailGroupId, messageIdFor, type PlanMailInput } from '../../src/notify/compose-mail.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import { planForTickets } from '../../src/plan/ticket-plan.js';
import { unassignedClusterFor, unassignedClusterId } from '../../src/tickets/cluster-match.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, T0, at, exactExpiry, inferredExpiry, makeEvent, openWith, windowExpiry } from '../tickets/fixtures.js';

const lab = {
  ...unknownCluster('lab', 'Lab'),
  nodes: [{ name: 'CUCM01', addresses: ['10.0.0.1'], roles: ['publisher' as const] }],
};

function input(tickets: Ticket[], over: Partial<PlanMailInput> = {}): PlanMailInput {
  return {
    tickets,
    cluster: lab,
    runbook: planForTickets(over.cluster ?? lab, tickets, T0),
    kind: 'opened',
    now: T0,
    from: 'certwatch <certwatch@example.com>',
    to: ['voice@example.com'],
    messageId: messageIdFor(
      tickets.map((t) => t.id),
      tickets.map((t) => t.revision),
      { installId: 'inst1', domain: 'example.com' },
    ),
    groupId: mailGroupId(
      tickets.map((t) => t.id),
      tickets.map((t) => t.revision),
    ),
    threadMessageId: null,
    threadSubject: null,
    ticketUrlBase: 'https://certwatch.example.com:8443/',
    ...over,
  };
}

const HOSTILE = '<script>alert(1)</script>"\'&\r\nBcc: victim@example.com';

describe('composePlanMail', () => {
  test('a single ticket: subject, headline, headers, facts in both parts, the plan attached', () => {
    const t = openWith();
    const mail = composePlanMail(input([t]));
    assert.equal(mail.subject, '[certwatch] Lab: tomcat on CUCM01 expires by 25 Nov 2026');
    assert.equal(mail.text.split('\n')[0], 'New: Lab: tomcat on CUCM01 expires by 25 Nov 2026, in 5 days');
    assert.match(mail.html, /<body[^>]*>\n<h2[^>]*>New: Lab: tomcat on CUCM01 expires by 25 Nov 2026, in 5 days<\/h2>/);
    assert.deepEqual(mail.headers, {
      'X-Certwatch-Kind': 'opened',
      Importance: 'high',
      'X-Priority': '1 (Highest)',
      'X-Certwatch-Ticket': t.id,
    });
    assert.equal(mail.messageId, `<${t.id}.r1.inst1@example.com>`);
    assert.equal(mail.inReplyTo, undefined);
    assert.equal(mail.references, undefined);
    assert.deepEqual(mail.to, ['voice@example.com']);
    for (const part of [mail.text, mail.html]) {
      assert.match(part, /inferred/);
      assert.match(part, /2026-11-25 10:00 UTC/);
      assert.match(part, /1 time, first 2026-11-20 10:00 UTC/);
      assert.match(part, /CertValidfor7days/);
      assert.ok(part.includes(`https://certwatch.example.com:8443/api/v1/tickets/${t.id}/ack`));
      assert.match(part, /X-Certwatch-User/);
    }
    assert.doesNotMatch(mail.text, /not in the inventory/, 'a known cluster gets no unassigned note');
    const runbook = planForTickets(lab, [t], T0);
    assert.deepEqual(
      mail.attachments.map((a) => [a.filename, a.contentType]),
      [
        ['lab-2026-11-20-runbook.html', 'text/html; charset=utf-8'],
        ['lab-2026-11-20-runbook.md', 'text/markdown; charset=utf-8'],
      ],
    );
    assert.ok(mail.attachments[0]!.content.includes(runbook.html), "the plan engine's HTML, as rendered");
    assert.match(
      mail.attachments[0]!.content,
      /^<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>/,
      'a page of its own',
    );
    assert.ok(mail.attachments[1]!.content.startsWith(runbook.markdown.trimEnd()), "the plan engine's Markdown");
    for (const a of mail.attachments) assert.ok(a.content.includes(t.id), `${a.filename} names the ticket`);
    const planHeading = 'Before anything else: find out';
    assert.ok(runbook.text.includes(planHeading) && runbook.html.includes(planHeading));
    assert.ok(!mail.text.includes(planHeading) && !mail.html.includes(planHeading), 'the plan is not in the body');
  });

  test('hostile values: no raw markup in HTML, no CR/LF in any header', () => {
    const event = makeEvent({
      node: HOSTILE,
      unit: `tomcat${HOSTILE}`,
      certificate: `${HOSTILE}.der`,
      alarm: HOSTILE,
      certType: HOSTILE,
    });
    const t = openWith(event);
    const cluster = { ...lab, name: HOSTILE };
    const mail = composePlanMail(
      input([t], {
        cluster,
        from: `evil${HOSTILE}`,
        to: [`a@example.com\r\nBcc: x@example.com`],
        threadMessageId: `<t@x>\r\nX-Evil: 1`,
        messageId: `<m@x>\nX-Evil: 2`,
      }),
    );
    assert.doesNotMatch(mail.html, /<script>/);
    assert.match(mail.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const headers = [
      mail.from,
      mail.subject,
      mail.messageId,
      mail.inReplyTo ?? '',
      ...(mail.references ?? []),
      ...mail.to,
      ...Object.values(mail.headers),
    ];
    for (const h of headers) assert.doesNotMatch(h, /[\r\n]/, h);
    assert.doesNotMatch(mail.messageId, /\s/);
    // The text part keeps each hostile value on its own line: it cannot fake new lines either.
    assert.ok(!mail.text.split('\n').some((line) => line.startsWith('Bcc:')));
  });

  test('a javascript: base URL never becomes a link', () => {
    const mail = composePlanMail(input([openWith()], { ticketUrlBase: 'javascript:alert(1)//' }));
    assert.doesNotMatch(mail.html, /href="javascript/i);
    assert.doesNotMatch(mail.text, /javascript:/);
    assert.match(mail.text, /<certwatch API>\/api\/v1\/tickets\//);
  });

  test('follow-ups thread on the first mail, under its subject with Re:; the headline says what changed', () => {
    const first = '[certwatch] Lab: tomcat on CUCM01 expires 1 Dec 2026';
    const t = {
      ...openWith(makeEvent({ expiry: exactExpiry(20 * 3_600_000) })),
      threadMessageId: '<first@example.com>',
      threadSubject: first,
      revision: 2,
    };
    const mail = composePlanMail(
      input([t], { kind: 'escalated', threadMessageId: '<first@example.com>', threadSubject: first }),
    );
    assert.equal(mail.inReplyTo, '<first@example.com>');
    assert.deepEqual(mail.references, ['<first@example.com>']);
    assert.notEqual(mail.messageId, '<first@example.com>');
    assert.equal(mail.subject, `Re: ${first}`, 'the thread\'s subject, not one for today\'s expiry');
    assert.equal(mail.text.split('\n')[0], 'Escalated: Lab: tomcat on CUCM01 expires 21 Nov 2026, in 20 hours');
  });

  test('a thread started before subjects were kept: Re: and a subject made now', () => {
    const t = { ...openWith(), threadMessageId: '<old@example.com>', revision: 2 };
    const mail = composePlanMail(
      input([t], { kind: 'reminder', threadMessageId: '<old@example.com>', threadSubject: null }),
    );
    assert.equal(mail.subject, 'Re: [certwatch] Lab: tomcat on CUCM01 expires by 25 Nov 2026');
    assert.equal(mail.inReplyTo, '<old@example.com>');
  });

  test('importance: high when a certificate has expired or expires within 7 days, else normal', () => {
    const cases: [string, number, string, string][] = [
      ['expired', -DAY, 'high', '1 (Highest)'],
      ['in 6 days', 6 * DAY, 'high', '1 (Highest)'],
      ['in 8 days', 8 * DAY, 'normal', '3 (Normal)'],
      ['in 30 days', 30 * DAY, 'normal', '3 (Normal)'],
    ];
    for (const [title, inMs, importance, priority] of cases) {
      const t = openWith(
        makeEvent({ alarm: 'CertValidfor30days', alarmUrgency: 'unknown', expiry: exactExpiry(inMs) }),
      );
      const { headers } = composePlanMail(input([t], { kind: 'reminder' }));
      assert.equal(headers.Importance, importance, title);
      assert.equal(headers['X-Priority'], priority, title);
    }
    const far = openWith(
      makeEvent({
        alarm: 'CertValidfor30days',
        alarmUrgency: 'unknown',
        expiry: exactExpiry(30 * DAY),
        node: 'CUCM02',
      }),
    );
    const near = openWith(makeEvent({ expiry: exactExpiry(2 * DAY), node: 'CUCM03' }));
    assert.equal(
      composePlanMail(input([far, near])).headers.Importance,
      'high',
      'one near certificate makes the whole mail high',
    );
    const windowOnly = openWith(makeEvent({ expiry: windowExpiry(-DAY, 20 * DAY), node: 'CUCM04' }));
    assert.equal(windowOnly.urgency, 'week', 'CertValidfor7days without a date');
    assert.equal(composePlanMail(input([windowOnly])).headers.Importance, 'high', 'the alarm says within 7 days');
  });

  test('quiet-confirm asks to confirm with show cert own <unit>/<file>', () => {
    const mail = composePlanMail(input([openWith()], { kind: 'quiet-confirm' }));
    for (const part of [mail.text, mail.html]) {
      assert.match(part, /show cert own tomcat\/tomcat\.pem/);
      assert.match(part, /never resolves on silence alone/);
    }
    const trust = openWith(makeEvent({ node: 'CUCM02', unit: 'tomcat-trust', certificate: 'CUCM01.der' }));
    assert.match(
      composePlanMail(input([trust], { kind: 'quiet-confirm' })).text,
      /show cert trust tomcat-trust\/CUCM01\.pem/,
    );
  });

  test('grouped: the group and its count in the headers, every ticket id in the body, other threads referenced', () => {
    const a = openWith();
    const b = {
      ...openWith(
        makeEvent({ unit: 'CallManager', certificate: 'CallManager.der', expiry: inferredExpiry(3 * DAY) }),
        at(1_000),
      ),
      threadMessageId: '<b-thread@x>',
    };
    const mail = composePlanMail(input([a, b]));
    assert.deepEqual(mail.headers, {
      'X-Certwatch-Kind': 'opened',
      Importance: 'high',
      'X-Priority': '1 (Highest)',
      'X-Certwatch-Group': mailGroupId([a.id, b.id], [1, 1]),
      'X-Certwatch-Count': '2',
    });
    for (const part of [mail.text, mail.html]) {
      assert.ok(part.includes(`Mail group ${mailGroupId([a.id, b.id], [1, 1])}: 2 tickets`));
      for (const t of [a, b]) assert.ok(part.includes(t.id), `${t.id} in the body`);
    }
    assert.equal(
      mail.subject,
      '[certwatch] Lab: 2 certificates expire by 23 Nov 2026 (CallManager, +1)',
      'a whole store left out: the reply must fit 78 too',
    );
    const listed = [...mail.text.matchAll(/^Ticket (\S+): (.*)$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(listed, [
      [a.id, 'tomcat on CUCM01 (tomcat.der)'],
      [b.id, 'CallManager on CUCM01 (CallManager.der)'],
    ]);
    assert.deepEqual(mail.references, ['<b-thread@x>']);
    assert.match(mail.messageId, /^<group\.2\.[0-9a-f]{20}\.inst1@example\.com>$/);
  });

  test('unassigned cluster: says the state is unknown and where the checklist is', () => {
    const id = unassignedClusterId('10.9.9.9');
    const mail = composePlanMail(input([openWith()], { cluster: unassignedClusterFor(id, '10.9.9.9') }));
    assert.match(mail.text, /not in the inventory .*PUT \/api\/v1\/clusters\/unassigned-10-9-9-9/);
    assert.match(mail.text, /^Unknown, so no order of work yet: .*CUCM version; cluster security mode/m);
    assert.match(
      mail.text,
      /checklist at the top of the attached runbook unassigned-10-9-9-9-2026-11-20-runbook\.html/,
    );
    assert.match(mail.attachments[0]!.content, /show version active/, 'the checklist is in the attachment');
    assert.equal(
      mail.subject,
      '[certwatch] unassigned-10-9-9-9: tomcat on CUCM01 expires by 25 Nov 2026',
      'the id: the name is too long',
    );
    assert.match(
      mail.text.split('\n')[0]!,
      /^New: Unassigned \(events from 10\.9\.9\.9\): tomcat on CUCM01/,
      'the headline has room for the name',
    );
  });
});

describe('messageIdFor', () => {
  const origin = { installId: 'a1b2', domain: 'x.org' };
  test('stable, order-independent for groups, revision-sensitive', () => {
    assert.equal(
      messageIdFor(['lab.a.1'], [3], { installId: 'a1b2', domain: 'example.com' }),
      '<lab.a.1.r3.a1b2@example.com>',
    );
    assert.equal(messageIdFor(['a', 'b'], [1, 2], origin), messageIdFor(['b', 'a'], [2, 1], origin));
    assert.notEqual(messageIdFor(['a', 'b'], [1, 2], origin), messageIdFor(['a', 'b'], [1, 3], origin));
    assert.notEqual(messageIdFor(['lab.a.1'], [1], origin), messageIdFor(['lab.a.1'], [2], origin));
  });
  test('two installations never share a Message-ID', () => {
    assert.notEqual(
      messageIdFor(['lab.a.1'], [1], origin),
      messageIdFor(['lab.a.1'], [1], { ...origin, installId: 'c3d4' }),
    );
    assert.notEqual(
      messageIdFor(['a', 'b'], [1, 1], origin),
      messageIdFor(['a', 'b'], [1, 1], { ...origin, installId: 'c3d4' }),
    );
  });
  test('hostile domain, install id and ids cannot break the header', () => {
    const id = messageIdFor(['a:b\r\nX: y'], [1], { installId: '>\r\nBcc: z', domain: 'ex ample.com>\r\nBcc: z' });
    assert.match(id, /^<[A-Za-z0-9.\-@]+>$/);
    assert.throws(() => messageIdFor(['a'], [], origin));
  });
});
