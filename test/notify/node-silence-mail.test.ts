// The node-silence mails as composed (pure): the opening names the node, since when (the cluster's zone, UTC beside
// it), the limit and what to check; the resolution replies in its thread; nothing from the wire breaks a header.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeNodeSilenceMail } from '../../src/notify/node-silence-mail.js';
import { decideNodeSilence } from '../../src/tickets/node-silence.js';
import { HOUR, T0, at } from '../tickets/fixtures.js';
import { knownCluster } from './mail-fixtures.js';

const AFTER = 48 * HOUR;
const heard = (ms: number) => ({ clusterId: 'lab', node: 'CUCM02', lastHeardMs: T0.getTime() + ms });
const open = decideNodeSilence(null, heard(0), at(49 * HOUR), AFTER).ticket!;
const resolved = decideNodeSilence(open, heard(60 * HOUR), at(60 * HOUR), AFTER).ticket!;
const base = {
  cluster: knownCluster(),
  silenceAfterMs: AFTER,
  from: 'certwatch@example.net',
  to: ['uc-team@lab.example'],
};

describe('node-silence mail', () => {
  test("opening: which node, since when in the cluster's zone with UTC, the limit, what to check", () => {
    const mail = composeNodeSilenceMail({
      ...base,
      ticket: open,
      messageId: '<open@example.net>',
      openingMessageId: null,
    });
    assert.equal(mail.subject, '[certwatch] Lab cluster: no syslog from CUCM02 since 2026-11-20 11:00 CET (10:00 UTC)');
    assert.deepEqual(
      [mail.headers['X-Certwatch-Kind'], mail.headers.Importance, mail.inReplyTo],
      ['node-silence', 'high', undefined],
    );
    const lines = mail.text.split('\n');
    assert.equal(
      lines[0],
      'Node CUCM02 of Lab cluster has sent certwatch nothing since 2026-11-20 11:00 CET (10:00 UTC) (2 days when noticed; the limit, NODE_SILENCE_AFTER_MS, is 2 days).',
    );
    assert.deepEqual(
      lines.filter((l) => /^\d\. /.test(l)).map((l) => l.slice(0, 40)),
      [
        '1. Remote syslog on CUCM02: Cisco Unifie',
        '2. The path: a syslog relay or load bala',
        "3. The firewall: that transport's port f",
        '4. The node itself: it is up and its ser',
      ],
    );
    assert.match(
      mail.html,
      /<ol><li>Remote syslog on CUCM02: Cisco Unified Serviceability &gt; Alarm &gt; Configuration/,
    );
  });

  test("resolution: heard again, a reply in the opening's thread; without a sent opening, a subject of its own", () => {
    const reply = composeNodeSilenceMail({
      ...base,
      ticket: resolved,
      messageId: '<heard@example.net>',
      openingMessageId: '<open@example.net>',
    });
    assert.equal(
      reply.subject,
      'Re: [certwatch] Lab cluster: no syslog from CUCM02 since 2026-11-20 11:00 CET (10:00 UTC)',
    );
    assert.deepEqual(
      [reply.inReplyTo, reply.references, reply.headers['X-Certwatch-Kind']],
      ['<open@example.net>', ['<open@example.net>'], 'node-heard-again'],
    );
    assert.match(
      reply.text,
      /^Node CUCM02 is heard again \(noticed 2026-11-22 23:00 CET \(22:00 UTC\)\), after a silence since 2026-11-20 11:00 CET/,
    );
    assert.doesNotMatch(reply.text, /What to check/);
    const alone = composeNodeSilenceMail({
      ...base,
      ticket: resolved,
      messageId: '<heard@example.net>',
      openingMessageId: null,
    });
    assert.equal(alone.subject, '[certwatch] Lab cluster: CUCM02 heard again');
  });

  test('a node name with a line break cannot add a header or a line', () => {
    const hostile = { ...open, node: 'CUCM02\r\nBcc: x@evil.example' };
    const mail = composeNodeSilenceMail({
      ...base,
      ticket: hostile,
      messageId: '<h@example.net>',
      openingMessageId: null,
    });
    assert.doesNotMatch(mail.subject, /[\r\n]/);
    assert.ok(!mail.text.split('\n').some((l) => l.startsWith('Bcc:')));
  });
});
