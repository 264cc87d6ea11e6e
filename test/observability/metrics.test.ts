// /metrics as Prometheus reads it: standard process metrics, counters named _total, build info, and an alarm label
// that a sender cannot grow.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { alarmLabel } from '../../src/observability/metrics.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { parseExposition, sumSamples } from '../support/metrics.js';
import { waitFor } from '../support/wait-for.js';

describe('the alarm label', () => {
  const cases = [
    { title: 'a known alarm keeps its name', alarm: 'CertValidfor7days', label: 'CertValidfor7days' },
    {
      title: "a known alarm in another case gets CUCM's spelling",
      alarm: 'CERTVALIDLESSTHANADAY',
      label: 'CertValidLessthanADay',
    },
    { title: 'CertExpired', alarm: 'certexpired', label: 'CertExpired' },
    { title: 'CertificateRevoked, known without an urgency', alarm: 'CertificateRevoked', label: 'CertificateRevoked' },
    { title: 'an unknown UC_CERT alarm name is other', alarm: 'CertInventedBySender1', label: 'other' },
    { title: 'a known name with a suffix is other', alarm: 'CertExpired2', label: 'other' },
    { title: 'an empty name is other', alarm: '', label: 'other' },
  ];
  for (const c of cases) test(c.title, () => assert.equal(alarmLabel(c.alarm), c.label));
});

