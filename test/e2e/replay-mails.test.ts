// Issue 10's "done when": the samples replayed into certwatch, without and then with the inventory, give short mails a
// person would read: the first screen's table within 40 lines, the runbook attached, a subject of at most 78
// characters, no header line over 998, and Message-IDs unique across the two installs (two data dirs).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { runReplay } from '../../src/cli/replay.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const syslogFiles = readdirSync('samples/syslog').filter((f) => f.endsWith('.log')).map((f) => `samples/syslog/${f}`);
const MAX_RAW_BYTES = 300 * 1024;

/** Replays every sample into a fresh install and returns its mails once no more arrive. */
async function replayInto(env: Record<string, string>): Promise<ReceivedMail[]> {
  let sink: SmtpSink | undefined;
  let service: TestService | undefined;
  try {
    sink = await startSmtpSink();
    service = await startTestService({
      SMTP_URL: sink.url,
      MAIL_TO: 'uc-team@example.net',
      MAIL_GROUP_WINDOW_MS: '300',
      ...env,
    });
    const quiet = { out: () => undefined, err: (l: string) => assert.fail(l) };
    assert.equal(await runReplay([...syslogFiles, '--udp', `127.0.0.1:${service.ports.udp}`], quiet), 0);
    const received = sink.received;
    // Done when mails have arrived and none has come for two seconds.
    let last = -1;
    let since = Date.now();
    await waitFor('the mails to settle', () => {
      if (received.length !== last) [last, since] = [received.length, Date.now()];
      return received.length > 0 && Date.now() - since > 2_000;
    }, 60_000);
    return [...received];
  } finally {
    await service?.stop();
    await sink?.close();
  }
}

function headerLines(raw: string): string[] {
  return raw.slice(0, raw.search(/\r?\n\r?\n/)).split(/\r?\n/);
}

describe('replaying the samples: mails a person would read', () => {
  const installs: { name: string; mails: ReceivedMail[] }[] = [];
  before(async () => {
    installs.push({ name: 'without the inventory', mails: await replayInto({}) });
    installs.push({
      name: 'with samples/clusters/lab.yaml',
      mails: await replayInto({ CLUSTERS_FILE: 'samples/clusters/lab.yaml' }),
    });
  });
  test('each install mailed', () => {
    for (const i of installs) assert.ok(i.mails.length > 0, i.name);
  });

  test('every mail: under 300 KB, subject of at most 78 characters, no header line over 998', () => {
    for (const { name, mails } of installs) {
      for (const m of mails) {
        const size = Buffer.byteLength(m.raw);
        assert.ok(size < MAX_RAW_BYTES, `${name}: ${size} bytes (${m.parsed.subject})`);
        assert.ok((m.parsed.subject ?? '').length <= 78, `${name}: ${m.parsed.subject}`);
        const long = headerLines(m.raw).filter((l) => l.length > 998);
        assert.deepEqual(long.map((l) => l.slice(0, 60)), [], name);
      }
    }
  });

  test('every mail opens with the first screen (the certificates table within 40 lines) and carries the runbook', () => {
    for (const { name, mails } of installs) {
      for (const m of mails) {
        const first = String(m.parsed.text).split('\n').slice(0, 40).join('\n');
        assert.match(first, /^Unit +Expires +Left +Nodes +Status$/m, `${name}: ${first}`);
        assert.match(first, /curl -sS -X POST /, `${name}: what to do now`);
        const files = (m.parsed.attachments ?? []).map((a) => `${a.contentType} ${a.filename}`);
        assert.ok(
          files.some((f) => /^text\/html .*-runbook\.html$/.test(f)) &&
            files.some((f) => /^text\/markdown .*-runbook\.md$/.test(f)),
          `${name}: ${files.join(', ')}`,
        );
        assert.doesNotMatch(String(m.parsed.text), /=== Pre-checks/, `${name}: the plan is attached, not in the body`);
      }
    }
  });

  test('Message-IDs are unique across the two installs', () => {
    const ids = installs.flatMap((i) => i.mails.map((m) => String(m.parsed.messageId)));
    assert.equal(new Set(ids).size, ids.length, ids.join('\n'));
  });
});
