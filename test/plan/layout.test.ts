// Issue 8, "one page per trust anchor" and "order by deadline": the layout, dated steps, undo and discovery.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, renderPlanHtml, renderPlanMarkdown, renderPlanText } from '../../src/plan/index.js';
import { planDocument } from '../../src/plan/render/document.js';
import { wrap } from '../../src/plan/render/text.js';
import { zonedDateTime, zonedDay } from '../../src/render/zoned-date.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

const inDays = (days: number): Partial<PlanTarget> => ({
  expiresAt: new Date(NOW.getTime() + days * 86_400_000).toISOString(), expiresAtPrecision: 'exact', urgency: 'week',
});

describe('dates a person reads', () => {
  test('are in the zone with UTC beside them, the UTC day repeated only when it differs', () => {
    assert.equal(zonedDateTime('2026-11-25T09:00:00Z', 'Europe/Berlin'), '2026-11-25 10:00 CET (09:00 UTC)');
    assert.equal(zonedDateTime('2026-11-25T23:30:00Z', 'Europe/Berlin'), '2026-11-26 00:30 CET (2026-11-25 23:30 UTC)');
    assert.equal(zonedDateTime('2026-07-01T12:00:00Z', 'America/New_York'), '2026-07-01 08:00 EDT (12:00 UTC)');
    assert.equal(zonedDateTime('2026-11-25T09:00:00Z', 'UTC'), '2026-11-25 09:00 UTC');
    assert.equal(zonedDay('2026-11-25T23:30:00Z', 'Europe/Berlin'), '2026-11-26');
  });
  test("the plan header and certificate table use the publisher's zone; one certificate needs no table", () => {
    const two = renderPlanText(
      buildPlan({
        cluster: loadSampleCluster('lab'),
        targets: [target('tomcat', ['CUCM01'], inDays(20)), target('TVS', ['CUCM01'], inDays(30))],
        now: NOW,
      }),
    );
    assert.match(two, /Generated 2026-11-20 10:00 CET \(09:00 UTC\)/);
    assert.match(two, /tomcat +CUCM01 +2026-12-10 10:00 CET \(09:00 UTC\) +20 d/);
    const one = renderPlanText(
      buildPlan({ cluster: loadSampleCluster('lab'), targets: [target('tomcat', ['CUCM01'], inDays(20))], now: NOW }),
    );
    assert.doesNotMatch(one, /^Certificates$/m);
    assert.match(
      one,
      /^Deadline +Renew before 2026-12-10 10:00 CET \(09:00 UTC\) \(20 day\(s\) left; tomcat on CUCM01\)/m,
    );
  });
});

describe('text wrapping', () => {
  test('no line over 100 characters, words kept in order, long words cut, always ends', () => {
    const text = `${'word '.repeat(60)}${'x'.repeat(250)} end`;
    const lines = wrap(text, 4, 3);
    assert.ok(lines.every((l) => l.length <= 100));
    assert.equal(lines.join(' ').replace(/\s+/g, ''), text.replace(/\s+/g, ''));
    assert.ok(lines.slice(1).every((l) => l.startsWith('       ')), 'continuation lines hang');
    assert.ok(wrap('a b', 95, 20).every((l) => l.length <= 100), 'an indent near the width still terminates');
  });
  test('a value never puts a step number or a warning mark at the start of a continuation', () => {
    const lines = wrap(`${'a'.repeat(60)} ${'b'.repeat(30)} 99. Fake step`, 0, 4);
    assert.ok(!lines.some((l) => /^\s*99\./.test(l)), lines.join('\n'));
  });
});

