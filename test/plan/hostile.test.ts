import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, renderPlanHtml, renderPlanMarkdown, renderPlanText } from '../../src/plan/index.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

const EVIL_NODE = 'CUCM<script>alert(1)</script>\n--- Injected phase ---';
const EVIL_CERT = 'evil"><img src=x onerror=alert(2)>.pem\n  99. Fake step\n```\nrm -rf /\n```\n# Injected heading';

function hostilePlan() {
  const base = loadSampleCluster('lab');
  const cluster = {
    ...base,
    name: '<b>Lab</b>\r\n| injected | row |',
    nodes: [...base.nodes.slice(0, 3), { name: EVIL_NODE, addresses: ['192.0.2.99'], roles: ['subscriber' as const] }],
  };
  return buildPlan({
    cluster,
    targets: [
      target('CallManager', [EVIL_NODE]),
      target('tomcat-trust', [EVIL_NODE], { certificate: EVIL_CERT, ticketId: 't<1>\nx' }),
      target('<svg onload=alert(3)>\nunit', [EVIL_NODE]),
    ],
    now: NOW,
  });
}

describe('hostile node and certificate names', () => {
  const plan = hostilePlan();
  test('HTML escapes every value', () => {
    const out = renderPlanHtml(plan);
    assert.ok(!out.includes('<script'), 'no raw script tag');
    assert.ok(!out.includes('<img'), 'no raw img tag');
    assert.ok(!out.includes('<svg'), 'no raw svg tag');
    assert.ok(!out.includes('<b>Lab'), 'no raw markup from the cluster name');
    assert.ok(out.includes('&lt;script&gt;'));
    assert.ok(
      !/ on\w+=/.test(out.replace(/&[a-z#0-9]+;/g, '')) || !out.includes('onerror=alert(2)>'),
      'no live event handler attribute',
    );
  });
  test('text: values cannot start a line of their own', () => {
    const lines = renderPlanText(plan).split('\n');
    assert.ok(!lines.some((l) => l.startsWith('--- Injected')));
    assert.ok(!lines.some((l) => /^\s*99\. Fake step/.test(l)));
    assert.ok(!lines.some((l) => l.trim() === 'rm -rf /'));
    assert.ok(!lines.some((l) => l.startsWith('| injected')));
  });
  test('Markdown: values cannot open blocks, headings, fences or raw HTML', () => {
    const md = renderPlanMarkdown(plan);
    const lines = md.split('\n');
    assert.ok(!lines.some((l) => l.startsWith('# Injected')));
    assert.ok(!lines.some((l) => l.trim() === 'rm -rf /'));
    assert.ok(!lines.some((l) => l.startsWith('| injected')));
    // Outside code spans every "<" must be backslash-escaped.
    assert.ok(!/(^|[^\\])<(script|img|svg|b)\b/im.test(md.replace(/`[^`\n]*`/g, '')), 'no raw HTML outside code spans');
    // Fences stay balanced: every ``` opener has a closer.
    assert.equal(lines.filter((l) => l.startsWith('```')).length % 2, 0);
  });
  test('the hostile certificate name is never pasted into a CLI command', () => {
    const cmds = plan.phases.flatMap((p) => p.steps).flatMap((s) => s.commands);
    assert.ok(!cmds.some((c) => c.includes('onerror') || c.includes('\n')));
  });
});
