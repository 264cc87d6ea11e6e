import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, INVARIANTS, type Plan, type PlanStep } from '../../src/plan/index.js';
import type { PlanOptions } from '../../src/plan/build-plan.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import type { ClusterState } from '../../src/domain/cluster.js';

function plan(cluster: string | ClusterState, targets: PlanTarget[], options: PlanOptions = {}): Plan {
  return buildPlan({
    cluster: typeof cluster === 'string' ? loadSampleCluster(cluster) : cluster,
    targets,
    now: NOW,
    options,
  });
}

function steps(p: Plan): PlanStep[] {
  return p.phases.flatMap((ph) => ph.steps);
}

/** Copy a plan, let fn edit its flat step list, then rebuild phases and numbers the way the engine does. */
function mutate(p: Plan, fn: (steps: PlanStep[], plan: Plan) => PlanStep[] | void): Plan {
  const copy = structuredClone(p);
  const list = steps(copy);
  const edited = fn(list, copy) ?? list;
  edited.forEach((s, i) => {
    s.number = i + 1;
  });
  copy.phases = [{ id: 'all', kind: edited[0]?.phase ?? 'pre-checks', title: 'all', stage: null, steps: edited }];
  return copy;
}

function find(list: PlanStep[], pred: (s: PlanStep) => boolean, what: string): PlanStep {
  const s = list.find(pred);
  assert.ok(s, `fixture has no ${what}`);
  return s;
}

const cmTvs = (): Plan => plan('lab', [target('CallManager'), target('TVS')]);

interface Case {
  invariant: keyof typeof INVARIANTS;
  title: string;
  base: () => Plan;
  broken: (p: Plan) => Plan;
}

