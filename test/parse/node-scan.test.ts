// The per-datagram node scanners against the rules they stand for: the regex-free name check against isNodeName, the
// one-pass label finder against lastIndexOf, and sniffNode on bytes against sniffNodeText (the parser's text version).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { findNodeLabels, noNodeLabels } from '../../src/parse/node-labels.js';
import { prefilter } from '../../src/parse/prefilter.js';
import { isNodeNameChars } from '../../src/parse/node-name-chars.js';
import { isNodeName } from '../../src/parse/node-name.js';
import { sniffNode, sniffNodeText } from '../../src/parse/sniff-node.js';

/** Text made of the pieces node labels and headers are built from, so the properties meet them often. */
const pieces = fc.constantFrom('NodeID=', 'Node ID=', 'NodeId=', ' Node ID:', 'Node', 'ID', '=', ':', ']', '[', ' ', '.', '-', '_',
  'cucm01', 'CUCM-PUB.example.com', '10.1.2.3', '<78>', '<187>12: ', 'Nov 24 09:01:01 ', 'Nov  4 09:01:01 ', '%UC_A-3-B: ', '%CCM_X-Y-6-Z: ',
  '\t', '|', '\u00a0', 'é', 'x'.repeat(300), 'crond[1]: ');
const textOfPieces = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));

describe('isNodeNameChars', () => {
  for (const [value, expected] of [['cucm01', true], ['a', true], ['_', false], ['a_', true], ['a.', false], ['a-b.c_d', true], ['-a', false], ['', false], ['a'.repeat(255), true], ['a'.repeat(256), false], ['a b', false], ['é', false]] as const) {
    test(`${JSON.stringify(value.length > 20 ? `${value.length} letters` : value)} -> ${expected}`, () => assert.equal(isNodeNameChars(value), expected));
  }
  test('answers as isNodeName does for any text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), textOfPieces, fc.stringMatching(/^[A-Za-z0-9._-]{0,260}$/)), (value) => {
      assert.equal(isNodeNameChars(value), isNodeName(value));
    }), { numRuns: 3000 });
  });
});

describe('findNodeLabels', () => {
  const at = (text: string, label: string) => {
    const i = text.lastIndexOf(label);
    return i < 0 ? -1 : i + label.length;
  };
  test('a CUCM line: the NodeID value, found from the end', () => {
    const text = '<187>1: x: %UC_A-3-B: %[DeviceName=SEP1][NodeID=cucm-sub1]: An endpoint has unregistered';
    assert.equal(findNodeLabels(Buffer.from(text)).nodeId, text.indexOf('cucm-sub1'));
  });
  test('every label at the position lastIndexOf gives, when the whole message is read', () => {
    fc.assert(fc.property(textOfPieces, (text) => {
      const found = findNodeLabels(Buffer.from(text, 'latin1'), false);
      assert.deepEqual(found, { nodeId: at(text, 'NodeID='), nodeSpaceId: at(text, 'Node ID='), nodeIdLower: at(text, 'NodeId='), legacy: at(text, ' Node ID:') });
    }), { numRuns: 3000 });
  });
  test('stopping at the last NodeID= finds that NodeID= all the same', () => {
    fc.assert(fc.property(textOfPieces, (text) => {
      assert.equal(findNodeLabels(Buffer.from(text, 'latin1')).nodeId, at(text, 'NodeID='));
    }), { numRuns: 2000 });
  });
});

describe('sniffNode on bytes', () => {
  test('names the same node as sniffNodeText on the same text', () => {
    fc.assert(fc.property(fc.oneof(textOfPieces, fc.string({ maxLength: 200 })), (text) => {
      const latin1 = Buffer.from(text, 'latin1').toString('latin1');
      assert.equal(sniffNode(Buffer.from(latin1, 'latin1')), sniffNodeText(latin1));
    }), { numRuns: 5000 });
  });
  test('a crond line of a fully qualified host: its short name, read without the general header parser', () => {
    assert.equal(sniffNode(Buffer.from('<78>Nov  4 09:01:01 cucm-tftp1.example.net crond[9001]: (root) CMD (x)')), 'cucm-tftp1');
  });
});

