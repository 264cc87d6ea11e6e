// Issue 10, the alert: the first 40 lines of a plan mail's text part say what needs doing and by when (the
// certificates by unit and expiry day in the cluster's zone with UTC beside it, the next deadline, the order of work or
// what is unknown, the maintenance window, what to do now), for one ticket and for a whole cluster; the HTML part
// shows the same first. Pure: the composer with a real plan, no I/O.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateCluster } from '../../src/config/load-clusters.js';
import { clusterTimeZone } from '../../src/domain/cluster-time-zone.js';
import { composePlanMail, draftPlanMail } from '../../src/notify/compose-mail.js';
import { FIRST_SCREEN_LINES } from '../../src/notify/first-screen.js';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { DAY, T0, exactExpiry, inferredExpiry, makeEvent, openWith, policy } from '../tickets/fixtures.js';
import { firstLines, knownCluster, mailInput, wholeCluster } from './mail-fixtures.js';

const ACK =
  /^ {4}curl -sS -X POST -H "Authorization: Bearer \$CERTWATCH_TOKEN" -H "X-Certwatch-User: \$USER" '.*\/api\/v1\/tickets\/.*\/ack'$/m;
/** A mail of several tickets: acknowledged whole, by its group id. */
const GROUP_ACK =
  /^ {4}curl -sS -X POST -H "Authorization: Bearer \$CERTWATCH_TOKEN" -H "X-Certwatch-User: \$USER" '.*\/api\/v1\/mail-groups\/[^/]+\/ack'$/m;

/** The first screen as the draft made it, and how many lines it has. */
function screenOf(input: Parameters<typeof draftPlanMail>[0]) {
  const draft = draftPlanMail(input);
  const screen = draft.text.firstScreen;
  return { draft, screen, lines: screen.split('\n').length - 1 };
}

