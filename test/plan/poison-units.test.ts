// Unit names from the wire that Object.prototype also answers to (issue 9, defect 1): each gets a plan, never a throw.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, renderPlanHtml, renderPlanMarkdown, renderPlanText, targetForUnit } from '../../src/plan/index.js';
import { unitKeyOf } from '../../src/plan/rules/units.js';
import { trustStoreRule } from '../../src/plan/rules/trust-stores.js';
import { linkedOwnTicketId } from '../../src/tickets/ticket-key.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

export const POISON_UNITS = [
  'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'propertyIsEnumerable',
  'constructor-trust', '__proto__-trust', 'toString-trust',
];

describe('poison unit names', () => {
  const cluster = loadSampleCluster('lab');
  for (const unit of POISON_UNITS) {
    test(`${unit}: planned as an unknown unit, rendered in every format`, () => {
      const plan = buildPlan({ cluster, targets: [targetForUnit(cluster, unit, cluster.nodes[0]!.name)], now: NOW });
      // Markdown escapes the underscores of __proto__.
      for (const out of [renderPlanText(plan), renderPlanHtml(plan), renderPlanMarkdown(plan).replaceAll('\\_', '_')]) {
        assert.ok(out.includes(unit), `${unit} is named in the plan`);
        assert.ok(!out.includes('[native code]'), 'no function text leaked from a prototype lookup');
      }
    });
  }
  test('lookups by wire names see own keys only', () => {
    for (const unit of POISON_UNITS) {
      assert.equal(unitKeyOf(unit), null);
      assert.equal(trustStoreRule(unit).store, unit);
      assert.equal(linkedOwnTicketId('lab', unit, 'ucm-pub.der', cluster), null);
    }
  });
  test('a poison unit beside a genuine one leaves the genuine one planned', () => {
    const plan = buildPlan({
      cluster,
      targets: [target('constructor', [cluster.nodes[0]!.name]), target('CallManager', [cluster.nodes[0]!.name])],
      now: NOW,
    });
    const text = renderPlanText(plan);
    assert.match(text, /set-cert-regen|certificate regen|Regenerate/i);
    assert.ok(text.includes('constructor'));
  });
});
