// Subjects (issue 10): at most 78 characters with the `Re: ` of a later mail, one line, cluster, what and the nearest
// expiry day; lists lose whole items (`+N`), only absurdly long names are cut. Headlines: what the mail is, how near.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { SUBJECT_MAX_CHARS, headlineFor, replySubject, subjectFor, threadSubjectOf } from '../../src/notify/subject.js';
import { expiryPhrase } from '../../src/notify/compose-format.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import type { MailKind, Ticket } from '../../src/tickets/ticket.js';
import type { Expiry } from '../../src/domain/certificate-event.js';
import { DAY, HOUR, T0, exactExpiry, inferredExpiry, makeEvent, openWith, windowExpiry } from '../tickets/fixtures.js';

type SubjectCluster = Pick<ClusterState, 'id' | 'name' | 'nodes'>;
const lab: SubjectCluster = { id: 'lab', name: 'lab', nodes: [] };

function own(expiry: Expiry, node = 'CUCM01', unit = 'tomcat'): Ticket {
  return openWith(makeEvent({ expiry, node, unit, certificate: `${unit}.der` }));
}

function trust(nodes: string[], certificate = 'CUCM01.der'): Ticket {
  const t = openWith(
    makeEvent({ node: nodes[0]!, unit: 'tomcat-trust', certificate, expiry: inferredExpiry(10 * DAY) }),
  );
  return { ...t, nodes };
}

/** Characters as the subject bound counts them (code points). */
const chars = (s: string) => [...s].length;

/** 23 certificates of 8 stores on three nodes, the CallManager ones first to expire (the example). */
const UNITS = ['CallManager', 'TVS', 'tomcat', 'CAPF', 'ipsec', 'ITLRecovery', 'CallManager-ECDSA', 'tomcat-ECDSA'];
const twentyThree = UNITS.flatMap((unit, i) =>
  ['CUCM01', 'CUCM02', 'CUCM03'].map((node, j) => own(exactExpiry((11 + i) * DAY + j * HOUR), node, unit)),
).slice(0, 23);