describe('the first screen of a plan mail', () => {
  test('one ticket: the table, the deadline, the order of work, the window, what to do; within 40 lines', () => {
    const cluster = knownCluster();
    const t = openWith(
      makeEvent({
        node: 'CUCM01',
        host: null,
        unit: 'tomcat',
        certificate: 'tomcat.der',
        expiry: exactExpiry(10 * DAY),
      }),
    );
    const { draft, screen, lines } = screenOf(mailInput([t], cluster));
    assert.ok(lines <= FIRST_SCREEN_LINES, `${lines} lines`);
    assert.ok(draft.mail.text.startsWith(screen), 'the text part starts with it');
    assert.deepEqual(screen.split('\n').slice(0, 7), [
      'New: Lab cluster: tomcat on CUCM01 expires 30 Nov 2026, in 10 days',
      'The Cisco Certificate Monitor reports certificates that expire soon. The attached runbook orders the renewal so that phones keep trusting their TFTP servers: read it through before changing anything.',
      '',
      'Certificate, times in Europe/Berlin (UTC in brackets):',
      'Unit    Expires                           Left     Nodes   Status',
      'tomcat  2026-11-30 11:00 CET (10:00 UTC)  10 days  CUCM01  open',
      '',
    ]);
    assert.match(
      screen,
      /^Next deadline: 2026-11-30 11:00 CET \(10:00 UTC\), in 10 days: tomcat on CUCM01 \(tomcat\.der\)\.$/m,
    );
    assert.match(
      screen,
      /^Order of work \(one trust anchor per step; days in Europe\/Berlin\):\n1\. 2026-11-20: tomcat on CUCM01$/m,
    );
    assert.match(screen, /^Maintenance window: Sat 22:00-02:00 Europe\/Berlin$/m);
    assert.match(screen, /^- Read the attached runbook lab-2026-11-20-runbook\.html /m);
    assert.match(screen, ACK, 'the ack command: POST with the token');
    assert.doesNotMatch(screen, /Ticket \S+:/, 'the ticket list comes after the first screen');
    assert.match(
      draft.mail.text.slice(screen.length),
      new RegExp(`^Ticket ${t.id.replace(/\./g, '\\.')}: tomcat on CUCM01`, 'm'),
    );
  });

  test('structured maintenance windows: listed, and each step of the order of work says when its window opens', () => {
    const cluster = knownCluster(4, {
      maintenanceWindows: [
        { weekday: 'Tue', start: '22:00', duration: '4h' },
        { weekday: 'Sat', start: '06:00', duration: '2h', timeZone: 'UTC' },
      ],
    });
    const t = openWith(
      makeEvent({
        node: 'CUCM01',
        host: null,
        unit: 'tomcat',
        certificate: 'tomcat.der',
        expiry: exactExpiry(10 * DAY),
      }),
    );
    const { screen } = screenOf(mailInput([t], cluster));
    assert.match(
      screen,
      /^Maintenance window: Tue 22:00 for 4h \(Europe\/Berlin\); Sat 06:00 for 2h \(UTC\); Sat 22:00-02:00 Europe\/Berlin$/m,
    );
    // The plan's day is Friday 20 Nov: the first window is Saturday 21 Nov 06:00 UTC (07:00 in Berlin).
    assert.match(screen, /^1\. 2026-11-21 07:00 CET \(06:00 UTC\): tomcat on CUCM01$/m);
  });

  test('an escalation decided during a snooze says so on its second line; without a snooze nothing is said', () => {
    const cluster = knownCluster();
    const t = openWith(
      makeEvent({
        node: 'CUCM01',
        host: null,
        unit: 'tomcat',
        certificate: 'tomcat.der',
        expiry: exactExpiry(2 * DAY),
      }),
    );
    const snoozed = {
      ...t,
      pendingMail: { ...t.pendingMail!, kind: 'escalated' as const, duringSnoozeUntil: '2026-11-25T09:00:00.000Z' },
    };
    const line2 = (x: typeof t) => screenOf(mailInput([x], cluster, { kind: 'escalated' })).screen.split('\n')[1]!;
    assert.match(
      line2(snoozed),
      /^Escalation during a snooze \(until 2026-11-25 10:00 CET \(09:00 UTC\)\): reminders stay quiet, this does not\. /,
    );
    assert.doesNotMatch(line2(t), /snooze/);
  });

  test("a ticket opened during its cluster's snooze: the opening mail says so, with the snooze's end and reason", () => {
    const cluster = knownCluster();
    const event = makeEvent({
      node: 'CUCM01',
      host: null,
      unit: 'tomcat',
      certificate: 'tomcat.der',
      expiry: exactExpiry(10 * DAY),
    });
    const t = decideOnEvent(null, event, {
      clusterId: 'lab',
      ticketId: ticketIdFor(event, 'lab'),
      now: T0,
      policy,
      clusterSnooze: {
        clusterId: 'lab',
        until: '2026-11-25T09:00:00.000Z',
        at: '2026-11-20T09:00:00.000Z',
        by: 'dave',
        note: 'CHG0816: upgrade',
      },
    }).ticket;
    const { draft, screen } = screenOf(mailInput([t], cluster));
    assert.match(
      screen.split('\n')[1]!,
      /^Opened during the cluster's snooze \(until 2026-11-25 10:00 CET \(09:00 UTC\), reason CHG0816: upgrade\): this first mail goes out, reminders wait until then\. /,
    );
    assert.doesNotMatch(screen, /Escalation during a snooze/);
    assert.ok(
      draft.mail.html.includes('Opened during the cluster&#39;s snooze') ||
        draft.mail.html.includes("Opened during the cluster's snooze"),
      'and in the HTML part',
    );
  });

  test('a whole cluster (6 nodes x 8 units and trust entries, some expired): grouped rows, +N more, LATE steps; 40 lines', () => {
    const cluster = knownCluster(6);
    const expired = ['CUCM02', 'CUCM03'].map((node) =>
      openWith(
        makeEvent({ node, host: null, unit: 'ipsec', certificate: 'ipsec-old.der', expiry: exactExpiry(-2 * DAY) }),
      ),
    );
    const tickets = [...wholeCluster(cluster), ...expired];
    const { draft, screen, lines } = screenOf(mailInput(tickets, cluster));
    assert.ok(lines <= FIRST_SCREEN_LINES, `${lines} lines:\n${screen}`);
    assert.ok(draft.mail.text.startsWith(screen), 'the text part starts with it');
    const rows = screen.split('\n').filter((l) => /^\S.*  \d{4}-\d{2}-\d{2} \d{2}:\d{2} CET/.test(l));
    assert.match(
      rows[0]!,
      /^ipsec\s+2026-11-18 11:00 CET \(10:00 UTC\)\s+EXPIRED\s+CUCM02, CUCM03\s+open$/,
      'the expired ones first, marked',
    );
    assert.match(
      rows[1]!,
      /^tomcat\s+2026-11-30 11:00 CET \(10:00 UTC\)\s+10 days\s+CUCM01, CUCM02, CUCM03, \+3\s+open$/,
      'one row for a unit on six nodes',
    );
    assert.ok(
      rows.some((r) => /^tomcat-trust \(6 entries\)\s/.test(r)),
      'trust entries of one store and day in one row',
    );
    assert.equal(rows.length, 8 + 2 + 1, 'every unit and store has its row: all fit');
    assert.doesNotMatch(screen, /more, see the attachment/);
    assert.match(
      screen,
      /^2 EXPIRED already \(the first 2026-11-18 11:00 CET \(10:00 UTC\)\); next deadline: 2026-11-30 11:00 CET \(10:00 UTC\), in 10 days: .* and \d+ more\.$/m,
    );
    assert.match(
      screen,
      /^\d\. 2026-\d\d-\d\d: CallManager \(trust anchor CallManager\) on CUCM01, CUCM02, CUCM03, \+3/m,
      'a step names its anchor and day',
    );
    assert.match(
      screen,
      /LATE: expires 2026-11-30 11:00 CET \(10:00 UTC\), before this day/,
      'a step after its deadline says so',
    );
    assert.match(screen, /^Maintenance window: /m);
    assert.match(screen, GROUP_ACK, 'a grouped mail is acknowledged whole, by its group id');
    assert.doesNotMatch(screen, /<ticket id>/, 'the first screen\'s command works as printed');
    // The HTML part shows the same first: the table before the ticket list, EXPIRED highlighted.
    const html = draft.mail.html;
    assert.ok(html.indexOf('<table') < html.indexOf('Mail group'), 'the first screen first');
    assert.match(html, /<span style="color:#b00020;font-weight:bold">EXPIRED<\/span>/);
    const ids = [...draft.mail.text.matchAll(/^Ticket (\S+): /gm)].map((m) => m[1]);
    assert.deepEqual(ids.sort(), tickets.map((t) => t.id).sort(), 'every ticket listed below the first screen');
  });

  test('certificates on many days: the rows that do not fit are counted, "+N more, see the attachment"', () => {
    const cluster = knownCluster(6);
    // Each node's certificates a day apart: 48 rows of unit and day.
    const tickets = cluster.nodes.flatMap((n, i) =>
      wholeCluster({ ...cluster, nodes: [n] }, (10 + i) * DAY).slice(0, 8),
    );
    const { screen, lines, draft } = screenOf(mailInput(tickets, cluster));
    assert.equal(lines, FIRST_SCREEN_LINES, 'the screen is filled, not more');
    assert.match(
      draft.mail.html,
      /<p>\+\d+ more, see the attachment lab-2026-11-20-runbook\.html<\/p>/,
      'the HTML part counts them too',
    );
    const rows = screen.split('\n').filter((l) => /^\S.*  \d{4}-\d{2}-\d{2} \d{2}:\d{2} CET/.test(l));
    const more = /^\+(\d+) more, see the attachment lab-2026-11-20-runbook\.html$/m.exec(screen);
    assert.ok(more, screen);
    assert.equal(
      rows.length + Number(more[1]),
      48,
      'each row here is one certificate: shown and counted make all of them',
    );
    assert.ok(rows.length >= 5, `${rows.length} rows shown`);
    assert.match(screen, /^Order of work/m, 'the order of work keeps its place');
    assert.match(screen, GROUP_ACK, 'and what to do now');
  });

  test('PUBLIC_URL: links to the ticket and to the runbook of this mail in the API; acknowledging stays a POST', () => {
    const cluster = knownCluster();
    const t = openWith(
      makeEvent({
        node: 'CUCM01',
        host: null,
        unit: 'tomcat',
        certificate: 'tomcat.der',
        expiry: exactExpiry(10 * DAY),
      }),
    );
    const base = 'https://certwatch.example.com:8443';
    const { screen, draft } = screenOf(mailInput([t], cluster, { ticketUrlBase: `${base}/` }));
    assert.match(screen, new RegExp(`^- The ticket: ${base}/api/v1/tickets/${t.id.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(
      screen,
      new RegExp(`^- The runbook in the browser: ${base}/api/v1/tickets/${t.id.replace(/\./g, '\\.')}/runbook$`, 'm'),
      'the runbook of this mail, with its deadlines',
    );
    assert.match(screen, ACK);

    const group = wholeCluster(knownCluster(2)).slice(0, 10);
    const grouped = screenOf(mailInput(group, knownCluster(2), { ticketUrlBase: base }));
    assert.match(grouped.screen, new RegExp(`^- The tickets: ${base}/api/v1/expiries\\?cluster=lab$`, 'm'));
    assert.match(
      grouped.screen,
      new RegExp(
        `^- The runbook in the browser: ${base}/api/v1/tickets/${group[0]!.id.replace(/\./g, '\\.')}/runbook$`,
        'm',
      ),
      "a group's: that of its first ticket's last mail (this one)",
    );
    for (const g of group) {
      assert.ok(
        grouped.draft.mail.html.includes(`<a href="${base}/api/v1/tickets/${g.id}">`),
        `the HTML links ${g.id}`,
      );
    }
    assert.ok(!draft.mail.html.includes('/ack"'), 'no GET link that acknowledges');
  });

  test('unknown state: the first screen says what is unknown and points to the checklist, no order of work', () => {
    const cluster = knownCluster(4, { version: 'unknown', securityMode: 'unknown' });
    const t = openWith(
      makeEvent({
        node: 'CUCM01',
        host: null,
        unit: 'CallManager',
        certificate: 'CallManager.der',
        expiry: inferredExpiry(10 * DAY),
      }),
    );
    const input = mailInput([t], cluster);
    assert.ok(input.runbook.plan.discovery, 'the plan has a discovery checklist');
    const { screen, draft } = screenOf(input);
    assert.match(screen, /^Unknown, so no order of work yet: CUCM version; cluster security mode\.$/m);
    assert.match(
      screen,
      /^Find these out first with the checklist at the top of the attached runbook lab-2026-11-20-runbook\.html, then give the answers/m,
    );
    assert.doesNotMatch(screen, /Order of work/);
    assert.match(draft.mail.attachments[0]!.content, /Before anything else: find out/);
    assert.match(screen, /^Next deadline: by 2026-11-30 11:00 CET/m, 'an inferred date says by');
  });
});

describe("the mail's time zone", () => {
  const t = () =>
    openWith(
      makeEvent({
        node: 'CUCM01',
        host: null,
        unit: 'tomcat',
        certificate: 'tomcat.der',
        expiry: exactExpiry(10 * DAY),
      }),
    );
  const cases = [
    {
      title: "the cluster's timeZone wins over its nodes'",
      cluster: knownCluster(2, { timeZone: 'America/New_York' }),
      zone: 'America/New_York',
      expires: '2026-11-30 05:00 EST (10:00 UTC)',
    },
    {
      title: "else the publisher's",
      cluster: knownCluster(2),
      zone: 'Europe/Berlin',
      expires: '2026-11-30 11:00 CET (10:00 UTC)',
    },
    {
      title: 'else UTC',
      cluster: knownCluster(2, { nodes: knownCluster(2).nodes.map(({ timeZone: _z, ...n }) => n) }),
      zone: 'UTC',
      expires: '2026-11-30 10:00 UTC',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      assert.equal(clusterTimeZone(c.cluster), c.zone);
      const mail = composePlanMail(mailInput([t()], c.cluster));
      const head = firstLines(mail.text).join('\n');
      assert.ok(head.includes(`times in ${c.zone}`), head);
      assert.ok(head.includes(c.expires), head);
      assert.ok(mail.text.includes(`Expires: ${c.expires}`), 'the ticket list too');
      assert.ok(mail.html.includes(c.expires), 'and the HTML part');
      assert.ok(mail.attachments[0]!.content.includes(c.expires.replace(/ \(.*/, '')), 'and the runbook');
    });
  }

  test('the inventory takes an IANA zone for the cluster and refuses anything else', () => {
    const ok = validateCluster({ id: 'a', timeZone: 'Europe/Berlin' });
    assert.ok(ok.ok && ok.cluster.timeZone === 'Europe/Berlin');
    assert.deepEqual(validateCluster({ id: 'a', timeZone: 'Mars/Base' }), {
      ok: false,
      problems: ['timeZone: "Mars/Base" is not a known time zone'],
    });
  });
});
