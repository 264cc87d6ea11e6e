// MAIL_MAX_BYTES bounds the whole message, attachments included: the body's details go first, then the Markdown
// runbook, then the HTML runbook, the text itself last; what went is said in the text part. Pure (the composer with a
// real plan of a whole cluster).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { draftPlanMail } from '../../src/notify/compose-mail.js';
import { boundMail, messageBytes, wireBytes } from '../../src/notify/mail-bounds.js';
import { knownCluster, mailInput, wholeCluster } from './mail-fixtures.js';

describe('boundMail', () => {
  const cluster = knownCluster(6);
  const tickets = wholeCluster(cluster);
  const draft = draftPlanMail(mailInput(tickets, cluster));
  const full = messageBytes(draft.mail);
  const [htmlRunbook, mdRunbook] = draft.mail.attachments.map((a) => wireBytes(a.content));

  test('a mail within the bound is sent whole', () => {
    assert.deepEqual(boundMail(draft, full), { mail: draft.mail, bound: { fits: true } });
  });

  const cases = [
    {
      title: "a little over: the body's details go, both runbooks stay",
      maxBytes: full - 1,
      dropped: ['html-tickets', 'text-ticket-details'],
      attachments: ['lab-2026-11-20-runbook.html', 'lab-2026-11-20-runbook.md'],
    },
    {
      title: 'no room for both runbooks: the Markdown one goes',
      maxBytes: htmlRunbook! + mdRunbook! - 1,
      dropped: ['html-tickets', 'text-ticket-details', 'markdown-runbook'],
      attachments: ['lab-2026-11-20-runbook.html'],
    },
    {
      title: 'no room for the runbook: the first screen and the ticket ids stay',
      maxBytes: htmlRunbook! - 1,
      dropped: ['html-tickets', 'text-ticket-details', 'markdown-runbook', 'html-runbook'],
      attachments: [],
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const { mail, bound } = boundMail(draft, c.maxBytes);
      assert.ok(messageBytes(mail) <= c.maxBytes, `${messageBytes(mail)} <= ${c.maxBytes}`);
      assert.deepEqual(bound, { fits: false, reason: 'over-max-bytes', bytes: full, dropped: c.dropped });
      assert.deepEqual(mail.attachments.map((a) => a.filename), c.attachments);
      assert.ok(mail.text.startsWith(draft.text.firstScreen), 'the first screen stays whole');
      assert.match(
        mail.text,
        new RegExp(
          `^\\[certwatch: this mail is cut to fit MAIL_MAX_BYTES \\(${c.maxBytes} bytes\\): left out are the tickets in the HTML part`,
          'm',
        ),
      );
      assert.equal([...mail.text.matchAll(/^Ticket \S+: /gm)].length, tickets.length, 'every ticket id stays');
      assert.doesNotMatch(mail.text, /^ {2}State: /m, 'the details are gone');
      assert.match(mail.html, /<table/, 'the HTML part keeps its first screen');
      assert.match(mail.html, /left out are/);
      assert.doesNotMatch(mail.html, /Mail group/);
    });
  }

  test('a bound below the first screen: the text cut, the note at its end, within the bound', () => {
    const maxBytes = 16_384;
    const { mail, bound } = boundMail(draft, maxBytes);
    assert.ok(messageBytes(mail) <= maxBytes, `${messageBytes(mail)} <= ${maxBytes}`);
    assert.equal(bound.fits, false);
    assert.deepEqual(!bound.fits && bound.dropped, [
      'html-tickets',
      'text-ticket-details',
      'markdown-runbook',
      'html-runbook',
      'text',
    ]);
    assert.ok(
      mail.text.startsWith(draft.text.firstScreen.slice(0, 200)),
      'what is kept is the start of the first screen',
    );
    assert.match(mail.text, /left out are .*the end of the text\.\]\n$/);
  });
});
