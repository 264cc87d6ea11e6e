// Issue 10, trust copies ride on the own certificate's mail, on real Redis and a real SMTP server: the own ticket's
// mail lists the copies it clears and records their revisions as delivered (one delivery per revision); a copy's own
// job then sends nothing; a copy's later revision waits for the own ticket's next mail, which carries it; a copy whose
// own ticket does not exist, or is resolved, mails on its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMailGroups } from '../../src/notify/mail-groups.js';
import { jobIds } from '../../src/queue/names.js';
import { decideOnAction } from '../../src/tickets/decide-action.js';
import { decideOnEvent } from '../../src/tickets/decide-event.js';
import { decideOnTick } from '../../src/tickets/decide-tick.js';
import { wasMailed } from '../../src/tickets/record-mail.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import type { TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, HOUR, T0, at, exactExpiry, makeEvent, openWith, policy } from '../tickets/fixtures.js';
import { startMailRig, type MailRig } from '../support/mail-rig.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import type { SmtpSink } from '../support/smtp-sink.js';

function copyOf(own: Ticket, unit: string, reporters: string[], clusterId = 'lab'): Ticket {
  const event = makeEvent({
    node: reporters[0],
    unit,
    certificate: `${own.node}.der`,
    certType: 'trust-cert',
    expiry: exactExpiry(5 * DAY),
  });
  const t = decideOnEvent(null, event, {
    clusterId,
    ticketId: ticketIdFor(event, clusterId),
    now: T0,
    policy,
    linkedTicketId: own.id,
  }).ticket;
  return { ...t, nodes: reporters };
}