describe('sniffNode: names read from the bytes, a string only for a name (issue 11)', () => {
  test('the three byte paths (NodeID, a plain header, the legacy label) read the node of each message anew', () => {
    const line = (node: string) => Buffer.from(`<187>7: ${node}.example.net: x : %UC_A-3-B: %[DeviceName=SEP1][NodeID=${node}]: An endpoint`);
    const crond = (node: string) => Buffer.from(`<78>Nov  4 09:01:01 ${node}.example.net crond[9]: (root) CMD (x)`);
    const legacy = (node: string) => Buffer.from(`Nov  4 09:01:01 ${node} local7 6 : 8: Service Activated. App ID:Cisco Service Manager Cluster ID: Node ID:${node}`);
    for (const make of [line, crond, legacy]) {
      // Names of the same length and bytes alike but one: a name table must compare bytes, not trust a length.
      assert.deepEqual(['cucm-sub1', 'cucm-sub2', 'cucm-sub1', 'cucm-sub1'].map((n) => sniffNode(make(n))), ['cucm-sub1', 'cucm-sub2', 'cucm-sub1', 'cucm-sub1']);
    }
  });

  test('many distinct names, each read right (the name table is bounded and starts afresh)', () => {
    for (let i = 0; i < 10_000; i++) {
      const name = `node-${i.toString(36)}x`;
      assert.equal(sniffNode(Buffer.from(`<187>1: h: x : %UC_A-3-B: %[NodeID=${name}]: y`)), name);
    }
  });

  test('a crond line from an IPv4 address keeps the address whole; a host ending in a dot is no node', () => {
    assert.equal(sniffNode(Buffer.from('<78>Nov  4 09:01:01 10.1.2.3 crond[9001]: (root) CMD (x)')), '10.1.2.3');
    assert.equal(sniffNode(Buffer.from('<78>Nov  4 09:01:01 10.1.2.3.4 crond[9001]: (root) CMD (x)')), '10');
    assert.equal(sniffNode(Buffer.from('<78>Nov  4 09:01:01 cucm. crond[9001]: (root) CMD (x)')), sniffNodeText('<78>Nov  4 09:01:01 cucm. crond[9001]: (root) CMD (x)'));
  });
});

describe('the prefilter notes the node labels on its way (issue 11)', () => {
  const messages = fc.oneof(textOfPieces, fc.string({ maxLength: 200 }), textOfPieces.map((t) => `${t} Certificate name:x`));
  test('same verdict with or without labels; for noise, every label where the backwards pass finds it; the same node', () => {
    const labels = noNodeLabels();
    fc.assert(fc.property(messages, (text) => {
      const bytes = Buffer.from(text, 'latin1');
      const verdict = prefilter(bytes, labels);
      assert.equal(verdict, prefilter(bytes));
      if (verdict !== 'noise') return;
      assert.deepEqual(labels, findNodeLabels(bytes, false));
      assert.equal(sniffNode(bytes, labels), sniffNode(bytes));
    }), { numRuns: 5000 });
  });

  test('the labels object is reset for each message (a label of the one before never leaks into the next)', () => {
    const labels = noNodeLabels();
    assert.equal(prefilter(Buffer.from('<13>x: %[NodeID=cucm01][ Node ID=cucm02]: noise'), labels), 'noise');
    assert.equal(sniffNode(Buffer.from('<13>x: %[NodeID=cucm01][ Node ID=cucm02]: noise'), labels), 'cucm01');
    const crond = Buffer.from('<78>Nov  4 09:01:01 cucm-tftp1 crond[9001]: (root) CMD (x)');
    assert.equal(prefilter(crond, labels), 'noise');
    assert.deepEqual(labels, noNodeLabels());
    assert.equal(sniffNode(crond, labels), 'cucm-tftp1');
  });

  test('real noise lines of every kind the bench sends: the node from the prefilter\'s labels is the one sniffed alone', () => {
    const lines = [
      '<187>10000: cucm-pub.example.net: Nov 20 2026 10:00:00.000 UTC : %UC_CALLMANAGER-3-EndPointUnregistered: %[DeviceName=SEPE0D1730A0000][IPAddress=10.60.0.0][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=cucm-pub]: An endpoint has unregistered',
      '<189>10002: Nov 20 2026 10:00:00 AM.000 UTC :  %UC_AUDITLOG-5-AdministrativeEvent: %[ UserID =administrator][ AuditDetails =record in table device][App ID=Cisco Tomcat][Cluster ID=][Node ID=cucm-sub2]: Audit Event is generated by this application',
      '<78>Nov 20 10:00:00 cucm-tftp1 crond[9003]: (root) CMD (  /etc/rc.d/init.d/fiostats show)',
      'Nov 20 10:00:00 imp-pub local7 6 : 10005: Nov 20 2026 10:00:00.000 UTC : %CCM_SERVICEMANAGER-SERVICEMANAGER-6-ServiceActivated: Service Activated. Service Name:Cisco CallManager SNMP Service App ID:Cisco Service Manager Cluster ID: Node ID:imp-pub',
    ];
    const labels = noNodeLabels();
    assert.deepEqual(lines.map((l) => (prefilter(Buffer.from(l), labels) === 'noise' ? sniffNode(Buffer.from(l), labels) : 'not noise')), ['cucm-pub', 'cucm-sub2', 'cucm-tftp1', 'imp-pub']);
  });
});