const CASES: Case[] = [
  {
    invariant: 'noStepChangesTwoAnchors', title: 'a CallManager step that also changes TVS', base: cmTvs,
    broken: (p) => mutate(p, (l) => {
      find(l, (s) => s.anchors.includes('CallManager'), 'CallManager change').anchors.push('TVS');
    }),
  },
  {
    invariant: 'noStepChangesTwoAnchors', title: 'a step that regenerates CallManager and TVS', base: cmTvs,
    broken: (p) => mutate(p, (l) => {
      find(l, (s) => s.anchors.includes('CallManager'), 'CallManager change').commands.push('set cert regen TVS');
    }),
  },
  {
    invariant: 'ctlUpdateBeforeRestarts', title: 'mixed mode CallManager stage without its CTL update', base: cmTvs,
    broken: (p) => mutate(p, (l) => l.filter((s) => !(s.effects.ctlUpdate && s.stage === 1))),
  },
  {
    invariant: 'ctlUpdateBeforeRestarts',
    title: 'CTL update moved after the restarts',
    base: cmTvs,
    broken: (p) =>
      mutate(p, (l) => {
        const ctl = find(l, (s) => !!s.effects.ctlUpdate && s.stage === 1, 'CTL step');
        const rest = l.filter((s) => s !== ctl);
        const lastRestart = rest
          .map((s, i) => ({ s, i }))
          .filter((x) => x.s.stage === 1 && x.s.phase === 'restart')
          .pop()!;
        rest.splice(lastRestart.i + 1, 0, ctl);
        return rest;
      }),
  },
  {
    invariant: 'ctlUpdateBeforeRestarts',
    title: 'CAPF stage whose CTL update is only conditional in a mixed cluster',
    base: () => plan('lab', [target('CAPF', ['CUCM01'])]),
    broken: (p) =>
      mutate(p, (l) => {
        for (const s of l.filter((x) => x.effects.ctlUpdate)) {
          s.condition = { items: ['securityMode'], text: 'Only if mixed' };
        }
      }),
  },
  {
    invariant: 'itlRecoveryTwoPhase',
    title: 'ITLRecovery without the second phone reset',
    base: () => plan('lab', [target('ITLRecovery')]),
    broken: (p) => mutate(p, (l) => l.filter((s) => !s.title.includes('second pass'))),
  },
  {
    invariant: 'itlRecoveryTwoPhase',
    title: 'ITLRecovery without the reset localkey (non-secure)',
    base: () => plan('lab14', [target('ITLRecovery')]),
    broken: (p) => mutate(p, (l) => l.filter((s) => s.effects.resetLocalkey !== 'itl' || s.stage === null)),
  },
  {
    invariant: 'noCtlWhereNotNeeded',
    title: 'a CTL update in a TVS-only stage',
    base: () => plan('lab', [target('TVS')]),
    broken: (p) =>
      mutate(p, (l) => {
        const gate = find(l, (s) => s.stage === 1 && !!s.effects.gate, 'TVS gate');
        l.splice(l.indexOf(gate), 0, {
          ...structuredClone(gate),
          id: 'x-ctl',
          commands: ['utils ctl update CTLFile'],
          effects: { services: [], ctlUpdate: true },
        });
      }),
  },
  {
    invariant: 'noCtlWhereNotNeeded',
    title: 'a CTL command in a non-secure cluster',
    base: () => plan('lab14', [target('tomcat')]),
    broken: (p) =>
      mutate(p, (l) => {
        l[l.length - 1]!.commands.push('utils ctl update CTLFile');
      }),
  },
  {
    invariant: 'noRegenOfTrustOrCaSigned',
    title: '`set cert regen` for a CA-signed tomcat',
    base: () => plan('lab15', [target('tomcat')]),
    broken: (p) =>
      mutate(p, (l) => {
        find(l, (s) => s.effects.change?.method === 'csr-upload', 'CA upload').commands.push('set cert regen tomcat');
      }),
  },
  {
    invariant: 'noRegenOfTrustOrCaSigned',
    title: '`set cert regen` for a trust store',
    base: () => plan('lab', [target('CallManager-trust', ['CUCM01'], { certificate: 'cube01.pem' })]),
    broken: (p) =>
      mutate(p, (l) => {
        l[l.length - 1]!.commands.push('set cert regen CallManager-trust');
      }),
  },
  {
    invariant: 'orderedTftpOnlyWhereAllowed',
    title: 'ordered-TFTP route on 12.5',
    base: () => plan('lab', [target('CallManager')]),
    broken: (p) =>
      mutate(p, (_l, c) => {
        c.route.used = 'ordered-tftp';
      }),
  },
  {
    invariant: 'orderedTftpOnlyWhereAllowed',
    title: 'ordered-TFTP route with a single TFTP server',
    base: () => plan('lab115', [target('CallManager')], { route: 'ordered-tftp' }),
    broken: (p) =>
      mutate(p, (_l, c) => {
        c.context.tftpServers = ['CUCM115P'];
      }),
  },
  {
    invariant: 'tvsAfterCallManager', title: 'TVS first (as the Security Guide 12.5 orders it)', base: cmTvs,
    broken: () => plan('lab', [target('CallManager'), target('TVS')], { unitOrder: ['tvs', 'callmanager'] }),
  },
  {
    invariant: 'lscReissueAfterPublisherCapf',
    title: 'publisher CAPF with CAPF LSCs and no re-issue',
    base: () => plan('lab', [target('CAPF', ['CUCM01'])]),
    broken: (p) => mutate(p, (l) => l.filter((s) => !s.effects.lscReissue)),
  },
  {
    invariant: 'lscReissueAfterPublisherCapf',
    title: 'LSC re-issue for a subscriber CAPF on 11.5',
    base: () => plan('lab115', [target('CAPF', ['CUCM115S1'])]),
    broken: (p) =>
      mutate(p, (l) => {
        const gate = find(l, (s) => s.stage === 1 && !!s.effects.gate, 'CAPF gate');
        l.splice(l.indexOf(gate) + 1, 0, {
          ...structuredClone(gate),
          id: 'x-lsc',
          effects: { services: [], lscReissue: true },
        });
      }),
  },
  {
    invariant: 'everyStoppedServiceStarted',
    title: 'TFTP stopped on the ordered-TFTP route and never started',
    base: () => plan('lab115', [target('CallManager')], { route: 'ordered-tftp' }),
    broken: (p) => mutate(p, (l) => l.filter((s) => !s.effects.services.some((a) => a.action === 'start'))),
  },
  {
    invariant: 'everyStoppedServiceStarted',
    title: 'Certificate Change Notification stopped on 11.5 and not started',
    base: () => plan('lab115', [target('CallManager-trust', ['CUCM115P'], { certificate: 'cube01.pem' })]),
    broken: (p) =>
      mutate(p, (l) =>
        l.filter(
          (s) =>
            !s.effects.services.some(
              (a) => a.action === 'start' && a.service === 'Cisco Certificate Change Notification',
            ),
        ),
      ),
  },
  {
    invariant: 'everyRestartNamesKnownService', title: 'a restart of a service not in the brief\'s list', base: cmTvs,
    broken: (p) => mutate(p, (l) => {
      const r = find(l, (s) => s.phase === 'restart', 'restart step');
      r.commands[0] = 'utils service restart Cisco CallManager Service';
    }),
  },
  {
    invariant: 'preChecksFirst', title: 'a pre-check after the first change', base: cmTvs,
    broken: (p) => mutate(p, (l) => [...l.slice(1), l[0]!]),
  },
  {
    invariant: 'gateFollowsEachChange', title: 'the CallManager stage without its gate', base: cmTvs,
    broken: (p) => mutate(p, (l) => l.filter((s) => !(s.stage === 1 && s.effects.gate))),
  },
  {
    invariant: 'phonesReRegisterBetweenAnchors',
    title: 'TVS changed without resetting phones after CallManager',
    base: cmTvs,
    broken: (p) => mutate(p, (l) => l.filter((s) => !(s.stage === 1 && s.effects.phoneReset))),
  },
  {
    invariant: 'fn70613WorkaroundFirst',
    title: 'CallManager on a 12.5 tokenless cluster without the FN70613 workaround',
    base: () => plan('lab', [target('CallManager')]),
    broken: (p) => mutate(p, (l) => l.filter((s) => !(s.why.includes('fn70613') && s.phase === 'protect-itl'))),
  },
  {
    invariant: 'fn70613WorkaroundFirst',
    title: 'ITLRecovery on 15 without the FN70613 serial comparison',
    base: () => plan('lab15', [target('ITLRecovery')]),
    broken: (p) => mutate(p, (l) => l.filter((s) => !(s.why.includes('fn70613') && s.phase === 'pre-checks'))),
  },
  {
    invariant: 'itlRecoveryByVersion',
    title: 'ITLRecovery on an 11.5 eToken cluster with the local-key round (B2)',
    base: () => plan('lab115', [target('ITLRecovery')]),
    broken: (p) =>
      mutate(p, (l) => {
        const ctl = find(l, (s) => s.stage === 1 && !!s.effects.ctlUpdate, 'CTL update');
        l.splice(l.indexOf(ctl), 0, {
          ...structuredClone(ctl),
          id: 'x-localkey',
          commands: ['utils ctl reset localkey'],
          effects: { services: [], resetLocalkey: 'ctl' },
        });
      }),
  },
  {
    invariant: 'itlRecoveryByVersion',
    title: 'ITLRecovery on 11.5 tokenless expecting an ITL signed by ITLRecovery (M1)',
    base: () => plan({ ...loadSampleCluster('lab115'), ctlSigner: 'tokenless' }, [target('ITLRecovery')]),
    broken: (p) =>
      mutate(p, (l) => {
        find(l, (s) => s.stage === 1 && !!s.effects.gate, 'gate').expect = [
          '`show itl` on every TFTP node is signed by the new ITLRecovery certificate and verifies.',
        ];
      }),
  },
  {
    invariant: 'itlRecoveryByVersion',
    title: 'ITLRecovery on 11.5 without the TVS restart',
    base: () => plan('lab115', [target('ITLRecovery')]),
    broken: (p) =>
      mutate(p, (l) =>
        l.filter(
          (s) => !(s.stage === 1 && s.effects.services.some((a) => a.service === 'Cisco Trust Verification Service')),
        ),
      ),
  },
  {
    invariant: 'capfTrustBeforeLscReissue',
    title: 'ISE gets the new CAPF after the LSC re-issue (as before review 2)',
    base: () => plan('lab115', [target('CAPF', ['CUCM115P'])]),
    broken: (p) =>
      mutate(p, (l) => {
        const ise = find(l, (s) => s.effects.trustPush === 'CAPF', 'ISE upload');
        const rest = l.filter((s) => s !== ise);
        rest.splice(rest.findIndex((s) => s.effects.lscReissue) + 1, 0, ise);
        return rest;
      }),
  },
  {
    invariant: 'phoneItlCheckBelow14',
    title: 'an 11.5 CallManager gate that looks only at the server (as before review 2)',
    base: () => plan('lab115', [target('CallManager')]),
    broken: (p) =>
      mutate(p, (l) => {
        for (const s of l) delete s.effects.phoneItlCheck;
      }),
  },
  {
    invariant: 'noTomcat14ServicesBefore14',
    title: 'Cisco SSOSP Tomcat restarted on 12.5 (as before review 2)',
    base: () =>
      plan({ ...loadSampleCluster('lab125'), sso: { enabled: true, certificate: 'per-node-tomcat' } }, [
        target('tomcat'),
      ]),
    broken: (p) =>
      mutate(p, (l) => {
        const r = find(l, (s) => s.commands.includes('utils service restart Cisco Tomcat'), 'tomcat restart');
        r.commands.push('utils service restart Cisco SSOSP Tomcat');
        r.effects.services.push({ action: 'restart', service: 'Cisco SSOSP Tomcat', nodes: r.nodes });
      }),
  },
  {
    invariant: 'tomcatRestartsCompleteOn14',
    title: 'a 15 tomcat change without Cisco AXL Tomcat and DRF (as before review 2)',
    base: () => plan('lab15', [target('tomcat')]),
    broken: (p) =>
      mutate(p, (l) => {
        for (const s of l) s.effects.services = s.effects.services.filter((a) => !/AXL|DRF/.test(a.service));
      }),
  },
  {
    invariant: 'nonSbdCtlDeleteWhenSignerChanges',
    title: 'ITLRecovery on 12.5 tokenless without the manual CTL delete (as before review 2)',
    base: () => plan('lab', [target('ITLRecovery')]),
    broken: (p) => mutate(p, (l) => l.filter((s) => !s.effects.manualCtlDelete)),
  },
  {
    invariant: 'nonSbdCtlDeleteWhenSignerChanges',
    title: 'publisher CallManager on 11.5 tokenless without the non-SBD pre-check',
    base: () => plan({ ...loadSampleCluster('lab115'), ctlSigner: 'tokenless' }, [target('CallManager')]),
    broken: (p) => mutate(p, (l) => l.filter((s) => !(s.phase === 'pre-checks' && s.why.includes('4.1.4-non-sbd')))),
  },
  {
    invariant: 'lscReissueDoesNotBlock',
    title: 'the LSC check inside the CAPF step, before CallManager (as before review 2)',
    base: () => plan('lab', [target('CAPF', ['CUCM01']), target('CallManager')]),
    broken: (p) =>
      mutate(p, (l) => {
        const gate = find(l, (s) => !!s.effects.gate && s.why.includes('4.2-capf-lsc'), 'LSC gate');
        const rest = l.filter((s) => s !== gate);
        rest.splice(rest.findIndex((s) => s.effects.lscReissue) + 1, 0, { ...gate, stage: 1 });
        return rest;
      }),
  },
  {
    invariant: 'subscriberCapfWithoutPhoneWork',
    title: 'a subscriber CAPF on 11.5 with a CTL update and phone resets (as before review 2, m1)',
    base: () => plan('lab115', [target('CAPF', ['CUCM115S1'])]),
    broken: (p) =>
      mutate(p, (l) => {
        const gate = find(l, (s) => s.stage === 1 && !!s.effects.gate, 'CAPF gate');
        l.splice(
          l.indexOf(gate),
          0,
          { ...structuredClone(gate), id: 'x-ctl', effects: { services: [], ctlUpdate: true } },
          { ...structuredClone(gate), id: 'x-reset', effects: { services: [], phoneReset: true } },
        );
      }),
  },
  {
    invariant: 'impUnitsLeavePhonesAlone',
    title: 'a cup-xmpp stage that resets the phones',
    base: () => plan('lab', [target('cup-xmpp')]),
    broken: (p) =>
      mutate(p, (l) => {
        find(l, (s) => s.stage === 1 && s.phase === 'restart', 'XCP Router restart').effects.phoneReset = true;
      }),
  },
  {
    invariant: 'impUnitsLeavePhonesAlone',
    title: 'a cup change without its Cisco SIP Proxy restart',
    base: () => plan('lab', [target('cup')]),
    broken: (p) =>
      mutate(p, (l) => {
        for (const s of l) s.effects.services = s.effects.services.filter((a) => a.service !== 'Cisco SIP Proxy');
      }),
  },
];

describe('each invariant check passes a good plan and catches a broken one', () => {
  for (const c of CASES) {
    test(`${c.invariant}: ${c.title}`, () => {
      const good = c.base();
      assert.deepEqual(INVARIANTS[c.invariant]!(good), [], 'the base plan must satisfy the invariant');
      const bad = c.broken(good);
      const v = INVARIANTS[c.invariant]!(bad);
      assert.ok(v.length > 0, 'the broken plan must be caught');
      assert.ok(v.every((x) => x.invariant === c.invariant));
    });
  }
  test('every invariant has at least one breaking case', () => {
    assert.deepEqual([...new Set(CASES.map((c) => c.invariant))].sort(), Object.keys(INVARIANTS).sort());
  });
});
