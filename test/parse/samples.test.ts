// Table-driven parser tests over every file in samples/: each message line, e-mail and frame against the expected
// fields in sample-expectations.json (keyed by sample file and line number; expectations come from the intended
// truth of each sample, not from the parser's output).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { alarmWindow, decodeFrame, parseLine, prefilter, parseText, sniffNode, type ParseContext, type ParseOutcome } from '../../src/parse/index.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
const MAX_BYTES = 8192; // the service's default SYSLOG_MAX_MESSAGE_BYTES

interface ExpectedExpiry { precision: string; at: string | null; earliest: string; latest: string }
interface Expected {
  kind: 'certificate' | 'noise' | 'rejected';
  reason?: string; frame?: boolean;
  node?: string | null; tag?: string | null;
  alarm?: string; severity?: number; urgency?: string; clusterId?: string | null; certificate?: string; unit?: string;
  certType?: string; trustStore?: boolean; via?: string; alarmAt?: string; expiry?: ExpectedExpiry | null; truth?: string;
}
interface Expectations {
  contexts: Record<string, { receivedAt: string; zones: Record<string, string> }>;
  lines: Record<string, Expected>;
  mails: Record<string, Expected[]>;
  frames: Record<string, Expected>;
}
const expectations = JSON.parse(readFileSync(join(import.meta.dirname, 'sample-expectations.json'), 'utf8')) as Expectations;

function contextFor(rel: string): ParseContext {
  const c = expectations.contexts[rel] ?? expectations.contexts[rel.split('/')[0] ?? ''];
  assert.ok(c, `no context for ${rel}`);
  return { receivedAt: new Date(c.receivedAt), zoneForNode: (node) => c.zones[node] };
}

/** Message lines of a sample file as the replay tool sends them: not blank, not a '#' comment. */
function messageLines(rel: string): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  readFileSync(join(SAMPLES, rel), 'utf8').split('\n').forEach((text, i) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    out.push({ key: `${rel}:${i + 1}`, text });
  });
  return out;
}

/** The ingest path for one message: bytes -> decodeFrame -> parseLine. */
function ingest(bytes: Uint8Array, ctx: ParseContext): ParseOutcome {
  const decoded = decodeFrame(bytes, MAX_BYTES);
  return decoded.ok ? parseLine(decoded.text, ctx) : { kind: 'rejected', reason: decoded.reason, detail: decoded.detail };
}

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

function check(outcome: ParseOutcome, want: Expected, where: string): void {
  assert.equal(outcome.kind, want.kind, `${where}: ${JSON.stringify(outcome).slice(0, 400)}`);
  if (outcome.kind === 'rejected') {
    assert.equal(outcome.reason, want.reason, `${where}: ${outcome.detail}`);
    assert.ok(outcome.detail.length > 0);
    return;
  }
  if (outcome.kind === 'noise') {
    if ('node' in want) assert.equal(outcome.node, want.node, `${where} node`);
    if ('tag' in want) assert.equal(outcome.tag, want.tag, `${where} tag`);
    return;
  }
  const e = outcome.event;
  const fields: [keyof Expected, unknown][] = [
    ['alarm', e.alarm], ['severity', e.severity], ['urgency', e.alarmUrgency], ['node', e.node], ['clusterId', e.clusterId],
    ['certificate', e.certificate], ['unit', e.unit], ['certType', e.certType], ['trustStore', e.trustStore], ['via', e.via],
    ['alarmAt', e.alarmAt],
  ];
  for (const [name, actual] of fields) if (name in want) assert.deepEqual(actual, want[name], `${where} ${name}`);
  if (want.expiry) {
    assert.equal(e.expiry.precision, want.expiry.precision, `${where} precision (${e.expiry.note})`);
    assert.equal(e.expiry.at, want.expiry.at, `${where} at (${e.expiry.note})`);
    assert.equal(e.expiry.earliest, want.expiry.earliest, `${where} earliest`);
    assert.equal(e.expiry.latest, want.expiry.latest, `${where} latest`);
  }
  if (want.truth && e.expiry.at !== null) {
    // Whatever was cut, the inferred instant is within a day of the real expiry (zone and seconds at worst).
    assert.ok(Math.abs(Date.parse(e.expiry.at) - Date.parse(want.truth)) <= 86400000, `${where} at ${e.expiry.at} vs truth ${want.truth}`);
  }
  const w = alarmWindow(e.alarmUrgency, new Date(e.alarmAt));
  if (want.truth && (e.expiry.earliest !== w.earliest.toISOString() || e.expiry.latest !== w.latest.toISOString())) {
    // However far a cut date narrows the alarm's window, the real expiry stays inside the narrowed bounds.
    const truth = Date.parse(want.truth);
    assert.ok(Date.parse(e.expiry.earliest) <= truth && truth <= Date.parse(e.expiry.latest), `${where} truth ${want.truth} outside ${e.expiry.earliest} .. ${e.expiry.latest}`);
  }
  // Invariants of every event.
  assert.ok(e.expiry.note.length > 0, `${where} note`);
  assert.ok(Date.parse(e.expiry.earliest) <= Date.parse(e.expiry.latest), `${where} window order`);
  for (const v of [e.node, e.unit, e.certificate, e.certType, e.raw]) assert.ok(!CONTROL.test(v), `${where} control character in ${v}`);
}