describe('subjectFor', () => {
  const cases: { title: string; tickets: Ticket[]; cluster?: SubjectCluster; expected: string }[] = [
    {
      title: 'exact: the day',
      tickets: [own(exactExpiry(11 * DAY))],
      expected: '[certwatch] lab: tomcat on CUCM01 expires 1 Dec 2026',
    },
    {
      title: 'exact, hours away: still the day, no countdown',
      tickets: [own(exactExpiry(5 * HOUR))],
      expected: '[certwatch] lab: tomcat on CUCM01 expires 20 Nov 2026',
    },
    {
      title: 'inferred: by the day',
      tickets: [own(inferredExpiry(10 * DAY))],
      expected: '[certwatch] lab: tomcat on CUCM01 expires by 30 Nov 2026',
    },
    {
      title: 'next year',
      tickets: [own(exactExpiry(44 * DAY))],
      expected: '[certwatch] lab: tomcat on CUCM01 expires 3 Jan 2027',
    },
    {
      title: 'expired',
      tickets: [own(exactExpiry(-3 * DAY - HOUR))],
      expected: '[certwatch] lab: tomcat on CUCM01 EXPIRED 17 Nov 2026',
    },
    {
      title: 'window: by the latest possible day',
      tickets: [own(windowExpiry(-DAY, 5 * DAY))],
      expected: '[certwatch] lab: tomcat on CUCM01 expires by 25 Nov 2026',
    },
    {
      title: 'window passed',
      tickets: [own(windowExpiry(-9 * DAY, -2 * DAY))],
      expected: '[certwatch] lab: tomcat on CUCM01 EXPIRED by 18 Nov 2026',
    },
    {
      title: 'trust entry: store, entry and the nodes that report it',
      tickets: [trust(['S1', 'S2'], 'A.der')],
      expected: '[certwatch] lab: tomcat-trust entry A.der on S1, S2 expires by 30 Nov 2026',
    },
    {
      title: 'trust entry: nodes dropped whole, +N',
      tickets: [trust(['S1', 'S2', 'S3', 'S4', 'S5', 'S6'], 'A.der')],
      expected: '[certwatch] lab: tomcat-trust entry A.der on S1, +5 expires by 30 Nov 2026',
    },
    {
      title: 'trust entry: no node fits, the entry stays',
      tickets: [trust(['CUCM02', 'CUCM03', 'CUCM04'])],
      expected: '[certwatch] lab: tomcat-trust entry CUCM01.der expires by 30 Nov 2026',
    },
    {
      title: "the issue's example: 23 certificates, the nearest day, stores soonest first, +N",
      tickets: twentyThree,
      expected: '[certwatch] lab: 23 certificates expire 1 Dec 2026 (CallManager, TVS, +6)',
    },
    {
      title: 'grouped, every store fits',
      tickets: [
        own(exactExpiry(3 * DAY), 'CUCM01', 'CallManager'),
        own(exactExpiry(2 * DAY), 'CUCM02', 'tomcat'),
        own(exactExpiry(4 * DAY), 'CUCM02', 'CallManager'),
      ],
      expected: '[certwatch] lab: 3 certificates expire 22 Nov 2026 (tomcat, CallManager)',
    },
    {
      title: 'grouped, some expired: how many, and the day the first expired',
      tickets: [
        own(exactExpiry(-DAY), 'A'),
        own(exactExpiry(2 * DAY), 'B', 'CallManager'),
        own(exactExpiry(3 * DAY), 'C'),
      ],
      expected: '[certwatch] lab: 3 certificates, 1 EXPIRED 19 Nov 2026 (tomcat, +1)',
    },
    {
      title: 'grouped, all expired',
      tickets: ['A', 'B', 'C', 'D', 'E'].map((n, i) => own(exactExpiry(-DAY - i * HOUR), n)),
      expected: '[certwatch] lab: 5 certificates EXPIRED 19 Nov 2026 (tomcat)',
    },
    {
      title: 'a long cluster name gives way to the cluster id',
      tickets: [own(exactExpiry(DAY))],
      cluster: { id: 'unassigned-10-9-9-9', name: 'Unassigned (events from 10.9.9.9)', nodes: [] },
      expected: '[certwatch] unassigned-10-9-9-9: tomcat on CUCM01 expires 21 Nov 2026',
    },
    {
      title: 'the day in the cluster\'s time zone (the publisher\'s)',
      tickets: [own(exactExpiry(10 * DAY + 12 * HOUR))],
      cluster: {
        id: 'akl',
        name: 'akl',
        nodes: [{ name: 'PUB', addresses: [], roles: ['publisher'], timeZone: 'Pacific/Auckland' }],
      },
      expected: '[certwatch] akl: tomcat on CUCM01 expires 1 Dec 2026',
    },
    {
      title: 'the same instant in UTC is the day before',
      tickets: [own(exactExpiry(10 * DAY + 12 * HOUR))],
      expected: '[certwatch] lab: tomcat on CUCM01 expires 30 Nov 2026',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const subject = subjectFor(c.tickets, c.cluster ?? lab, T0);
      assert.equal(subject, c.expected);
      assert.ok(chars(replySubject(subject)) <= SUBJECT_MAX_CHARS, 'the reply fits too');
    });
  }

  test('an absurdly long cluster name is cut with an ellipsis, at a space when it has one', () => {
    const s = subjectFor(
      [own(exactExpiry(DAY))],
      { id: 'x'.repeat(64), name: 'Production cluster of the east coast region number 4', nodes: [] },
      T0,
    );
    assert.equal(s, '[certwatch] Production cluster of…: tomcat on CUCM01 expires 21 Nov 2026');
  });

  test('absurdly long names: cut with an ellipsis, the node dropped before the store', () => {
    const t = openWith(
      makeEvent({ unit: 'u'.repeat(10_000), node: 'n'.repeat(10_000), certificate: 'c.der', expiry: exactExpiry(DAY) }),
    );
    assert.equal(
      subjectFor([t], lab, T0),
      `[certwatch] lab: ${'u'.repeat(15)}… on ${'n'.repeat(15)}… expires 21 Nov 2026`,
    );
    const long = subjectFor([t], { id: 'c'.repeat(64), name: 'C'.repeat(10_000), nodes: [] }, T0);
    assert.equal(long, `[certwatch] ${'C'.repeat(23)}…: ${'u'.repeat(15)}… expires 21 Nov 2026`);
  });

  test('hostile names: CR/LF, controls, bidi overrides and zero-width characters never reach the line', () => {
    const t = openWith(
      makeEvent({
        unit: 'tomcat\r\nBcc: victim@example.com',
        node: 'CUCM\u202e10\u200b',
        certificate: 'x\u0000.der',
        expiry: exactExpiry(DAY),
      }),
    );
    const s = subjectFor([t], { id: 'lab', name: 'lab\r\nX-Evil: 1', nodes: [] }, T0);
    assert.doesNotMatch(s, /[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b]/);
    assert.ok(chars(s) <= SUBJECT_MAX_CHARS - 'Re: '.length);
    assert.match(s, /^\[certwatch\] lab X-Evil: 1: /);
  });

  test('unicode: emoji and accents count as one character each and are never split', () => {
    const unit = `${'🔐'.repeat(60)}é`;
    const s = subjectFor([own(exactExpiry(DAY), 'Zürich-01', unit)], { id: 'zh', name: 'Zürich 🇨🇭', nodes: [] }, T0);
    assert.equal(s, `[certwatch] Zürich 🇨🇭: ${'🔐'.repeat(15)}… on Zürich-01 expires 21 Nov 2026`);
    assert.doesNotMatch(
      s,
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      'no lone surrogate',
    );
  });

  const anyName = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer({ min: 0, max: 10_000 }).map((n) => 'w'.repeat(n)),
  );
  const anyTickets = fc.array(
    fc.record({ unit: anyName, node: anyName, certificate: anyName, days: fc.integer({ min: -400, max: 400 }) }),
    { minLength: 0, maxLength: 30 },
  );

  test('any names, any number of tickets: one line of at most 78 characters with the Re: of a reply', () => {
    fc.assert(
      fc.property(anyName, anyName, anyTickets, (name, id, specs) => {
        const tickets = specs.map((s) =>
          openWith(
            makeEvent({ unit: s.unit, node: s.node, certificate: s.certificate, expiry: exactExpiry(s.days * DAY) }),
          ),
        );
        const subject = subjectFor(tickets, { id, name, nodes: [] }, T0);
        const reply = replySubject(subject);
        assert.ok(chars(reply) <= SUBJECT_MAX_CHARS, `${chars(reply)}: ${reply}`);
        assert.doesNotMatch(reply, /[\u0000-\u001f\u007f\u0085\u2028\u2029]/);
        assert.match(subject, /^\[certwatch\] /);
        assert.equal(threadSubjectOf(reply), subject);
      }),
      { numRuns: 300 },
    );
  });

  test('ordinary names are never cut: a list loses whole items and says +N for them', () => {
    const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,19}$/);
    fc.assert(
      fc.property(word, fc.array(fc.tuple(word, word), { minLength: 2, maxLength: 60 }), (cluster, pairs) => {
        const tickets = pairs.map(([unit, node], i) => own(exactExpiry((i + 1) * DAY), node, unit));
        const subject = subjectFor(tickets, { id: cluster, name: cluster, nodes: [] }, T0);
        assert.doesNotMatch(subject, /…/);
        const list = /\(([^()]*)\)$/.exec(subject)?.[1];
        const units = new Set(pairs.map(([unit]) => unit.toLowerCase()));
        if (list === undefined) return;
        const items = list.split(', ');
        const more = /^\+(\d+)$/.exec(items.at(-1)!);
        const named = more ? items.slice(0, -1) : items;
        for (const item of named) assert.ok(units.has(item.toLowerCase()), `${item} is a whole store name`);
        assert.equal(named.length + Number(more?.[1] ?? 0), units.size, 'named and +N add up to the stores');
      }),
      { numRuns: 300 },
    );
  });
});

