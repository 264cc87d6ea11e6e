// Subject formats: cluster, node, store and when it expires (exact countdown, inferred date, EXPIRED, grouped).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { subjectFor } from '../../src/notify/subject.js';
import { expiryPhrase } from '../../src/notify/compose-format.js';
import type { MailKind, Ticket } from '../../src/tickets/ticket.js';
import type { Expiry } from '../../src/domain/certificate-event.js';
import { DAY, HOUR, T0, exactExpiry, inferredExpiry, makeEvent, openWith, windowExpiry } from '../tickets/fixtures.js';

const lab = { id: 'lab', name: 'lab' };

function own(expiry: Expiry, node = 'CUCM01', unit = 'tomcat'): Ticket {
  return openWith(makeEvent({ expiry, node, unit, certificate: `${unit}.der` }));
}

describe('subjectFor', () => {
  const trust = (() => {
    const t = openWith(makeEvent({ node: 'CUCM02', unit: 'tomcat-trust', certificate: 'CUCM01.der', expiry: inferredExpiry(10 * DAY) }));
    return { ...t, nodes: ['CUCM02', 'CUCM03'] };
  })();
  const cases: { title: string; tickets: Ticket[]; kind?: MailKind; expected: string }[] = [
    { title: 'exact: countdown in days', tickets: [own(exactExpiry(5 * DAY + HOUR))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires in 5 days' },
    { title: 'exact: countdown in hours', tickets: [own(exactExpiry(5 * HOUR + 60_000))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires in 5 hours' },
    { title: 'exact: one day', tickets: [own(exactExpiry(DAY + 60_000))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires in 1 day' },
    { title: 'inferred: by date', tickets: [own(inferredExpiry(10 * DAY))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires by 30 Nov' },
    { title: 'inferred: next year shows the year', tickets: [own(inferredExpiry(44 * DAY))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires by 3 Jan 2027' },
    { title: 'expired', tickets: [own(inferredExpiry(-3 * DAY - HOUR))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) EXPIRED 3 days ago' },
    { title: 'window: by the latest possible date', tickets: [own(windowExpiry(-DAY, 5 * DAY))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires by 25 Nov' },
    { title: 'window passed: at least', tickets: [own(windowExpiry(-9 * DAY, -2 * DAY))], expected: '[certwatch] lab: tomcat on CUCM01 (tomcat.der) EXPIRED at least 2 days ago' },
    { title: 'trust entry names the store, entry and reporting nodes', tickets: [trust], expected: '[certwatch] lab: tomcat-trust entry CUCM01.der on CUCM02, CUCM03 expires by 30 Nov' },
    { title: 'reminder prefix', tickets: [own(exactExpiry(3 * DAY))], kind: 'reminder', expected: '[certwatch] Reminder: lab: tomcat on CUCM01 (tomcat.der) expires in 3 days' },
    { title: 'quiet-confirm asks', tickets: [own(exactExpiry(3 * DAY))], kind: 'quiet-confirm', expected: '[certwatch] Renewed? lab: tomcat on CUCM01 (tomcat.der) expires in 3 days' },
    {
      title: 'grouped: count, stores, nodes, last date and first countdown',
      tickets: [
        own(inferredExpiry(2 * DAY), 'CUCM01', 'tomcat'), own(inferredExpiry(3 * DAY), 'CUCM02', 'tomcat'),
        own(inferredExpiry(4 * DAY), 'CUCM01', 'CallManager'), own(inferredExpiry(5 * DAY), 'CUCM02', 'CallManager'),
        own(inferredExpiry(6 * DAY), 'CUCM01', 'TVS'), own(inferredExpiry(10 * DAY), 'CUCM02', 'TVS'),
      ],
      expected: '[certwatch] lab: 6 certificates (tomcat, CallManager, TVS; CUCM01, CUCM02) expire by 30 Nov (first by 22 Nov)',
    },
    {
      title: 'grouped with expired ones',
      tickets: [own(inferredExpiry(-DAY), 'A'), own(inferredExpiry(2 * DAY), 'B'), own(inferredExpiry(3 * DAY), 'C')],
      expected: '[certwatch] lab: 3 certificates (tomcat; A, B, C): 1 EXPIRED, 2 expire by 23 Nov (first by 22 Nov)',
    },
    {
      title: 'grouped, all expired; many nodes abbreviated',
      tickets: ['A', 'B', 'C', 'D', 'E'].map((n) => own(inferredExpiry(-DAY), n)),
      expected: '[certwatch] lab: 5 certificates (tomcat; A, B, C +2) EXPIRED',
    },
  ];
  for (const c of cases) {
    test(c.title, () => assert.equal(subjectFor(c.tickets, lab, c.kind ?? 'opened', T0), c.expected));
  }

  test('hostile names cannot break the header line, and the subject is bounded', () => {
    const t = openWith(makeEvent({ unit: 'tomcat\r\nBcc: victim@example.com', certificate: `${'x'.repeat(300)}\n.der` }));
    const s = subjectFor([t], { id: 'lab', name: 'lab\r\nX-Evil: 1' }, 'opened', T0);
    assert.doesNotMatch(s, /[\r\n]/);
    assert.ok(s.length <= 200);
  });
});

describe('expiryPhrase', () => {
  const cases: { title: string; expiry: Expiry; expected: string }[] = [
    { title: 'under an hour', expiry: exactExpiry(10 * 60_000), expected: 'in under an hour' },
    { title: 'just expired', expiry: exactExpiry(-60_000), expected: 'EXPIRED under an hour ago' },
    { title: 'expired hours ago', expiry: exactExpiry(-2 * HOUR), expected: 'EXPIRED 2 hours ago' },
    { title: 'one day ago', expiry: inferredExpiry(-DAY - HOUR), expected: 'EXPIRED 1 day ago' },
  ];
  for (const c of cases) test(c.title, () => assert.equal(expiryPhrase(c.expiry, T0), c.expected));
});
