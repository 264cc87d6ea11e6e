// The "done when": a new user starts certwatch with zero configuration, replays the samples, and sees every
// certificate alarm among them as an event through the metrics and as a ticket through the API.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { runReplay } from '../../src/cli/replay.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { waitFor } from '../support/wait-for.js';

interface Expected {
  kind: string;
  unit?: string;
  certificate?: string;
  via?: string;
}
const expectations = JSON.parse(readFileSync('test/parse/sample-expectations.json', 'utf8')) as {
  lines: Record<string, Expected>;
};
const syslogFiles = readdirSync('samples/syslog')
  .filter((f) => f.endsWith('.log'))
  .map((f) => `samples/syslog/${f}`);
const expectedEvents = Object.entries(expectations.lines)
  .filter(([key, e]) => key.startsWith('syslog/') && e.kind === 'certificate')
  .map(([, e]) => e);

describe('replaying the samples into a zero-configuration certwatch', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({ CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
  });
  after(async () => {
    await service.stop();
  });

  test('every certificate alarm of samples/syslog becomes an event and a ticket', async () => {
    assert.ok(expectedEvents.length >= 20, `the samples hold many certificate alarms (${expectedEvents.length})`);
    const quiet = { out: () => undefined, err: (l: string) => assert.fail(l) };
    assert.equal(await runReplay([...syslogFiles, '--udp', `127.0.0.1:${service.ports.udp}`], quiet), 0);
    await waitFor(`${expectedEvents.length} certificate events`, async () =>
      (await service.metric('certwatch_certificate_events_total')) === expectedEvents.length, 20_000);

    const seen = new Set<string>();
    await waitFor(
      'every alarm as a ticket',
      async () => {
        for (const status of ['', '?status=resolved']) {
          const { body } = await service.api<{ items: { unit: string; certificate: string }[] }>(
            `/api/v1/expiries${status}`,
          );
          for (const i of body.items) seen.add(`${i.unit.toLowerCase()}|${i.certificate}`);
        }
        return expectedEvents.every((e) => seen.has(`${e.unit!.toLowerCase()}|${e.certificate}`));
      },
      20_000,
    );
    const noise = await service.metric('certwatch_messages_noise_total');
    assert.ok(noise > 0, 'the noise lines were counted as noise');
    assert.equal(await service.metric('certwatch_overload_dropped_total'), 0);
  });
});
