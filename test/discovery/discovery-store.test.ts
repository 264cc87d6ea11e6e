// The discovery store on a real Redis: what a reading learned is kept per source kind and item with the time learned,
// a renewed certificate takes its predecessor's place, and the kept state is merged with the inventory on every read.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import { concatFacts } from '../../src/discovery/facts-schema.js';
import { createDiscoveryStore, MAX_UNITLESS_CERTIFICATES, type DiscoveryStore } from '../../src/discovery/store.js';
import { readPasted } from '../../src/discovery/show/read-pasted.js';
import { createTakeIn } from '../../src/discovery/take-in.js';
import { settleCtl } from '../../src/discovery/probe/settle-files.js';
import { tlvFacts } from '../../src/discovery/tlv/tlv-facts.js';
import { redisKeys } from '../../src/redis/keys.js';
import { useTestRedis } from '../support/redis-server.js';
import { ctlFile, itlFile, simulatedCluster } from '../support/tlv-builder.js';

const T1 = new Date('2026-11-01T08:00:00.000Z');
const T2 = new Date('2026-11-20T08:00:00.000Z');
const sim = (generation: number) =>
  simulatedCluster({
    nodes: ['cucm-pub', 'cucm-sub1'],
    generation,
    notAfter: {
      TVS: new Date(Date.UTC(2027, 0, generation * 10)),
      CallManager: new Date(Date.UTC(2027, 5, generation)),
    },
  });
const itl = (generation: number) =>
  tlvFacts(itlFile(sim(generation), 'itlrecovery'), 'ITLFile.tlv', 'http://cucm-pub:6970/ITLFile.tlv');
const ctl = (generation: number) =>
  tlvFacts(ctlFile(sim(generation), 'tokenless-itlrecovery'), 'CTLFile.tlv', 'http://cucm-pub:6970/CTLFile.tlv');