const lineFiles = ['syslog', 'hostile'].flatMap((dir) =>
  readdirSync(join(SAMPLES, dir)).filter((f) => f.endsWith('.log')).sort().map((f) => `${dir}/${f}`));

describe('sample lines (samples/syslog, samples/hostile *.log)', () => {
  for (const rel of lineFiles) {
    describe(rel, () => {
      const ctx = contextFor(rel);
      for (const { key, text } of messageLines(rel)) {
        const want = expectations.lines[key];
        test(`${key} ${want?.kind ?? '?'}${want?.reason ? ` ${want.reason}` : ''}${want?.unit ? ` ${want.node}/${want.unit}` : ''}`, () => {
          assert.ok(want, `no expectation for ${key}: add one to sample-expectations.json`);
          check(ingest(Buffer.from(text, 'utf8'), ctx), want, key);
          if (want.reason === 'oversized' && !want.frame) check(parseLine(text, ctx), want, `${key} (parseLine)`);
        });
      }
    });
  }
  test('every expectation points at an existing message line', () => {
    const keys = new Set(lineFiles.flatMap((rel) => messageLines(rel).map((l) => l.key)));
    for (const key of Object.keys(expectations.lines)) assert.ok(keys.has(key), `stale expectation ${key}`);
  });
});

describe('RTMT alert e-mails (samples/rtmt-mail)', () => {
  const ctx = contextFor('rtmt-mail');
  const files = readdirSync(join(SAMPLES, 'rtmt-mail')).filter((f) => f.endsWith('.txt')).sort();
  for (const file of files) {
    const rel = `rtmt-mail/${file}`;
    test(rel, () => {
      const want = expectations.mails[rel];
      assert.ok(want, `no expectation for ${rel}`);
      const outcomes = parseText(readFileSync(join(SAMPLES, rel), 'utf8'), ctx);
      assert.equal(outcomes.length, want.length, JSON.stringify(outcomes).slice(0, 600));
      outcomes.forEach((o, i) => check(o, want[i] as Expected, `${rel}#${i}`));
    });
  }
});

describe('hostile frames (samples/hostile *.bin, one datagram each)', () => {
  const ctx = contextFor('hostile');
  for (const [rel, want] of Object.entries(expectations.frames)) {
    test(`${rel} -> ${want.kind}${want.reason ? ` ${want.reason}` : ''}`, () => {
      check(ingest(readFileSync(join(SAMPLES, rel)), ctx), want, rel);
    });
  }
});

describe('prefilter over the samples', () => {
  const certLines = lineFiles.flatMap((rel) => messageLines(rel)).filter(({ key }) => {
    const w = expectations.lines[key];
    return w?.kind === 'certificate' || w?.reason === 'truncated';
  });
  test(`the prefilter passes all ${certLines.length} certificate / truncated certificate lines`, () => {
    assert.ok(certLines.length > 50);
    for (const { key, text } of certLines) assert.equal(prefilter(Buffer.from(text)), 'might-be-alarm', key);
  });
  test('the prefilter passes every certificate frame and e-mail', () => {
    for (const [rel, want] of Object.entries(expectations.frames)) {
      if (want.kind === 'certificate') assert.notEqual(prefilter(readFileSync(join(SAMPLES, rel))), 'noise', rel);
    }
    for (const [rel, want] of Object.entries(expectations.mails)) {
      if (want.some((w) => w.kind === 'certificate')) assert.notEqual(prefilter(readFileSync(join(SAMPLES, rel))), 'noise', rel);
    }
  });
  test('the prefilter calls every line of samples/syslog/noise.log noise', () => {
    const lines = messageLines('syslog/noise.log');
    assert.ok(lines.length >= 10);
    for (const { key, text } of lines) assert.equal(prefilter(Buffer.from(text)), 'noise', key);
  });
  test('sniffNode finds the node of every noise line from the raw bytes', () => {
    for (const { key, text } of messageLines('syslog/noise.log')) {
      assert.equal(sniffNode(Buffer.from(text)), expectations.lines[key]?.node, key);
    }
  });
});
