// The ITL/CTL reader, round trip: files written by test/support/tlv-builder.ts read back to the same certificates,
// dates, units and signer facts, for every scenario of issue 12 (tokenless 12.5, eToken 11.5, a stale CTL, ECDSA).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from 'typebox/value';
import { DiscoveredFactsSchema, type DiscoveredFacts } from '../../src/discovery/facts-schema.js';
import { readTlvFile } from '../../src/discovery/tlv/read-tlv-file.js';
import { verifyTlvSignature } from '../../src/discovery/tlv/verify-signature.js';
import { compareCtlWithItl } from '../../src/discovery/tlv/stale-ctl.js';
import { tlvFacts } from '../../src/discovery/tlv/tlv-facts.js';
import { buildTlvFile, ctlFile, itlFile, simulatedCluster } from '../support/tlv-builder.js';

const TVS_END = new Date('2026-12-09T08:00:00.000Z');
const CCM_END = new Date('2027-01-06T08:00:00.000Z');
const CAPF_END = new Date('2028-05-01T00:00:00.000Z');
const RECOVERY_END = new Date('2041-03-01T10:00:00.000Z');
const cluster = simulatedCluster({
  nodes: ['cucm-pub', 'cucm-sub1'],
  notAfter: { TVS: TVS_END, CallManager: CCM_END, CAPF: CAPF_END, ITLRecovery: RECOVERY_END },
});

function valid(facts: DiscoveredFacts): DiscoveredFacts {
  assert.ok(
    Value.Check(DiscoveredFactsSchema, facts),
    JSON.stringify([...Value.Errors(DiscoveredFactsSchema, facts)].slice(0, 3)),
  );
  return facts;
}

const stateOf = (facts: DiscoveredFacts, kind: string) => facts.state.find((f) => f.kind === kind)?.value;