describe('one section per trust anchor', () => {
  const plan = buildPlan({
    cluster: loadSampleCluster('lab115'),
    targets: ['CUCM115P', 'CUCM115S1', 'CUCM115S2']
      .map((n) => target('CallManager', [n], inDays(40)))
      .concat(target('TVS', ['CUCM115P'], inDays(40))),
    now: NOW,
  });
  const doc = planDocument(plan);
  test('each stage is one section with its day; the per-node change is one action with the nodes, not one per node', () => {
    const steps = doc.sections.filter((s) => s.kind === 'step');
    assert.deepEqual(
      steps.map((s) => s.title),
      ['Step 1 of 2: CallManager (2026-11-20)', 'Step 2 of 2: TVS (2026-11-27)'],
    );
    const regen = steps[0]!.actions.filter((a) => /^Regenerate CallManager/.test(a.title));
    assert.equal(regen.length, 1, 'one action for the three nodes');
    assert.deepEqual(regen[0]!.nodes, ['CUCM115P', 'CUCM115S1', 'CUCM115S2']);
  });
  test('rolling restarts: one line where the nodes restart the same services (or one run is a single service)', () => {
    const [cm, tvs] = doc.sections
      .filter((s) => s.kind === 'step')
      .map((s) => s.actions.find((a) => a.howTo === 'restarts'));
    // Two runs of several services each are a table, a run sharing its row; TVS and Tftp, then Tftp alone, is a
    // sentence.
    assert.deepEqual(
      cm?.table?.map((r) => [r.node, r.commands.join()]),
      [
        ['CUCM115P -> CUCM115S1', 'CallManager, CTIManager, TVS, Tftp'],
        ['CUCM115S2', 'CallManager, CTIManager, TVS'],
      ],
    );
    assert.equal(tvs?.title, 'Restart TVS, Tftp on CUCM115P, then Tftp on CUCM115S1 (How to)');
    assert.equal(tvs.table, null);
    // Service names without "Cisco ", the short ones spelled out once, in the How to.
    const howTo = doc.sections.find((s) => s.id === 'how-to')?.actions[0]?.text ?? '';
    assert.match(howTo, /utils service restart Cisco <service>/);
    assert.match(howTo, /TVS = Trust Verification Service\.$/);
    assert.match(howTo, /Calls on a node drop while its CallManager restarts/);
  });
  test('a plan that restarts no CallManager and names no TVS or CAPF says neither in its How to', () => {
    const tomcat = planDocument(
      buildPlan({ cluster: loadSampleCluster('review-b'), targets: [target('tomcat', [], inDays(6))], now: NOW }),
    );
    const howTo = tomcat.sections.find((s) => s.id === 'how-to')?.actions[0]?.text ?? '';
    assert.match(howTo, /utils service restart Cisco <service>/);
    assert.doesNotMatch(howTo, /CallManager|TVS|CAPF/);
  });
  test('rolling restarts that differ from node to node are a table of node and services, in order', () => {
    const capf = planDocument(
      buildPlan({
        cluster: loadSampleCluster('lab115'),
        targets: [target('CAPF', ['CUCM115P'], inDays(40))],
        now: NOW,
      }),
    );
    const restart = capf.sections.flatMap((s) => s.actions).find((a) => a.howTo === 'restarts');
    assert.equal(restart?.title, 'Restart the services, node by node in this order (How to)');
    assert.deepEqual(
      restart.table?.map((r) => [r.node, r.commands.join()]),
      [
        ['CUCM115P', 'CAPF, TVS, Tftp'],
        ['CUCM115S1', 'TVS, Tftp'],
        ['CUCM115S2', 'TVS'],
      ],
    );
  });
  test('a run of nodes shares a table row only while the node column stays narrow; a longer run is a row per node', () => {
    const inReviewC = (unit: string) =>
      planDocument(
        buildPlan({ cluster: loadSampleCluster('review-c'), targets: [target(unit, [], inDays(30))], now: NOW }),
      )
        .sections.flatMap((s) => s.actions)
        .find((a) => a.howTo === 'restarts')
        ?.table?.map((r) => r.node);
    assert.deepEqual(inReviewC('CAPF'), ['CUCMC-PUB', 'CUCMC-SUB1 -> CUCMC-SUB2', 'CUCMC-SUB3']);
    assert.deepEqual(inReviewC('CallManager'), ['CUCMC-PUB', 'CUCMC-SUB1', 'CUCMC-SUB2', 'CUCMC-SUB3']);
  });
  test('a pre-check run on several nodes names them in its title when it drops the node list', () => {
    for (const sample of ['lab', 'lab115', 'review-c', 'review-e']) {
      const p = buildPlan({
        cluster: loadSampleCluster(sample),
        targets: [target('CallManager', [], inDays(30))],
        now: NOW,
      });
      const steps = p.phases.filter((ph) => ph.kind === 'pre-checks').flatMap((ph) => ph.steps);
      const actions = planDocument(p).sections.find((s) => s.kind === 'pre-checks')!.actions;
      for (const s of steps.filter((x) => x.nodes.length > 1 && x.commands.length > 0)) {
        const a = actions.find((x) => x.title.startsWith(s.title.slice(0, 20)));
        assert.ok(a && /every|each/.test(a.title), `${sample}: "${s.title}" on ${s.nodes.join(', ')}`);
      }
    }
  });
  test('no rule ids inside steps: reasons are numbered references to the appendix', () => {
    const text = renderPlanText(plan);
    const body = text.slice(0, text.indexOf('=== Appendix'));
    assert.doesNotMatch(body, /Why:|4\.2-callmanager|4\.1\.1-one-anchor/);
    assert.match(text, /=== Appendix: why each action is there/);
    assert.ok(doc.appendix.length > 3 && doc.appendix.every((a, i) => a.n === i + 1));
  });
  test('HTML prints each step on its own page', () => {
    const out = renderPlanHtml(plan);
    assert.equal(out.match(/<section style="break-before:page;page-break-before:always" id="step-\d+">/g)?.length, 2);
  });
  test('Markdown has one heading per step', () => {
    const md = renderPlanMarkdown(plan);
    assert.equal(md.match(/^## Step \d of 2: /gm)?.length, 2);
  });
});

describe('order by deadline, dated steps', () => {
  const cluster = loadSampleCluster('lab115');
  test('steps are PLAN_STEP_GAP_DAYS apart from the plan\'s day', () => {
    const targets = [target('CallManager', ['CUCM115P'], inDays(60)), target('TVS', ['CUCM115P'], inDays(60))];
    assert.deepEqual(
      buildPlan({ cluster, targets, now: NOW }).stages.map((s) => s.date),
      ['2026-11-20', '2026-11-27'],
    );
    assert.deepEqual(
      buildPlan({ cluster, targets, now: NOW, options: { stepGapDays: 14 } }).stages.map((s) => s.date),
      ['2026-11-20', '2026-12-04'],
    );
  });
  test('a step whose certificate expires before its day is pulled earlier, and says it comes closer than the gap', () => {
    const plan = buildPlan({
      cluster,
      targets: [target('CallManager', ['CUCM115P'], inDays(3)), target('TVS', ['CUCM115P'], inDays(3))],
      now: NOW,
    });
    assert.deepEqual(
      plan.stages.map((s) => [s.date, s.late]),
      [
        ['2026-11-20', false],
        ['2026-11-22', false],
      ],
    );
    assert.ok(
      plan.notices.some((n) =>
        /^Step 2 \(TVS\) on 2026-11-22: 5 day\(s\) earlier than the usual gap.*only 2 day\(s\) after the step before it/.test(
          n,
        ),
      ),
      plan.notices.join('\n'),
    );
  });
  test('non-anchor steps follow the step before them the next day; anchors keep the gap', () => {
    const plan = buildPlan({
      cluster,
      targets: [
        target('tomcat', ['CUCM115P'], inDays(60)),
        target('ipsec', ['CUCM115P'], inDays(60)),
        target('CallManager', ['CUCM115P'], inDays(60)),
        target('TVS', ['CUCM115P'], inDays(60)),
      ],
      now: NOW,
    });
    assert.deepEqual(
      plan.stages.map((s) => `${s.unit} ${s.date}`),
      ['tomcat 2026-11-20', 'ipsec 2026-11-21', 'CallManager 2026-11-22', 'TVS 2026-11-29'],
    );
  });
  test('when no order meets every deadline the plan names the first certificate late and what it breaks', () => {
    // Both expire before the second day: TVS cannot come after CallManager's gate in time.
    const plan = buildPlan({
      cluster,
      targets: [target('CallManager', ['CUCM115P'], inDays(0.5)), target('TVS', ['CUCM115P'], inDays(0.8))],
      now: NOW,
    });
    assert.deepEqual(
      plan.stages.map((s) => s.late),
      [false, true],
    );
    const notice = plan.notices.find((n) => n.startsWith('No order meets every deadline'));
    assert.ok(notice, plan.notices.join('\n'));
    assert.match(notice, /TVS expires 2026-11-21 05:12 CET \(04:12 UTC\), before its step on 2026-11-27/);
    assert.match(notice, /Until it is replaced: TVS: phones cannot verify/);
    assert.ok(
      !buildPlan({
        cluster,
        targets: [target('CallManager', ['CUCM115P'], inDays(30)), target('TVS', ['CUCM115P'], inDays(30))],
        now: NOW,
      }).notices.some((n) => n.startsWith('No order')),
    );
  });
});

describe('undo per section', () => {
  test("CA-signed tomcat: the CA re-issues or self-signed with the step's recipe (the old certificate cannot go back), the SSO recovery URL", () => {
    const plan = buildPlan({
      cluster: loadSampleCluster('lab15'),
      targets: [target('tomcat', ['CUCM15P'], inDays(20))],
      now: NOW,
    });
    const undo = plan.stages[0]!.undo.join('\n');
    assert.match(undo, /no way back to the old key/);
    assert.match(undo, /or `set cert regen tomcat` \(self-signed\) and redo this step's restarts and partner updates/);
    assert.match(undo, /https:\/\/CUCM15P:8443\/ssosp\/local\/login/);
    assert.match(renderPlanText(plan), /^Undo:$/m);
  });
  test('a multi-server SAN certificate falls back to a multi-server one, never to `set cert regen`', () => {
    const plan = buildPlan({
      cluster: loadSampleCluster('review-c'),
      targets: [target('tomcat', [], inDays(20))],
      now: NOW,
    });
    const undo = plan.stages[0]!.undo.join('\n');
    assert.match(undo, /tomcat \(multi-server SAN\): .*Generate Self-signed \(Multi-server\(SAN\)\) on the publisher/);
    assert.doesNotMatch(undo, /set cert regen/);
  });
  test('self-signed CallManager: the key cannot come back, so the undo says to stop and recover', () => {
    const plan = buildPlan({
      cluster: loadSampleCluster('lab115'),
      targets: [target('CallManager', ['CUCM115P'], inDays(20))],
      now: NOW,
    });
    assert.match(
      plan.stages[0]!.undo.join('\n'),
      /the old key is gone\. If the gate fails, stop and see "If something goes wrong"/,
    );
  });
});

describe('a cluster whose basic state is unknown gets a discovery checklist', () => {
  const plan = buildPlan({
    cluster: unknownCluster('dc1', 'DC1'),
    targets: [target('CallManager', ['cucm01'], inDays(10)), target('tomcat', ['cucm01'], inDays(10))],
    now: NOW,
  });
  test("it asks for the nodes, version, security mode, CTL signer, signing and tomcat's reuse, and outlines the order of work", () => {
    assert.deepEqual(
      plan.discovery?.items.map((i) => i.item),
      ['nodes', 'version', 'securityMode', 'ctlSigner', 'signing', 'tomcatReusedAsCallManager'],
    );
    assert.deepEqual(
      plan.discovery?.outline.map((o) => o.replace(/ \(.*/, '')),
      ['Step 1', 'Step 2'],
    );
  });
  test('the text is the checklist (at most 40 lines) and no runnable step', () => {
    const text = renderPlanText(plan);
    const start = text.indexOf('=== Before anything else');
    const end = text.indexOf('=== Order of work');
    assert.ok(start > 0 && end > start);
    assert.ok(text.slice(start, end).split('\n').length <= 40, text.slice(start, end));
    assert.match(text, /admin: show version active/);
    assert.doesNotMatch(text, /set cert regen|=== Step 1/);
  });
  test('a known cluster gets runnable steps, no checklist', () => {
    assert.equal(
      buildPlan({
        cluster: loadSampleCluster('lab115'),
        targets: [target('CallManager', ['CUCM115P'], inDays(20))],
        now: NOW,
      }).discovery,
      null,
    );
  });
});

describe('no hedge the cluster\'s state already answers', () => {
  test('the self-signed multi-SAN hint (14+) appears only where the version may be 14+', () => {
    const hint = (version: string): boolean => {
      const cluster = { ...loadSampleCluster('lab125'), version, signing: { tomcat: 'multi-san' as const } };
      const plan = buildPlan({ cluster, targets: [target('tomcat', ['CUCM125P'], inDays(20))], now: NOW });
      return plan.phases
        .flatMap((p) => p.steps)
        .some((s) => s.warnings.some((w) => w.startsWith('Or self-signed (14+)')));
    };
    assert.equal(hint('12.5(1)SU6'), false);
    assert.equal(hint('14SU2'), true);
  });
});

describe('said once on paper (issue 8 budgets)', () => {
  const lab115 = buildPlan({
    cluster: loadSampleCluster('lab115'),
    targets: [target('CallManager', ['CUCM115P'], inDays(20))],
    now: NOW,
  });
  const text = renderPlanText(lab115);
  test('the restarts and phone resets are described once, in the How to; the actions point to it', () => {
    const doc = planDocument(lab115);
    const howTo = doc.sections.find((s) => s.id === 'how-to');
    assert.deepEqual(howTo?.actions.map((a) => a.title), ['Restarts', 'Phone resets']);
    const actions = doc.sections.flatMap((s) => s.actions);
    const resets = actions.filter((a) => a.howTo === 'phone-resets');
    assert.ok(resets.length > 0 && resets.every((a) => a.title.endsWith('(How to)') && a.gui.length === 0 && !a.text));
    assert.equal(text.replace(/\s+/g, ' ').match(/Never Enterprise Parameters > Reset/g)?.length, 1);
    // The plan's own steps keep every text for tools.
    assert.ok(
      lab115.phases
        .flatMap((p) => p.steps)
        .filter((s) => s.effects.phoneReset)
        .every((s) => s.warnings.some((w) => w.startsWith('Never Enterprise Parameters > Reset'))),
    );
  });
  test('the administration pages\' long names are shortened on paper, the header says how; the JSON keeps them', () => {
    assert.doesNotMatch(text, /Cisco Unified CM Administration >/);
    assert.match(text, /^GUI +CM Admin, OS Admin = Cisco Unified CM, OS Administration$/m);
    assert.ok(JSON.stringify(lab115.phases).includes('Cisco Unified CM Administration >'));
  });
  test('a lone command or page goes on the title line when that saves a line', () => {
    assert.match(text, /^\d+\. NTP synchronised on every node: `utils ntp status`$/m);
    assert.match(
      text,
      /^\d+\. Every CallManager Group in use has 2\+ servers: CM Admin > System > Cisco Unified CM Group$/m,
    );
  });
  test('a plain standard route is one header line, not an action; one with an option stays an action', () => {
    const plain = renderPlanText(
      buildPlan({
        cluster: loadSampleCluster('lab125'),
        targets: [target('CallManager', ['CUCM125P'], inDays(20))],
        now: NOW,
      }),
    );
    assert.match(plain, /^Route +standard: one certificate type at a time, TVS untouched while CallManager changes$/m);
    assert.doesNotMatch(plain, /ITL route: standard/);
    // 11.5 with two TFTP servers: the ordered-TFTP option is worth an action of its own.
    assert.match(text, /^\d+\. ITL route: standard/m);
    assert.match(text, /ordered-TFTP route is available/);
  });
  test('the FN70613 workaround is one action pointing to the How to; the JSON keeps its steps', () => {
    const p = buildPlan({
      cluster: loadSampleCluster('lab125'),
      targets: [target('CallManager', ['CUCM125P'], inDays(20))],
      now: NOW,
    });
    const doc = planDocument(p);
    const fn = doc.sections.flatMap((s) => s.actions).filter((a) => a.title.startsWith('FN70613 workaround'));
    assert.equal(fn.length, 1);
    assert.equal(fn[0]!.howTo, 'ctl-two-passes');
    assert.ok(
      doc.sections.find((s) => s.id === 'how-to')?.actions.some((a) => a.text.includes('utils ctl reset localkey')),
    );
    assert.ok(
      p.phases.flatMap((x) => x.steps).filter((s) => s.why.includes('fn70613') && s.phase === 'protect-itl').length >=
        6,
    );
  });
  test('a condition that adds to another says so by its label', () => {
    const p = buildPlan({
      cluster: loadSampleCluster('lab115'),
      targets: [target('CallManager-trust', ['CUCM115P'], { ...inDays(20), certificate: 'cube-sbc-01.pem' })],
      now: NOW,
    });
    const conds = planDocument(p).sections.flatMap((s) => s.conditions);
    const still = conds.find((c) => c.text.startsWith('Only if the old entry is still listed'));
    if (conds.some((c) => c.text.startsWith('Only if the check confirms'))) {
      assert.match(still?.text ?? '', /, and C\d\.$/);
    }
    else assert.ok(still && !still.text.includes('Only if the check confirms'));
  });
});

describe('trust-entry plans and deletions', () => {
  test("a partner's trust entry leaves the ITL out: no ITL pre-checks, no phone-trust recovery", () => {
    const p = buildPlan({
      cluster: loadSampleCluster('lab115'),
      targets: [target('CallManager-trust', ['CUCM115P'], { ...inDays(20), certificate: 'cube-sbc-01.pem' })],
      now: NOW,
    });
    const all = p.phases.flatMap((x) => x.steps);
    assert.ok(!all.some((s) => s.phase === 'pre-checks' && s.commands.includes('show itl')));
    assert.ok(!all.some((s) => s.phase === 'if-something-goes-wrong' && s.title.startsWith('Phones lost trust')));
    const cm = buildPlan({
      cluster: loadSampleCluster('lab115'),
      targets: [target('CallManager', ['CUCM115P'], inDays(20))],
      now: NOW,
    });
    assert.ok(
      cm.phases.flatMap((x) => x.steps).some((s) => s.phase === 'pre-checks' && s.commands.includes('show itl')),
    );
  });
  test('an old CAPF leaves CAPF-trust and CallManager-trust within one stop and start of Certificate Change Notification', () => {
    const p = buildPlan({
      cluster: loadSampleCluster('lab115'),
      targets: [target('CAPF-trust', ['CUCM115P'], { ...inDays(20), certificate: 'CAPF-8e1f2a3b.pem' })],
      now: NOW,
    });
    const stage = p.phases.flatMap((x) => x.steps).filter((s) => s.stage === 1);
    const ccn = (verb: string): number =>
      stage.filter((s) => s.commands.includes(`utils service ${verb} Cisco Certificate Change Notification`)).length;
    assert.equal(ccn('stop'), 1);
    assert.equal(ccn('start'), 1);
    const deleted = stage.filter((s) => s.effects.change?.method === 'trust-delete').map((s) => s.effects.change!.unit);
    assert.deepEqual([...new Set(deleted)], ['CAPF-trust', 'CallManager-trust']);
  });
  test('the old CAPF deletion in the clean-up stops and starts Certificate Change Notification on 11.5 and lower', () => {
    const p = buildPlan({
      cluster: loadSampleCluster('lab115'),
      targets: [target('CAPF', ['CUCM115P'], inDays(20))],
      now: NOW,
    });
    const clean = p.phases.filter((x) => x.kind === 'clean-up').flatMap((x) => x.steps);
    const del = clean.findIndex((s) => s.title.startsWith('Delete the old CAPF'));
    assert.ok(del > 0);
    assert.deepEqual(clean[del - 1]!.commands, ['utils service stop Cisco Certificate Change Notification']);
    assert.deepEqual(clean[del + 1]!.commands, ['utils service start Cisco Certificate Change Notification']);
    assert.ok(clean[del]!.commands.includes('set cert delete CAPF <old CAPF file>'));
  });
});

describe('the How to says the CTL\'s two passes once', () => {
  test('with the FN70613 workaround in the plan, the recovery points to the How to instead of repeating the passes', () => {
    const doc = planDocument(
      buildPlan({
        cluster: loadSampleCluster('lab125'),
        targets: [target('CallManager', ['CUCM125P'], inDays(40))],
        now: NOW,
      }),
    );
    const howTo = doc.sections.find((s) => s.id === 'how-to')!.actions.map((a) => a.title);
    assert.ok(howTo.includes('The CTL in two passes with the local key'), howTo.join());
    const recovery = doc.sections
      .find((s) => s.kind === 'recovery')!
      .actions.find((a) => a.title.includes('`utils ctl reset localkey`'));
    assert.equal(recovery?.howTo, 'ctl-two-passes');
    assert.deepEqual([recovery.text, recovery.commands], ['', []]);
  });
  test('without it, the recovery keeps its own commands and the How to lists no two passes', () => {
    // CAPF is no FN70613 anchor: no workaround, but the recovery of a mixed tokenless cluster has the two passes.
    const doc = planDocument(
      buildPlan({ cluster: loadSampleCluster('lab15'), targets: [target('CAPF', [], inDays(40))], now: NOW }),
    );
    assert.ok(!doc.sections.find((s) => s.id === 'how-to')?.actions.some((a) => /two passes/.test(a.title)));
    const recovery = doc.sections
      .find((s) => s.kind === 'recovery')
      ?.actions.find((a) => a.title.includes('`utils ctl reset localkey`'));
    assert.ok(recovery);
    assert.equal(recovery.howTo, undefined);
    assert.match(
      `${recovery.title} ${recovery.text} ${recovery.commands.join(' ')}`,
      /utils ctl reset localkey.*utils ctl update CTLFile/,
    );
    assert.match(recovery.text, /After each: restart CallManager, CTIManager on every node/);
  });
});