describe('replySubject and threadSubjectOf', () => {
  test('a reply is Re: and the thread subject; the thread subject comes back from either', () => {
    const subject = subjectFor([own(exactExpiry(DAY))], lab, T0);
    assert.equal(replySubject(subject), `Re: ${subject}`);
    assert.equal(threadSubjectOf(`Re: ${subject}`), subject);
    assert.equal(threadSubjectOf(subject), subject);
  });
});

describe('headlineFor', () => {
  const cases: { title: string; tickets: Ticket[]; kind: MailKind; expected: string }[] = [
    {
      title: 'opened',
      tickets: [own(exactExpiry(11 * DAY))],
      kind: 'opened',
      expected: 'New: lab: tomcat on CUCM01 expires 1 Dec 2026, in 11 days',
    },
    {
      title: 'escalated: hours left',
      tickets: [own(exactExpiry(20 * HOUR))],
      kind: 'escalated',
      expected: 'Escalated: lab: tomcat on CUCM01 expires 21 Nov 2026, in 20 hours',
    },
    {
      title: 'reminder, inferred',
      tickets: [own(inferredExpiry(3 * DAY))],
      kind: 'reminder',
      expected: 'Reminder: lab: tomcat on CUCM01 expires by 23 Nov 2026, in 3 days',
    },
    {
      title: 'expired, daily',
      tickets: [own(exactExpiry(-2 * DAY))],
      kind: 'expired-daily',
      expected: 'Expired (daily reminder): lab: tomcat on CUCM01 EXPIRED 18 Nov 2026, 2 days ago',
    },
    {
      title: 'reopened',
      tickets: [own(exactExpiry(5 * DAY))],
      kind: 'reopened',
      expected: 'Reopened: lab: tomcat on CUCM01 expires 25 Nov 2026, in 5 days',
    },
    {
      title: 'renewed?',
      tickets: [own(exactExpiry(5 * DAY))],
      kind: 'quiet-confirm',
      expected: 'Renewed? lab: tomcat on CUCM01 expires 25 Nov 2026, in 5 days',
    },
    {
      title: 'grouped: every store, the first expiry',
      tickets: twentyThree,
      kind: 'reminder',
      expected:
        'Reminder: lab: 23 certificates (CallManager, TVS, tomcat, CAPF, ipsec, ITLRecovery, CallManager-ECDSA, tomcat-ECDSA), the first expires 1 Dec 2026, in 11 days',
    },
  ];
  for (const c of cases) test(c.title, () => assert.equal(headlineFor(c.tickets, lab, c.kind, T0), c.expected));

  test('hostile and huge names: one bounded line', () => {
    const t = openWith(
      makeEvent({ unit: `${'u'.repeat(10_000)}\r\nBcc: x`, node: 'n\u2028'.repeat(5_000), expiry: exactExpiry(DAY) }),
    );
    const h = headlineFor([t], { id: 'lab', name: 'L'.repeat(10_000), nodes: [] }, 'escalated', T0);
    assert.doesNotMatch(h, /[\r\n\u2028]/);
    assert.ok(chars(h) <= 240, `${chars(h)}`);
    assert.match(
      h,
      /^Escalated: lab: u{15}… on (n ){6}n… expires 21 Nov 2026, in 1 day$/,
      'the cluster id for a name too long, names cut',
    );
  });
});

describe('an expiry that is not a date (a stored ticket gone wrong)', () => {
  test('subject and headline say the date is unknown, once', () => {
    const t = own(exactExpiry(DAY));
    const broken = { ...t, expiry: { ...t.expiry, at: 'not a date', latest: 'not a date' } };
    assert.equal(subjectFor([broken], lab, T0), '[certwatch] lab: tomcat on CUCM01 expires at an unknown date');
    assert.equal(
      headlineFor([broken], lab, 'reminder', T0),
      'Reminder: lab: tomcat on CUCM01 expires at an unknown date',
    );
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