describe('ITL/CTL reader, round trip', () => {
  test('header: version, length, signer, digest, file name, timestamp', () => {
    const read = readTlvFile(itlFile(cluster, 'itlrecovery'));
    assert.ok(read.ok);
    assert.equal(read.file.version, '1.2');
    assert.equal(read.file.headerLength % 4, 0);
    assert.equal(read.file.signer.name, 'CN=ITLRECOVERY_cucm-pub;OU=UC;O=Example;L=Wellington;ST=WGN;C=NZ');
    assert.equal(read.file.signer.serial, cluster.certificates.get('cucm-pub')?.ITLRecovery?.serialHex);
    assert.equal(read.file.hashAlgorithm, 'SHA1');
    assert.equal(read.file.signature?.length, 256);
    assert.equal(read.file.fileName, 'ITLFile.tlv');
    assert.equal(read.file.timestamp, '2026-01-15T09:00:00.000Z');
    assert.deepEqual(read.file.records.map((r) => r.function), ['SAST', 'CCM+TFTP', 'CCM+TFTP', 'TVS', 'TVS', 'CAPF']);
    assert.deepEqual(read.file.skippedTags, []);
  });

  test('ITL 12.5 (ITLRecovery signs): exact expiries per node and unit, signer itlrecovery', () => {
    const facts = valid(tlvFacts(itlFile(cluster, 'itlrecovery'), 'ITLFile.tlv', 'http://cucm-pub:6970/ITLFile.tlv'));
    const rows = facts.certificates.map((c) => `${c.node} ${c.unit} ${c.function} ${c.notAfter} ${c.keyType}`);
    assert.deepEqual(rows, [
      `cucm-pub ITLRecovery SAST ${RECOVERY_END.toISOString()} RSA`,
      `cucm-pub CallManager CCM+TFTP ${CCM_END.toISOString()} RSA`,
      `cucm-sub1 CallManager CCM+TFTP ${CCM_END.toISOString()} RSA`,
      `cucm-pub TVS TVS ${TVS_END.toISOString()} RSA`,
      `cucm-sub1 TVS TVS ${TVS_END.toISOString()} RSA`,
      `null CAPF CAPF ${CAPF_END.toISOString()} RSA`,
    ]);
    assert.equal(facts.certificates[1]?.certificate, 'CallManager.pem');
    assert.equal(
      facts.certificates[1]?.serial,
      cluster.certificates.get('cucm-pub')?.CallManager?.serialHex.replace(/^0+/, ''),
    );
    assert.equal(facts.certificates[1]?.source.kind, 'itl-file');
    assert.equal(facts.certificates[1]?.source.detail, 'http://cucm-pub:6970/ITLFile.tlv record 2');
    assert.equal(stateOf(facts, 'itlSigner'), 'itlrecovery');
    assert.deepEqual(
      facts.state.map((f) => f.kind),
      ['itlSigner', 'tftpServers', 'signature'],
      'an ITL says nothing of the security mode',
    );
    // The TFTP servers the ITL lists (its CCM+TFTP records), in the file's order: a set, not the phones' order.
    assert.deepEqual(stateOf(facts, 'tftpServers'), ['cucm-pub', 'cucm-sub1']);
    assert.match(
      facts.state.find((f) => f.kind === 'tftpServers')?.note ?? '',
      /order the phones use them in \(DHCP option 150\) is not in the file/,
    );
    assert.deepEqual(facts.unread, []);
  });

  test('ITL before 12.0 (the TFTP node\'s CallManager key signs): signer callmanager', () => {
    const facts = valid(tlvFacts(itlFile(cluster, 'callmanager', 'cucm-sub1'), null, 'posted'));
    assert.equal(stateOf(facts, 'itlSigner'), 'callmanager');
    assert.match(facts.state[0]?.note ?? '', /cucm-sub1/);
    assert.equal(facts.certificates[0]?.function, 'SAST');
    assert.equal(
      facts.certificates[0]?.unit,
      null,
      'the SAST copy of the CallManager certificate is not a unit of its own',
    );
  });

  test('CTL 11.5 with eTokens: mixed, signer etoken, the tokens are no unit of the cluster', () => {
    const facts = valid(tlvFacts(ctlFile(cluster, 'etoken'), 'CTLFile.tlv', 'http://cucm-pub:6970/CTLFile.tlv'));
    assert.equal(stateOf(facts, 'securityMode'), 'mixed');
    assert.equal(stateOf(facts, 'ctlSigner'), 'etoken');
    const tokens = facts.certificates.filter((c) => c.function === 'SAST');
    assert.equal(tokens.length, 2);
    assert.ok(tokens.every((t) => t.unit === null && /Cisco Manufacturing CA/.test(t.issuer)));
    assert.equal(facts.certificates.find((c) => c.unit === 'CAPF')?.source.kind, 'ctl-file');
    // What is seen of the file itself: its signer and time stamp (kept; a stale CTL is shown with them).
    const header = readTlvFile(ctlFile(cluster, 'etoken'));
    assert.ok(header.ok && header.file.signer.name !== null);
    assert.deepEqual(stateOf(facts, 'ctlFile'), {
      signer: header.file.signer.name,
      signedAt: '2026-01-15T09:00:00.000Z',
    });
    assert.equal(stateOf(facts, 'tftpServers'), undefined, 'the TFTP servers come from the ITL only');
  });

  for (const signer of ['tokenless-itlrecovery', 'tokenless-callmanager'] as const) {
    test(`CTL signed by the cluster's own key (${signer}): tokenless, the stale-CTL case named`, () => {
      const facts = valid(tlvFacts(ctlFile(cluster, signer), 'CTLFile.tlv', 'posted'));
      assert.equal(stateOf(facts, 'ctlSigner'), 'tokenless');
      assert.match(
        facts.state.find((f) => f.kind === 'securityMode')?.note ?? '',
        /non-secure may still serve its old CTL/,
      );
    });
  }

  test('CUCM 15 with ECDSA: CallManager-ECDSA records with EC keys', () => {
    const ec = simulatedCluster({
      nodes: ['cucm15-pub'],
      ecdsa: true,
      notAfter: { 'CallManager-ECDSA': new Date('2027-02-01T00:00:00Z') },
    });
    const facts = valid(tlvFacts(itlFile(ec, 'itlrecovery'), 'ITLFile.tlv', 'posted'));
    const row = facts.certificates.find((c) => c.unit === 'CallManager-ECDSA');
    assert.equal(row?.keyType, 'EC');
    assert.equal(row?.notAfter, '2027-02-01T00:00:00.000Z');
    assert.equal(row?.certificate, 'CallManager-ECDSA.pem');
    assert.equal(row?.node, 'cucm15-pub', 'node from the CN (<host>-EC) when the record has no DNS name');
    assert.deepEqual(
      stateOf(facts, 'tftpServers'),
      ['cucm15-pub'],
      'an RSA and an ECDSA record of one TFTP server name it once',
    );
  });

  test('DNS name and IP address fields: the node is the DNS name', () => {
    const certificate = cluster.certificates.get('cucm-sub1')?.TVS;
    assert.ok(certificate);
    const file = buildTlvFile({
      fileName: 'ITLFile.tlv',
      signer: certificate,
      records: [{ function: 'TVS', certificate, dnsName: 'cucm-sub1.example.net', ipAddress: '192.0.2.12' }],
    });
    const read = readTlvFile(file);
    assert.ok(read.ok);
    assert.equal(read.file.records[0]?.ipAddress, '192.0.2.12');
    assert.equal(tlvFacts(file, null, 'posted').certificates[0]?.node, 'cucm-sub1.example.net');
  });

  test('an unknown function code is kept by number; an unknown record tag is skipped and named', () => {
    const certificate = cluster.certificates.get('cucm-pub')?.TVS;
    assert.ok(certificate);
    const file = buildTlvFile({
      fileName: 'ITLFile.tlv',
      signer: certificate,
      records: [{ function: 99, certificate }],
    });
    const read = readTlvFile(file);
    assert.ok(read.ok);
    assert.equal(read.file.records[0]?.function, 'function-99');
    // Insert an item of tag 40 right after the record's RECORDLENGTH item and grow the record by its 4 bytes.
    const start = read.file.headerLength;
    const withTag = Buffer.concat([file.subarray(0, start + 5), Buffer.from([40, 0, 1, 7]), file.subarray(start + 5)]);
    withTag.writeUInt16BE(withTag.readUInt16BE(start + 3) + 4, start + 3);
    const facts = valid(tlvFacts(withTag, null, 'posted'));
    assert.equal(facts.certificates[0]?.unit, null);
    assert.equal(facts.certificates[0]?.function, 'function-99');
    assert.deepEqual(facts.unread.map((u) => [u.reason, u.detail]), [['unknown-tag', 'record tags skipped: 40']]);
  });

  test('SIGNERVERSION and a SHA512 digest are read', () => {
    const certificate = cluster.certificates.get('cucm-pub')?.ITLRecovery;
    assert.ok(certificate);
    const read = readTlvFile(
      buildTlvFile({ fileName: 'CTLFile.tlv', signer: certificate, records: [], signerVersion: '1.1', hash: 'sha512' }),
    );
    assert.ok(read.ok);
    assert.equal(read.file.signerVersion, '1.1');
    assert.equal(read.file.hashAlgorithm, 'SHA512');
  });

  test('no file kind from either name: unknown-file-kind', () => {
    const certificate = cluster.certificates.get('cucm-pub')?.TVS;
    assert.ok(certificate);
    const file = buildTlvFile({ fileName: 'SEP001122.tlv', signer: certificate, records: [] });
    assert.deepEqual(tlvFacts(file, null, 'posted').unread.map((u) => u.reason), ['unknown-file-kind']);
  });
});