describe('/metrics of a running service', () => {
  let service: TestService;
  let scrape: string;
  const DAY = 86_400_000;

  before(async () => {
    service = await startTestService({});
    const now = new Date();
    const known = certAlarmLine({
      node: 'METRICNODE',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: now,
      expires: new Date(now.getTime() + 3 * DAY),
    });
    // The same alarm under names the sender made up: each would have been a new series.
    const invented = ['CertInventedBySender1', 'CertInventedBySender2'].map((name, i) =>
      known.replace('-CertValidfor7days:', `-${name}:`).replaceAll('METRICNODE', `METRICNODE${i}`));
    const socket = createSocket('udp4');
    for (const line of [known, ...invented]) {
      await new Promise<void>((resolve, reject) =>
        socket.send(line, service.ports.udp!, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    }
    socket.close();
    await waitFor(
      'three certificate events counted',
      async () => (await service.metric('certwatch_certificate_events_total')) >= 3,
    );
    scrape = String((await service.api<string>('/metrics')).body);
  });
  after(async () => {
    await service?.stop();
  });

  /** Metric name -> type, from the # TYPE lines. */
  function types(): Map<string, string> {
    return new Map([...scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  }

  test('Node.js process metrics carry their standard names, no certwatch prefix', () => {
    const t = types();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_start_time_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      assert.ok(t.has(name), `${name} in /metrics`);
    }
    assert.doesNotMatch(scrape, /certwatch_process_/);
    for (const name of t.keys()) {
      assert.match(name, /^(certwatch|process|nodejs)_/, `${name} has one of the three prefixes`);
    }
  });

  test('every counter ends in _total, and the kernel figures are counters', () => {
    const t = types();
    for (const [name, type] of t) if (type === 'counter') assert.match(name, /_total$/, `counter ${name}`);
    assert.equal(t.get('certwatch_udp_socket_drops_total'), 'counter');
    assert.equal(t.get('certwatch_udp_namespace_rcvbuf_errors_total'), 'counter');
    assert.match(
      scrape,
      /^# HELP certwatch_udp_namespace_rcvbuf_errors_total NOT certwatch's alone: .*every socket in the network namespace/m,
    );
  });

  test('certwatch_build_info names the package.json version and the Node.js version, value 1', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const info = parseExposition(scrape).filter((s) => s.name === 'certwatch_build_info');
    assert.deepEqual(info, [
      { name: 'certwatch_build_info', labels: { version, nodejs_version: process.version }, value: 1 },
    ]);
  });

  test('alarm names a sender invents are counted as alarm="other", never as series of their own', () => {
    const series = parseExposition(scrape).filter((s) => s.name === 'certwatch_certificate_events_total');
    const alarms = new Set(series.map((s) => s.labels.alarm));
    assert.deepEqual([...alarms].sort(), ['CertValidfor7days', 'other']);
    assert.doesNotMatch(scrape, /CertInventedBySender/);
    assert.equal(sumSamples(series, 'certwatch_certificate_events_total', { alarm: 'other' }), 2);
  });

  test('after N datagrams the per-message counters (children kept by the listener and the pipeline) read exactly N', async () => {
    const counts = async () => {
      const samples = parseExposition(String((await service.api<string>('/metrics')).body));
      return {
        received: sumSamples(samples, 'certwatch_messages_received_total', { transport: 'udp' }),
        noise: sumSamples(samples, 'certwatch_messages_noise_total', { transport: 'udp' }),
        binary: sumSamples(samples, 'certwatch_messages_rejected_total', { transport: 'udp', reason: 'binary' }),
        invalidUtf8: sumSamples(samples, 'certwatch_messages_rejected_total', {
          transport: 'udp',
          reason: 'invalid-utf8',
        }),
      };
    };
    const before = await counts();
    const NOISE = 300, BINARY = 40, INVALID = 25;
    const datagrams = [
      ...Array.from(
        { length: NOISE },
        (_, i) =>
          `<190>${i}: CUCM01: Sep 05 2014 00:00:06.433 UTC : %UC_AUDITLOG-6-AdministrativeEvent: %[UserID=admin][Resource=line ${i}]: noise`,
      ),
      ...Array.from({ length: BINARY }, (_, i) => Buffer.from(`noise ${i}\u0001\u0000 with a NUL inside`, 'latin1')),
      ...Array.from({ length: INVALID }, (_, i) =>
        Buffer.concat([Buffer.from(`noise ${i} `), Buffer.from([0xc3, 0x28])]),
      ),
    ];
    const socket = createSocket('udp4');
    for (const d of datagrams) {
      await new Promise<void>((resolve, reject) =>
        socket.send(d, service.ports.udp!, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    }
    socket.close();
    await waitFor(
      'every datagram counted',
      async () => (await counts()).received - before.received >= datagrams.length,
    );
    const after = await counts();
    assert.deepEqual(
      {
        received: after.received - before.received,
        noise: after.noise - before.noise,
        binary: after.binary - before.binary,
        invalidUtf8: after.invalidUtf8 - before.invalidUtf8,
      },
      { received: datagrams.length, noise: NOISE, binary: BINARY, invalidUtf8: INVALID },
    );
  });

  test('certwatch_event_accept_seconds: one more alarm over UDP, persisted in Redis, is one more observation of its time', async () => {
    const accepted = () => service.metric('certwatch_event_accept_seconds_count', { stored: 'redis' });
    const before = parseExposition(String((await service.api<string>('/metrics')).body));
    const countBefore = sumSamples(before, 'certwatch_event_accept_seconds_count', { stored: 'redis' });
    const now = new Date();
    const line = certAlarmLine({
      node: 'LATENCYNODE',
      unit: 'CallManager',
      certificate: 'CallManager.pem',
      alarm: 'CertExpired',
      at: now,
      expires: new Date(now.getTime() - DAY),
    });
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      socket.send(line, service.ports.udp!, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
    );
    socket.close();
    await waitFor('the alarm accepted', async () => (await accepted()) > countBefore);
    const after = parseExposition(String((await service.api<string>('/metrics')).body));
    assert.equal(sumSamples(after, 'certwatch_event_accept_seconds_count', { stored: 'redis' }), countBefore + 1);
    assert.equal(
      sumSamples(after, 'certwatch_event_accept_seconds_count', { stored: 'spool' }),
      0,
      'Redis was up: nothing spooled',
    );
    const added =
      sumSamples(after, 'certwatch_event_accept_seconds_sum', { stored: 'redis' }) -
      sumSamples(before, 'certwatch_event_accept_seconds_sum', { stored: 'redis' });
    assert.ok(added > 0 && added < 2, `the alarm's accept time ${added} s is above zero and under the persist timeout`);
    // The finest bucket is half a millisecond: the histogram resolves what a local Redis round trip costs.
    assert.ok(after.some((s) => s.name === 'certwatch_event_accept_seconds_bucket' && s.labels.le === '0.0005'));
  });
});