describe('discovery store on real Redis', () => {
  const redis = useTestRedis();
  let store: DiscoveryStore;
  const inventory = new Map<string, ClusterState>([
    ['blank', unknownCluster('blank', 'Nothing known')],
    ['typed', { ...unknownCluster('typed', 'Typed in'), securityMode: 'non-secure' }],
  ]);

  before(async () => {
    store = createDiscoveryStore(redis.client, { get: (id) => inventory.get(id) });
  });

  test('a reading is kept with the time learned; its state fills the unknown inventory, each fill as old as its fact', async () => {
    const first = await store.recordDiscovery('blank', itl(1), T1);
    assert.equal(first.learnedAt, T1.toISOString());
    assert.equal(first.learned.certificates.length, itl(1).certificates.length);
    const later = await store.recordDiscovery('blank', ctl(1), T2);
    const state = later.discovered;
    // Facts learned at the same time come in no particular order: compared as a set.
    assert.deepEqual(state.filled.map((f) => [f.field, f.value, f.source.kind, f.at]).sort(), [
      ['ctlSigner', 'tokenless', 'ctl-file', T2.toISOString()],
      ['itlSigner', 'itlrecovery', 'itl-file', T1.toISOString()],
      ['securityMode', 'mixed', 'ctl-file', T2.toISOString()],
      ['tftpServers', ['cucm-pub', 'cucm-sub1'], 'itl-file', T1.toISOString()],
    ]);
    assert.deepEqual(state.conflicts, []);
    assert.deepEqual(state.lastSuccess, [
      { source: 'itl-file', at: T1.toISOString() },
      { source: 'ctl-file', at: T2.toISOString() },
    ]);
    const tvs = state.certificates.filter((k) => k.certificate.unit === 'TVS');
    assert.deepEqual(tvs.map((k) => [k.certificate.node, k.certificate.notAfter, k.learnedAt]).sort(), [
      ['cucm-pub', '2027-01-10T00:00:00.000Z', T1.toISOString()],
      ['cucm-sub1', '2027-01-10T00:00:00.000Z', T1.toISOString()],
    ]);
    assert.deepEqual(await store.discoveredState('blank'), state, 'read back as recorded');
    const { certificates, lastSuccess } = state;
    assert.deepEqual(
      await store.keptOfAll(),
      [{ clusterId: 'blank', certificates, state: state.state, lastSuccess }],
      "every cluster's kept facts, unmerged",
    );
  });

  test('a renewed certificate takes its predecessor\'s place; another source kind\'s word on it stays', async () => {
    const before = await store.discoveredState('blank');
    await store.recordDiscovery('blank', itl(2), new Date('2026-11-25T08:00:00.000Z'));
    const after = await store.discoveredState('blank');
    assert.equal(after.certificates.length, before.certificates.length, 'replaced, not added');
    const callManager = (source: string) =>
      after.certificates
        .filter(
          (k) =>
            k.certificate.unit === 'CallManager' &&
            k.certificate.node === 'cucm-pub' &&
            k.certificate.source.kind === source,
        )
        .map((k) => k.certificate.notAfter);
    assert.deepEqual(callManager('itl-file'), ['2027-06-02T00:00:00.000Z'], 'the ITL now tells the renewed one');
    assert.deepEqual(
      callManager('ctl-file'),
      ['2027-06-01T00:00:00.000Z'],
      'the CTL read before still tells the old one',
    );
  });

  test('a fact that contradicts the inventory is a conflict, never applied', async () => {
    const { discovered } = await store.recordDiscovery('typed', ctl(1), T1);
    assert.deepEqual(discovered.filled.map((f) => f.field), ['ctlSigner']);
    assert.equal(discovered.staleCtl, null);
    assert.deepEqual(
      discovered.conflicts.map((c) => [c.field, c.reason, c.inventory, c.discovered]),
      [['securityMode', 'differs-from-inventory', 'non-secure', 'mixed']],
    );
    assert.equal(inventory.get('typed')?.securityMode, 'non-secure');
  });

  test('two source kinds that disagree about an unknown item fill nothing', async () => {
    const paste = readPasted('admin:show version active\nActive Master Version: 12.5.1.16900-48\n', 'pasted');
    await store.recordDiscovery('versions', paste, T1);
    const other = readPasted('admin:show version active\nActive Master Version: 14.0.1.13900-155\n', 'pasted');
    const { discovered: same } = await store.recordDiscovery('versions', other, T2);
    assert.deepEqual(
      same.filled.map((f) => [f.field, f.value]),
      [['version', '14.0.1.13900-155']],
      'the same source kind: the newer reading replaces the older',
    );
    const uds = concatFacts([
      {
        certificates: [],
        unread: [],
        state: [
          {
            kind: 'version',
            value: '12.5.1.16900-48',
            source: { kind: 'uds', detail: 'https://cucm-pub:8443/cucm-uds/version' },
            note: 'UDS',
          },
        ],
      },
    ]);
    const { discovered } = await store.recordDiscovery('versions', uds, T2);
    assert.deepEqual(discovered.filled, []);
    assert.deepEqual(discovered.conflicts.map((c) => [c.reason, c.discovered]).sort(), [
      ['sources-disagree', '12.5.1.16900-48'],
      ['sources-disagree', '14.0.1.13900-155'],
    ]);
  });

  test('a stale CTL is kept (signer, time stamp, why, where, when); a later reading that finds no CTL clears it, another stale one replaces it', async () => {
    const stale = settleCtl(itl(2), ctl(1));
    const { discovered } = await store.recordDiscovery('stale', concatFacts([itl(2), stale]), T1);
    const seen = ctl(1).state.find((f) => f.kind === 'ctlFile')?.value;
    assert.ok(seen);
    assert.deepEqual(discovered.staleCtl && { ...discovered.staleCtl, detail: '', note: '' }, {
      ...seen,
      basis: 'serials-differ-from-itl',
      detail: '',
      source: { kind: 'ctl-file', detail: 'http://cucm-pub:6970/CTLFile.tlv' },
      note: '',
      at: T1.toISOString(),
    });
    assert.deepEqual(
      discovered.filled.filter((f) => f.field === 'securityMode' || f.field === 'ctlSigner'),
      [],
      'a stale CTL claims no mode and no signer',
    );
    // A reading of something else keeps it.
    assert.notEqual(
      (
        await store.recordDiscovery(
          'stale',
          readPasted('admin:show version active\nActive Master Version: 14.0.1\n', 'pasted'),
          T2,
        )
      ).discovered.staleCtl,
      null,
    );
    // A probe that finds no CTL (404), or `show ctl` that finds none: no CTL is served any more.
    const noCtl = {
      certificates: [],
      unread: [],
      state: [
        {
          kind: 'securityMode' as const,
          value: 'non-secure' as const,
          source: { kind: 'ctl-file' as const, detail: 'http://cucm-pub:6970/CTLFile.tlv' },
          note: '404',
        },
      ],
    };
    const cleared = await store.recordDiscovery('stale', noCtl, T2);
    assert.equal(cleared.discovered.staleCtl, null);
    assert.ok(!cleared.discovered.state.some((k) => k.fact.kind === 'staleCtl' || k.fact.kind === 'ctlFile'));
  });

  test('a CTL read beside its ITL and not stale clears a stale one; a lone CTL cannot tell and does not', async () => {
    await store.recordDiscovery('renewed', concatFacts([itl(2), settleCtl(itl(2), ctl(1))]), T1);
    const lone = await store.recordDiscovery('renewed', ctl(2), T2);
    assert.notEqual(lone.discovered.staleCtl, null);
    const current = await store.recordDiscovery('renewed', concatFacts([itl(2), settleCtl(itl(2), ctl(2))]), T2);
    assert.equal(current.discovered.staleCtl, null);
  });

  test('a reading that learned nothing keeps nothing and still says what it could not read', async () => {
    const recorded = await store.recordDiscovery(
      'empty',
      tlvFacts(Buffer.from('not a tlv file'), 'ITLFile.tlv', 'posted'),
      T1,
    );
    assert.deepEqual(
      recorded.learned.unread.map((u) => u.reason),
      ['not-a-tlv'],
    );
    assert.equal(await redis.client.exists(redisKeys.discovery('empty')), 0);
    assert.ok(!(await store.keptOfAll()).some((k) => k.clusterId === 'empty'));
  });

  test('a kept field that no longer reads as a fact (another version wrote it) is skipped, not trusted', async () => {
    await store.recordDiscovery('odd', itl(1), T1);
    const count = (await store.discoveredState('odd')).certificates.length;
    await redis.client.hset(
      redisKeys.discovery('odd'),
      'garbage',
      '{"learnedAt":"yesterday","certificate":{"unit":"TVS"}}',
      'broken',
      '{',
    );
    assert.equal((await store.discoveredState('odd')).certificates.length, count);
  });

  test('certificates of no unit are kept up to MAX_UNITLESS_CERTIFICATES per cluster; those held stay and are updated, the rest counted', async () => {
    const template = itl(1).certificates.find((c) => c.unit === 'TVS');
    assert.ok(template);
    const trusted = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        ...template,
        unit: null,
        certificate: null,
        function: 'TRUST',
        serial: (0x1000 + from + i).toString(16),
        source: { kind: 'show-output' as const, detail: 'show cert list trust' },
      }));
    const nearlyFull = await store.recordDiscovery(
      'capped',
      { certificates: trusted(0, MAX_UNITLESS_CERTIFICATES - 2), state: [], unread: [] },
      T1,
    );
    assert.equal(nearlyFull.notKept, 0);
    // Two already held (updated), five new of which two fit, and a unit's certificate (never capped).
    const unit = { ...template, node: 'cucm-capped' };
    const over = await store.recordDiscovery(
      'capped',
      {
        certificates: [...trusted(MAX_UNITLESS_CERTIFICATES - 4, MAX_UNITLESS_CERTIFICATES + 3), unit],
        state: [],
        unread: [],
      },
      T2,
    );
    assert.equal(over.notKept, 3);
    const kept = over.discovered.certificates;
    assert.equal(kept.filter((k) => k.certificate.unit === null).length, MAX_UNITLESS_CERTIFICATES);
    assert.deepEqual(
      kept.filter((k) => k.certificate.unit !== null).map((k) => [k.certificate.node, k.learnedAt]),
      [['cucm-capped', T2.toISOString()]],
    );
    const bySerial = new Map(kept.map((k) => [k.certificate.serial, k.learnedAt]));
    assert.equal(
      bySerial.get((0x1000 + MAX_UNITLESS_CERTIFICATES - 4).toString(16)),
      T2.toISOString(),
      'one held before is updated',
    );
    assert.equal(
      bySerial.get((0x1000 + MAX_UNITLESS_CERTIFICATES - 1).toString(16)),
      T2.toISOString(),
      'a new one that fits is kept',
    );
    assert.equal(bySerial.has((0x1000 + MAX_UNITLESS_CERTIFICATES).toString(16)), false, 'one beyond the cap is not');
    // Full: a further new one is not kept either; one held is still updated.
    const full = await store.recordDiscovery(
      'capped',
      {
        certificates: trusted(0, 1).concat(trusted(MAX_UNITLESS_CERTIFICATES + 10, MAX_UNITLESS_CERTIFICATES + 11)),
        state: [],
        unread: [],
      },
      T2,
    );
    assert.equal(full.notKept, 1);
  });

  test('two readings of one cluster at once (two connections) cannot together pass the cap on certificates of no unit', async () => {
    const template = itl(1).certificates.find((c) => c.unit === 'TVS');
    assert.ok(template);
    const trusted = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        ...template,
        unit: null,
        certificate: null,
        function: 'TRUST',
        serial: (0x5000 + from + i).toString(16),
        source: { kind: 'show-output' as const, detail: 'show cert list trust' },
      }));
    // Each reading fits on its own (300 of 500); together they would hold 600.
    const each = Math.ceil(MAX_UNITLESS_CERTIFICATES * 0.6);
    const other = new Redis(redis.server.url);
    try {
      const beside = createDiscoveryStore(other, { get: (id) => inventory.get(id) });
      const [first, second] = await Promise.all([
        store.recordDiscovery('raced', { certificates: trusted(0, each), state: [], unread: [] }, T1),
        beside.recordDiscovery('raced', { certificates: trusted(each, 2 * each), state: [], unread: [] }, T1),
      ]);
      const held = (await store.discoveredState('raced')).certificates.filter((k) => k.certificate.unit === null);
      assert.equal(held.length, MAX_UNITLESS_CERTIFICATES);
      assert.equal(
        first.notKept + second.notKept,
        2 * each - MAX_UNITLESS_CERTIFICATES,
        'what was not kept is counted',
      );
    } finally {
      other.disconnect();
    }
  });

  test('the take-in logs what the cap kept out (DiscoveryNotKept, with the cluster and the count)', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }));
    const template = itl(1).certificates.find((c) => c.unit === 'TVS');
    assert.ok(template);
    const trusted = Array.from({ length: MAX_UNITLESS_CERTIFICATES + 2 }, (_, i) => ({
      ...template,
      unit: null,
      certificate: null,
      function: 'TRUST',
      serial: (0x9000 + i).toString(16),
    }));
    const taken = await createTakeIn(store, async () => [], logger)(
      'logged',
      { certificates: trusted, state: [], unread: [] },
      T1,
    );
    assert.equal(taken.notKept, 2);
    assert.deepEqual(
      lines.filter((l) => l.event === 'DiscoveryNotKept').map((l) => [l.clusterId, l.notKept, l.max]),
      [['logged', 2, MAX_UNITLESS_CERTIFICATES]],
    );
  });
});
