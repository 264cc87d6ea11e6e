// Property tests: random bytes, random strings and random mutations of real sample lines never throw and always
// give a well-formed outcome; cut certificate lines never yield a guessed unit; the prefilter never misses an event.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { decodeFrame, isNodeName, parseLine, prefilter, parseText, sniffNode, type ParseContext, type ParseOutcome } from '../../src/parse/index.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
const ctx: ParseContext = { receivedAt: new Date('2026-11-24T08:30:00Z'), zoneForNode: (n) => (n.startsWith('CUCM') ? 'Europe/Berlin' : n === 'bad' ? 'Not/AZone' : undefined) };
const REASONS = new Set(['empty', 'invalid-utf8', 'binary', 'oversized', 'truncated', 'malformed']);
const URGENCIES = new Set(['unknown', 'week', 'day', 'expired']);
const PRECISIONS = new Set(['exact', 'inferred', 'window']);
const VIAS = new Set(['syslog', 'rtmt-syslog', 'rtmt-mail']);
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const isIso = (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) && !Number.isNaN(Date.parse(s));

function assertValid(o: ParseOutcome): void {
  if (o.kind === 'rejected') {
    assert.ok(REASONS.has(o.reason), o.reason);
    assert.equal(typeof o.detail, 'string');
    return;
  }
  if (o.kind === 'noise') {
    assert.ok(o.node === null || isNodeName(o.node), `noise node ${o.node}`);
    assert.ok(o.tag === null || typeof o.tag === 'string');
    return;
  }
  assert.equal(o.kind, 'certificate');
  const e = o.event;
  assert.ok(URGENCIES.has(e.alarmUrgency));
  assert.ok(VIAS.has(e.via));
  assert.ok(e.severity === null || (Number.isInteger(e.severity) && e.severity >= 0 && e.severity <= 7));
  assert.ok(isIso(e.alarmAt), e.alarmAt);
  assert.ok(e.node === 'unknown' || isNodeName(e.node), e.node);
  assert.ok(e.certificate.length > 0 && !CONTROL.test(e.certificate));
  assert.ok(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(e.unit), e.unit);
  assert.equal(e.trustStore, /-trust$/i.test(e.unit));
  assert.ok(!CONTROL.test(e.raw));
  assert.ok(PRECISIONS.has(e.expiry.precision));
  assert.ok(isIso(e.expiry.earliest) && isIso(e.expiry.latest));
  assert.ok(Date.parse(e.expiry.earliest) <= Date.parse(e.expiry.latest));
  assert.equal(e.expiry.at === null, e.expiry.precision === 'window');
  if (e.expiry.at !== null) assert.ok(isIso(e.expiry.at), e.expiry.at);
  assert.ok(e.expiry.note.length > 0);
}

function sampleLines(): string[] {
  const out: string[] = [];
  for (const dir of ['syslog', 'hostile']) {
    for (const f of readdirSync(join(SAMPLES, dir)).filter((n) => n.endsWith('.log'))) {
      for (const line of readFileSync(join(SAMPLES, dir, f), 'utf8').split('\n')) {
        if (line.trim() !== '' && !line.startsWith('#') && line.length < 4000) out.push(line);
      }
    }
  }
  return out;
}
const LINES = sampleLines();
const MAILS = readdirSync(join(SAMPLES, 'rtmt-mail')).map((f) => readFileSync(join(SAMPLES, 'rtmt-mail', f), 'utf8'));

/** Random edits of a real line: cut, delete a range, insert text, duplicate a range, flip a character. */
const mutated = fc.tuple(fc.constantFrom(...LINES), fc.array(fc.tuple(fc.nat(4), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 4 }))
  .map(([line, edits]) => {
    let s = line;
    for (const [op, a, b, ins] of edits) {
      const i = s.length === 0 ? 0 : a % s.length;
      const j = Math.min(s.length, i + (b % 40));
      if (op === 0) s = s.slice(0, i);
      else if (op === 1) s = s.slice(0, i) + s.slice(j);
      else if (op === 2) s = s.slice(0, i) + ins + s.slice(i);
      else if (op === 3) s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
      else s = s.slice(0, i) + (ins[0] ?? '%') + s.slice(i + 1);
    }
    return s;
  });

const RUNS = { numRuns: 400 };