describe('a CTL compared with the ITL beside it', () => {
  const itl = tlvFacts(itlFile(cluster, 'itlrecovery'), 'ITLFile.tlv', 'itl');
  test('the CTL of the same certificates matches', () => {
    assert.equal(
      compareCtlWithItl(itl, tlvFacts(ctlFile(cluster, 'tokenless-itlrecovery'), 'CTLFile.tlv', 'ctl')).reason,
      'ctl-matches-itl',
    );
  });
  test('a CTL of an older generation is stale, with the serials only one file has', () => {
    const old = simulatedCluster({ nodes: ['cucm-pub', 'cucm-sub1'], generation: 0 });
    const verdict = compareCtlWithItl(itl, tlvFacts(ctlFile(old, 'tokenless-callmanager'), 'CTLFile.tlv', 'ctl'));
    assert.equal(verdict.reason, 'ctl-stale');
    assert.ok(
      verdict.detail.includes(
        cluster.certificates.get('cucm-sub1')?.CallManager?.serialHex.replace(/^0+/, '') ?? 'missing',
      ),
    );
  });
  test('a file without CallManager certificates cannot be compared', () => {
    assert.equal(compareCtlWithItl(itl, tlvFacts(new Uint8Array(0), 'CTLFile.tlv', 'ctl')).reason, 'not-comparable');
  });
});