describe('trust copies ride on the own ticket\'s mail (real Redis, real SMTP)', () => {
  let rig: MailRig;
  let smtp: SmtpSink;
  let store: TicketStore;

  before(async () => {
    rig = await startMailRig();
    ({ smtp, store } = rig);
  });
  after(() => rig.stop());

  const job = (t: Ticket, now: Date) =>
    rig.processMailJob(
      jobIds.mail(t.id, t.pendingMail!.revision),
      { ticketId: t.id, clusterId: t.clusterId, revision: t.pendingMail!.revision },
      now,
    );
  const put = (...tickets: Ticket[]) => Promise.all(tickets.map((t) => store.update(t.id, () => t)));
  const fresh = async (t: Ticket) => (await store.get(t.id))!;

  test("own alarm and two copy alarms: one mail about the own certificate listing both copies; the copies' jobs send nothing", async () => {
    const own = openWith(
      makeEvent({ node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(5 * DAY) }),
    );
    const tomcatTrust = copyOf(own, 'tomcat-trust', ['CUCM02', 'CUCM03']);
    const cmTrust = copyOf(own, 'CallManager-trust', ['CUCM02']);
    await put(own, tomcatTrust, cmTrust);
    const before = smtp.received.length;

    // The copy's job runs first (grouping window): the own ticket is pending, so the mail is the own ticket's.
    assert.equal(await job(tomcatTrust, T0), 'sent');
    assert.equal(await job(cmTrust, T0), 'already-mailed');
    assert.equal(await job(own, T0), 'already-mailed');
    assert.equal(smtp.received.length, before + 1, 'one mail, no separate copy mail');

    const mail = smtp.received[before]!;
    assert.deepEqual(ticketIdsOf(mail), [own.id], 'the mail is about the own certificate');
    const text = String(mail.parsed.text);
    const screen = text.split('\n').slice(0, 40).join('\n');
    assert.match(screen, /Trust-store copies these renewals clear/, 'on the first screen');
    assert.match(screen, /tomcat-trust entry CUCM01\.der on CUCM02, CUCM03: copy of tomcat on CUCM01/);
    assert.match(screen, /CallManager-trust entry CUCM01\.der on CUCM02: copy of tomcat on CUCM01/);
    assert.ok(
      text.includes(`Copy ${tomcatTrust.id}: `) && text.includes(`Copy ${cmTrust.id}: `),
      'each copy named by its ticket id',
    );
    assert.ok(String(mail.parsed.html).includes(tomcatTrust.id), 'and in the HTML part');
    const markdown = mail.parsed.attachments.find((a) => a.filename?.endsWith('.md'))!.content.toString();
    assert.match(markdown, /## Trust-store copies these renewals clear \(2\)/, 'the runbook lists them');
    assert.ok(markdown.includes(tomcatTrust.id) && markdown.includes(cmTrust.id));

    for (const t of [own, tomcatTrust, cmTrust]) {
      const stored = await fresh(t);
      assert.ok(wasMailed(stored, t.pendingMail!.revision), `${t.id}: its revision counts as delivered`);
      assert.equal(stored.mailed.at(-1)!.messageId, mail.parsed.messageId, 'the mail record names it');
      assert.equal(stored.pendingMail, null);
    }
    const groupId = (await fresh(own)).mailed.at(-1)!.groupId!;
    const group = await createMailGroups(rig.client).get(groupId);
    assert.deepEqual(
      group?.members.map((m) => m.ticketId).sort(),
      [own.id, tomcatTrust.id, cmTrust.id].sort(),
      'the group record names the copies too',
    );
    assert.equal(group?.messageId, mail.parsed.messageId);
    assert.deepEqual(
      group?.attachments.map((a) => a.filename),
      mail.parsed.attachments.map((a) => a.filename),
      'and keeps the runbook the mail carried',
    );
  });

  test('a copy\'s later revision waits ("covered-by-own-ticket") and goes out with the own ticket\'s next mail', async () => {
    const own = openWith(
      makeEvent({ node: 'CUCM02', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(5 * DAY) }),
    );
    const copy = copyOf(own, 'tomcat-trust', ['CUCM01']);
    await put(own, copy);
    assert.equal(await job(own, T0), 'sent');
    assert.ok(wasMailed(await fresh(copy), copy.pendingMail!.revision));

    // The copy escalates first (its tick ran before its own ticket's): no mail of its own.
    const later = at(4 * DAY + 12 * HOUR);
    const { ticket: escalated } = await store.update(
      copy.id,
      (t) => t && decideOnTick(t, { now: later, policy, nodeLastTrafficAt: null }).ticket,
    );
    assert.equal(escalated!.pendingMail?.kind, 'escalated');
    const before = smtp.received.length;
    assert.equal(await job(escalated!, later), 'covered-by-own-ticket');
    assert.equal(smtp.received.length, before, 'nothing sent for the copy alone');

    // The own ticket's next mail carries the copy's revision.
    const { ticket: ownEscalated } = await store.update(
      own.id,
      (t) => t && decideOnTick(t, { now: later, policy, nodeLastTrafficAt: null }).ticket,
    );
    assert.equal(await job(ownEscalated!, later), 'sent');
    assert.equal(smtp.received.length, before + 1);
    const mail = smtp.received[before]!;
    assert.deepEqual(ticketIdsOf(mail), [own.id]);
    assert.ok(String(mail.parsed.text).includes(`Copy ${copy.id}: `));
    assert.ok(
      wasMailed(await fresh(copy), escalated!.pendingMail!.revision),
      'the escalated revision counts as delivered',
    );
  });

  test('a copy without an own ticket, and one whose own ticket is resolved, each mail on their own', async () => {
    const ghost = openWith(
      makeEvent({ node: 'CUCM03', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(5 * DAY) }),
    );
    const orphan = copyOf(ghost, 'tomcat-trust', ['CUCM01']); // the own ticket was never stored
    await put(orphan);
    const before = smtp.received.length;
    assert.equal(await job(orphan, T0), 'sent');
    assert.deepEqual(ticketIdsOf(smtp.received[before]!), [orphan.id]);

    const own = decideOnAction(
      openWith(makeEvent({ node: 'IMP01', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(5 * DAY) })),
      { type: 'resolve' },
      'alice',
      T0,
    ).ticket;
    const copy = copyOf(own, 'tomcat-trust', ['CUCM01']);
    await put(own, copy);
    assert.equal(await job(copy, T0), 'sent');
    assert.deepEqual(ticketIdsOf(smtp.received[before + 1]!), [copy.id]);
  });
});