describe('never throws, always a valid outcome', () => {
  test('decodeFrame / prefilter / sniffNode on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 0, max: 3000 }), (bytes, max) => {
      const r = decodeFrame(bytes, max);
      if (r.ok) {
        assert.ok(r.text.length > 0 && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(r.text));
        assertValid(parseLine(r.text, ctx));
      } else assert.ok(REASONS.has(r.reason));
      assert.ok(['noise', 'might-be-alarm', 'not-text'].includes(prefilter(bytes)));
      const node = sniffNode(bytes);
      assert.ok(node === null || isNodeName(node));
    }), { numRuns: 1000 });
  });
  test('parseLine on random strings (any code points)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (s) => assertValid(parseLine(s, ctx))), { numRuns: 1000 });
  });
  test('parseLine on random strings made of CiscoLog pieces', () => {
    const piece = fc.constantFrom('%UC_CERT-2-CertValidfor7days:', '%UC_RTMT-2-RTMT_ALERT:', '%CCM_CERT-X-2-CertExpired:', ' %[', '[', ']', '=', 'Message=',
      'Certificate expiration Notification. ', 'Certificate name:', ' Unit:', 'tomcat', '-trust', ' Type:', 'own-cert', ' Expiration:', 'Mon May 19 ',
      '14:46:', '00:00:000 ', 'CEST ', '2014', '#012', 'MatchedEvent : ', 'NodeID=', 'CUCM01', '<187>', '864: ', 'Sep 05 2014 00:00:06.433 UTC : ', ' App ID:', ' Node ID:', ' ', ':');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => assertValid(parseLine(parts.join(''), ctx))), { numRuns: 2000 });
  });
  test('parseLine on random mutations of every sample line', () => {
    fc.assert(fc.property(mutated, (s) => {
      const o = parseLine(s, ctx);
      assertValid(o);
      if (o.kind === 'certificate') assert.notEqual(prefilter(Buffer.from(s, 'utf8')), 'noise', `prefilter missed: ${s}`);
    }), { numRuns: 3000 });
  });
  test('parseText on mutated e-mails and on joined random lines', () => {
    const mail = fc.tuple(fc.constantFrom(...MAILS), fc.nat(), fc.nat(200), fc.string({ unit: 'binary', maxLength: 20 }))
      .map(([m, a, n, ins]) => m.slice(0, a % m.length) + ins + m.slice((a % m.length) + n));
    fc.assert(fc.property(mail, (m) => parseText(m, ctx).forEach(assertValid)), RUNS);
    fc.assert(fc.property(fc.array(fc.oneof(mutated, fc.string({ maxLength: 80 })), { maxLength: 8 }), (ls) => parseText(ls.join('\n'), ctx).forEach(assertValid)), RUNS);
  });
});

describe('a cut certificate line never yields a guessed field', () => {
  const certLines = LINES.filter((l) => parseLine(l, ctx).kind === 'certificate' && l.length < 1500);
  test(`every prefix of ${certLines.length} certificate lines`, () => {
    assert.ok(certLines.length > 40);
    for (const line of certLines) {
      const full = parseLine(line, ctx);
      assert.equal(full.kind, 'certificate');
      if (full.kind !== 'certificate') continue;
      for (let i = 0; i <= line.length; i += 1) {
        const o = parseLine(line.slice(0, i), ctx);
        assertValid(o);
        if (o.kind !== 'certificate') continue;
        // Whatever survives is what was sent: same unit and certificate, never a shorter unit such as tomcat for tomcat-trust.
        assert.equal(o.event.unit, full.event.unit, `prefix ${i} of ${line}`);
        assert.equal(o.event.certificate, full.event.certificate, `prefix ${i} of ${line}`);
        if (o.event.certType !== 'unknown') assert.equal(o.event.certType, full.event.certType);
        // A cut NodeID is never taken: the node is the full one, the host's short name, or unknown (UC form; the
        // legacy form ends in `Node ID:x` and a cut there cannot be seen).
        if (line.includes('%[')) {
          const host = full.event.host === null ? null : full.event.host.split('.')[0];
          assert.ok([full.event.node, host, 'unknown'].includes(o.event.node), `node ${o.event.node} from prefix ${i} of ${line}`);
        }
        assert.notEqual(prefilter(Buffer.from(line.slice(0, i))), 'noise');
      }
    }
  });
});