describe('ITL/CTL signature: the signer record\'s public key over the file without its signature item', () => {
  const pub = cluster.certificates.get('cucm-pub');
  const check = (file: Buffer) => {
    const read = readTlvFile(file);
    assert.ok(read.ok, 'the file still reads');
    return verifyTlvSignature(file, read.file);
  };
  /** Where `text` first lies in the file. */
  const at = (file: Buffer, text: string) => {
    const offset = file.indexOf(text);
    assert.ok(offset > 0, `${text} in the file`);
    return offset;
  };
  /** The file with one bit of the byte at `offset` flipped. */
  const flipped = (file: Buffer, offset: number) => {
    const copy = Buffer.from(file);
    copy.writeUInt8(copy.readUInt8(offset) ^ 0x01, offset);
    return copy;
  };

  const verified: [string, () => Buffer][] = [
    ['an ITL signed by ITLRecovery (SHA1)', () => itlFile(cluster, 'itlrecovery')],
    ['an ITL signed by the TFTP node\'s CallManager key', () => itlFile(cluster, 'callmanager')],
    ['a CTL signed by an eToken (its SAST record issued by Cisco Manufacturing CA)', () => ctlFile(cluster, 'etoken')],
    ['a tokenless CTL', () => ctlFile(cluster, 'tokenless-itlrecovery')],
    [
      'a SHA512 digest',
      () =>
        buildTlvFile({
          fileName: 'CTLFile.tlv',
          signer: pub!.ITLRecovery!,
          records: [{ function: 'SAST', certificate: pub!.ITLRecovery! }],
          hash: 'sha512',
        }),
    ],
  ];
  for (const [title, make] of verified) {
    test(`${title}: verified`, () => assert.deepEqual(check(make()), { outcome: 'verified' }));
  }

  test("a byte changed after signing (a record's subject, the timestamp): mismatch, and the facts are still read", () => {
    const file = itlFile(cluster, 'itlrecovery');
    const inRecord = flipped(file, at(file, 'CN=cucm-sub1') + 3);
    assert.deepEqual(check(inRecord), { outcome: 'mismatch' });
    // The TIMESTAMP item follows the file name: its last byte.
    assert.deepEqual(check(flipped(file, at(file, 'ITLFile.tlv\0') + 'ITLFile.tlv\0'.length + 6)), {
      outcome: 'mismatch',
    });

    const facts = valid(tlvFacts(inRecord, 'ITLFile.tlv', 'posted ITLFile.tlv'));
    assert.equal(facts.certificates.length, 6, 'never fatal: every record is still read');
    const signature = facts.state.find((f) => f.kind === 'signature');
    assert.deepEqual(signature?.value, { outcome: 'mismatch' });
    assert.match(signature?.note ?? '', /does not hold/);
  });

  test('the signature of another key: mismatch', () => {
    const signed = itlFile(cluster, 'itlrecovery');
    const other = itlFile(simulatedCluster({ nodes: ['cucm-pub', 'cucm-sub1'], generation: 2 }), 'itlrecovery');
    const a = readTlvFile(signed);
    const b = readTlvFile(other);
    assert.ok(a.ok && b.ok && a.file.signature && b.file.signature);
    const swapped = Buffer.from(signed);
    other.copy(
      swapped,
      a.file.signature.offset + 3,
      b.file.signature.offset + 3,
      b.file.signature.offset + 3 + b.file.signature.length,
    );
    assert.deepEqual(check(swapped), { outcome: 'mismatch' });
  });

  test("the signer's certificate not in the file: unverifiable (signer-not-in-file)", () => {
    const file = buildTlvFile({
      fileName: 'ITLFile.tlv',
      signer: pub!.ITLRecovery!,
      records: [{ function: 'TVS', certificate: pub!.TVS! }],
    });
    assert.deepEqual(check(file), { outcome: 'unverifiable', reason: 'signer-not-in-file' });
    const facts = valid(tlvFacts(file, 'ITLFile.tlv', 'posted'));
    assert.deepEqual(facts.state.find((f) => f.kind === 'signature')?.value, {
      outcome: 'unverifiable',
      reason: 'signer-not-in-file',
    });
  });

  test('a digest the check does not know: unverifiable (unknown-digest)', () => {
    const file = Buffer.from(itlFile(cluster, 'itlrecovery'));
    const read = readTlvFile(file);
    assert.ok(read.ok);
    // DIGESTALGORITHM (tag 8, length 1) holds 1 (SHA1): 9 names no digest.
    const digest = file.indexOf(Buffer.from([8, 0, 1, 1]));
    assert.ok(digest > 0 && digest < read.file.headerLength);
    file[digest + 3] = 9;
    assert.deepEqual(check(file), { outcome: 'unverifiable', reason: 'unknown-digest' });
  });
});
