// Step templates every stage uses: restarts node by node, CTL update branches, batched phone resets, gates, deletions.
import type { Cond } from '../rules/conditions.js';
import type { RuleId } from '../rules/rule-catalogue.js';
import { IMP_SERVICES, SERVICES, type ServiceKey } from '../rules/services.js';
import type { NodeSet } from '../rules/units.js';
import type { PhaseKind, PlanStep } from '../types.js';
import { PHONE_INTERACTION } from '../rules/state-checks.js';
import type { PlanBuilder } from './builder.js';
import { PLACEHOLDER } from './topology.js';

/** Said once in a plan's "How to" (render/document.ts), so the restart tables need not repeat it. */
export const CALLMANAGER_RESTART_CAUTION = 'Calls on a node drop while its Cisco CallManager restarts (phones fail over within their group).';

export interface RestartItem {
  service: ServiceKey;
  on: NodeSet;
  when?: Cond[];
  note?: string;
  why: string;
}

/** One restart step per node (publisher first), services in table order; undecided services in their own step. */
export function restartSteps(b: PlanBuilder, key: string, items: RestartItem[], changed: string[], phase: PhaseKind = 'restart', extraWarnings: string[] = []): PlanStep[] {
  const perNode = new Map<string, RestartItem[]>();
  for (const item of items) {
    if (b.holds(item.when) === 'no') continue;
    for (const node of b.topo.resolve(item.on, changed)) {
      if ((b.topo.isImp(node) || node === PLACEHOLDER.imp) && !IMP_SERVICES.has(item.service)) continue;
      const list = perNode.get(node) ?? [];
      if (!list.some((x) => x.service === item.service)) list.push(item);
      perNode.set(node, list);
    }
  }
  const out: PlanStep[] = [];
  for (const node of b.topo.order([...perNode.keys()])) {
    const list = perNode.get(node) ?? [];
    const groups = new Map<string, RestartItem[]>();
    for (const item of list) {
      const g = b.holds(item.when) === 'yes' ? '' : JSON.stringify(item.when ?? []);
      groups.set(g, [...(groups.get(g) ?? []), item]);
    }
    for (const [g, group] of groups) {
      const names = group.map((x) => SERVICES[x.service]);
      const notes = group.filter((x) => x.note).map((x) => `${SERVICES[x.service]}: ${x.note}`);
      // The wait between nodes is said by the restart table itself; what is particular to a service is said here.
      const warnings = [
        ...(group.some((x) => x.service === 'callManager') ? [CALLMANAGER_RESTART_CAUTION] : []),
        ...notes,
        ...extraWarnings,
      ];
      const step = b.add(phase, {
        key: `${key}-restart-${node}${g ? '-cond' : ''}`,
        title: `Restart ${names.join(', ')} on ${node}`,
        action: `On ${node}, restart ${names.length > 1 ? 'these services one after the other' : 'the service'}.`,
        commands: names.map((n) => `utils service restart ${n}`),
        nodes: [node],
        warnings,
        why: [...new Set(group.map((x) => x.why))],
        expect: [`${names.join(', ')} [STARTED] in \`utils service list\` on ${node}.`],
        effects: { services: names.map((service) => ({ action: 'restart' as const, service, nodes: [node] })) },
        when: g ? group[0]!.when : [],
      });
      if (step) out.push(step);
    }
  }
  return out;
}

/** The mixed-mode CTL update (brief 4.1.4): tokenless on the publisher, or the CTL Client with an original eToken. */
export function ctlUpdateSteps(b: PlanBuilder, key: string, why: string[], tokenlessWarnings: string[] = []): PlanStep[] {
  const out: PlanStep[] = [];
  const tokenless = b.add('update-ctl', {
    key: `${key}-ctl-tokenless`,
    title: 'After the last node, before any restart or reset: update the CTL (tokenless)',
    action: '',
    commands: ['utils ctl update CTLFile'],
    nodes: [b.topo.publisher],
    warnings: tokenlessWarnings,
    why: ['4.1.4-ctl-update', ...why],
    expect: ['`show ctl` lists the new serial numbers and verifies.'],
    effects: { ctlUpdate: true },
    when: [{ securityMode: 'mixed' }, { anyOf: [{ ctlSigner: 'tokenless' }, { version: { from: '14' } }] }],
  });
  if (tokenless) out.push(tokenless);
  const etoken = b.add('update-ctl', {
    key: `${key}-ctl-etoken`,
    title: 'After the last node, before any restart or reset: update the CTL with the CTL Client (eTokens)',
    action: '',
    gui: ['Cisco CTL Client (Windows PC) > the publisher > Update CTL File, with an original eToken and its password'],
    nodes: ['CTL Client PC', b.topo.publisher],
    // Tokenless wording stays on the tokenless step (review m2).
    warnings: ['Only an eToken that signed the current CTL works; without one (and its password), stop here.'],
    why: ['4.1.4-ctl-update', ...why],
    expect: ['`show ctl` lists the new serial numbers and verifies.'],
    effects: { ctlUpdate: true },
    when: [{ securityMode: 'mixed' }, { ctlSigner: 'etoken' }, { version: { to: '12.5' } }],
  });
  if (etoken) out.push(etoken);
  return out;
}

/** The batched phone reset every step uses: its texts are said once in a plan's "How to" (render/document.ts). */
export const PHONE_RESET = {
  action: 'One Device Pool (or ~10% of the phones) at a time; the next batch once RTMT shows it registered; wait ~10 minutes after the last.',
  gui: 'Cisco Unified CM Administration > Device > Phone > Find (one Device Pool) > Select All > Reset Selected > Reset',
  warnings: [
    'Never Enterprise Parameters > Reset: it also resets gateways and media resources.',
    'A phone that does not register again: see "If something goes wrong" before anything else.',
  ],
  expect: 'The registered-device count per node is back to the baseline.',
} as const;

/** Batched phone resets and the wait for registration (brief 4.2). */
export function phoneResetStep(b: PlanBuilder, key: string, why: string[], opts: { title?: string; extraWarnings?: string[]; when?: Cond[]; phase?: PhaseKind } = {}): PlanStep | null {
  return b.add(opts.phase ?? 'phones', {
    key: `${key}-phones`,
    title: opts.title ?? 'Reset phones in batches and wait for registration',
    action: PHONE_RESET.action,
    gui: [PHONE_RESET.gui],
    nodes: [b.topo.publisher],
    warnings: [...PHONE_RESET.warnings, ...(opts.extraWarnings ?? [])],
    why: ['4.2-phones', ...why],
    expect: [PHONE_RESET.expect],
    effects: { phoneReset: true },
    when: opts.when ?? [],
  });
}

/**
 * The tokenless CTL's signer changes (the publisher's CallManager key on 10.x-11.x, ITLRecovery on 12.0+): devices
 * without Security by Default cannot verify the new CTL through TVS and stop until it is deleted on each (118893).
 */
export function nonSbdCtlDeleteStep(b: PlanBuilder, key: string, when: Cond[]): PlanStep | null {
  return b.add('phones', {
    key: `${key}-non-sbd`, title: 'Delete the CTL by hand on devices without Security by Default',
    action: 'The CTL is now signed by a different key. Devices without Security by Default (the ones listed in the pre-checks: e.g. Jabber, TelePresence endpoints, 7940/7960) cannot verify it through TVS: delete the CTL on each of them, then check they register again.',
    gui: [
      '7940/7960: Settings > Security Configuration > CTL File > unlock (**#) > Erase',
      'Jabber: reset Jabber (File > Reset Jabber) or delete the CTL/ITL files from the client\'s profile',
      'TelePresence endpoints: remove the CTL as the endpoint\'s administration guide says, then re-register',
    ],
    nodes: ['each device without Security by Default'], why: ['4.1.4-non-sbd'],
    expect: ['Every device on the pre-check list is registered again.'],
    effects: { manualCtlDelete: true }, when: [{ securityMode: 'mixed' }, ...when],
  });
}

/** Where the parameter is (the step's title names it). */
const PHONE_INTERACTION_PAGE = 'Cisco Unified CM Administration > System > Enterprise Parameters > Security Parameters';

/**
 * 14+: phones reset by themselves when a TVS, CAPF or CallManager certificate changes unless "Phone Interaction on
 * Certificate Update" is manual. Each anchor step sets it to manual for its own window and back once its gate passed,
 * so the cluster never stays on manual for the week between two windows (review of the A-F plans).
 */
export function phoneInteractionSteps(b: PlanBuilder, key: string, at: 'start' | 'end'): PlanStep | null {
  const when: Cond[] = [{ version: { from: '14' } }, { not: { phoneInteraction: 'manual' } }];
  if (at === 'end') {
    return b.add('clean-up', {
      key: `${key}-phone-interaction-back`, title: `Set "${PHONE_INTERACTION}" back as it was (14+)`,
      // Where the parameter is was said by the step that set it.
      action: '', nodes: [b.topo.publisher], why: ['4.1.4-phone-interaction'], when,
    });
  }
  // "Before the CTL update" is a reason only in mixed mode (review m8).
  const mixed = b.holds([{ securityMode: 'mixed' }]);
  const why = mixed === 'yes' ? ', before the CTL update' : mixed === 'unknown' ? ' (in mixed mode: before the CTL update)' : '';
  return b.add('change', {
    key: `${key}-phone-interaction-manual`, title: `Set "${PHONE_INTERACTION}" to manual (14+)`,
    action: `Else phones reset when the certificate changes${why}; set back after the gate.`,
    gui: [PHONE_INTERACTION_PAGE], nodes: [b.topo.publisher], why: ['4.1.4-phone-interaction'], when,
  });
}

/** A verification gate (brief 4.1.6): stop here until every check matches. */
export function gateStep(b: PlanBuilder, key: string, title: string, checks: { commands: string[]; gui?: string[]; nodes: string[]; expect: string[]; why?: string[]; when?: Cond[]; phase?: PhaseKind; phoneItl?: boolean }): PlanStep | null {
  // Below 14 nothing on the server shows that the phones took the new ITL (review M2): look at sample phones.
  const phones = checks.phoneItl && b.holds([{ version: { to: '12.5' } }]) !== 'no';
  const below14 = b.holds([{ version: { to: '12.5' } }]) === 'unknown' ? 'Below 14: ' : '';
  return b.add(checks.phase ?? 'verify', {
    key: `${key}-gate`,
    title,
    action: '',
    commands: checks.commands,
    gui: [...(checks.gui ?? []), ...(phones ? [PHONE_ITL_GUI] : [])],
    nodes: checks.nodes,
    why: ['4.1.6-verify', ...(checks.why ?? []), ...(phones ? ['4.1.6-phone-itl'] : [])],
    expect: [...checks.expect, ...(phones ? [
      `${below14}${below14 ? 's' : 'S'}ample phones of every model: ITL checksum and signer match \`show itl\` (else they lock up at the next step).`,
      `${below14}${below14 ? 'o' : 'O'}n them a signed configuration change arrives and the corporate directory opens.`,
    ] : [])],
    effects: { gate: true, ...(phones ? { phoneItlCheck: true } : {}) },
    when: checks.when ?? [],
  });
}

const PHONE_ITL_GUI = 'Sample phones: web page > Security / Trust List, or Settings > Security > Trust List > ITL File';

/** A certificate name safe to paste in a CLI command; anything unusual becomes a placeholder the engineer fills in. */
export function cliName(name: string | null): { text: string; safe: boolean } {
  if (name && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)) return { text: name, safe: true };
  return { text: '<certificate file name as shown by show cert list trust>', safe: false };
}

export interface DeletionStore {
  display: string;
  deletionResetsPhones: boolean;
  restarts: RestartItem[];
}

/**
 * Deleting one entry from one or more trust stores (brief 4.4): Certificate Change Notification stopped and started
 * again once around all of them on 11.5 and lower, scope by version, the stores' restarts, one gate, the bugs.
 */
export function deletionSteps(b: PlanBuilder, key: string, stores: DeletionStore[], certificate: string | null, holders: string[], why: RuleId[]): PlanStep[] {
  const out: PlanStep[] = [];
  const push = (s: PlanStep | null): void => {
    if (s) out.push(s);
  };
  const name = cliName(certificate);
  const allNodes = [...b.topo.cucm, ...b.topo.imp];
  const ccnWhen: Cond[] = [{ version: { to: '11.5' } }];
  const impWhen: Cond[] = [{ version: { to: '11.5' } }, { hasImp: true }];
  const impNodes = b.topo.imp.length ? b.topo.imp : ['[each IM&P node]'];
  const resetting = stores.filter((x) => x.deletionResetsPhones).map((x) => x.display);
  const warnings = [
    ...(resetting.length ? [`Deleting from ${resetting.join(' or ')} can reset phones: inside the window (the TechNote cites CSCut58407; check its notes for your release).`] : []),
    ...(name.safe ? [] : ['The reported certificate name contains unusual characters: copy the exact name from `show cert list trust` instead.']),
  ];
  push(b.add('clean-up', {
    key: `${key}-ccn-stop`, title: 'Stop Cisco Certificate Change Notification on every node (11.5 and lower)',
    action: '',
    commands: ['utils service stop Cisco Certificate Change Notification'], nodes: allNodes, why: ['4.4-delete', ...why],
    expect: ['Cisco Certificate Change Notification [STOPPED] on every node.'],
    effects: { services: [{ action: 'stop', service: SERVICES.ccn, nodes: allNodes }] }, when: ccnWhen,
  }));
  push(b.add('clean-up', {
    key: `${key}-imp-stop`, title: 'Stop the IM&P sync services (IM&P below 12.0)',
    action: '',
    commands: [`utils service stop ${SERVICES.platformAdminWeb}`, `utils service stop ${SERVICES.interclusterSync}`], nodes: impNodes,
    why: ['4.4-delete', ...why], expect: ['Both services [STOPPED] on every IM&P node.'],
    effects: { services: [{ action: 'stop', service: SERVICES.platformAdminWeb, nodes: impNodes }, { action: 'stop', service: SERVICES.interclusterSync, nodes: impNodes }] },
    when: impWhen,
  }));
  const del = (store: DeletionStore, scope: 'one' | 'each', when: Cond[]): PlanStep | null => b.add('clean-up', {
    key: `${key}-${store.display}-delete-${scope}`,
    title: `Delete ${certificate ?? 'the old entry'} from ${store.display}${scope === 'each' ? ' on every node that holds it (before 11.0)' : ' (propagates from 11.0)'}`,
    action: scope === 'each' ? 'Before 11.0 a deletion applies to one node only.' : 'From 11.0 it propagates to the cluster: on the publisher, then verify on every node.',
    // The CLI takes the unit without "-trust" (CLI reference: `set cert delete ipsec test.pem`; review m7).
    commands: [`set cert delete ${store.display.replace(/-trust$/i, '')} ${name.text}`],
    gui: [`Cisco Unified OS Administration > Security > Certificate Management > Find (${store.display}) > ${certificate ?? 'the entry'} > Delete`],
    nodes: scope === 'each' ? (holders.length ? holders : allNodes) : [b.topo.publisher],
    warnings: [...warnings, 'A deleted certificate may reappear (the TechNote cites CSCto86463): check again after the next restart.'],
    why: ['4.4-delete', '4.4-bugs', ...why],
    expect: ['`show cert list trust` no longer lists the entry on any node.'],
    effects: { change: { unit: store.display, store: 'trust', method: 'trust-delete', nodes: scope === 'each' ? holders : allNodes, signing: 'unknown', ctlRelevant: false } },
    when,
  });
  for (const store of stores) {
    push(del(store, 'each', [{ version: { to: '10.5' } }]));
    push(del(store, 'one', [{ version: { from: '11.0' } }]));
  }
  push(b.add('clean-up', {
    key: `${key}-imp-start`, title: 'Start the IM&P sync services again',
    action: '',
    commands: [`utils service start ${SERVICES.platformAdminWeb}`, `utils service start ${SERVICES.interclusterSync}`], nodes: impNodes,
    why: ['4.4-delete', ...why], expect: ['Both services [STARTED] on every IM&P node.'],
    effects: { services: [{ action: 'start', service: SERVICES.platformAdminWeb, nodes: impNodes }, { action: 'start', service: SERVICES.interclusterSync, nodes: impNodes }] },
    when: impWhen,
  }));
  push(b.add('clean-up', {
    key: `${key}-ccn-start`, title: 'Start Cisco Certificate Change Notification again on every node',
    action: 'Certificates are not distributed while it is stopped.',
    commands: ['utils service start Cisco Certificate Change Notification'], nodes: allNodes, why: ['4.4-delete', ...why],
    expect: ['Cisco Certificate Change Notification [STARTED] on every node.'],
    effects: { services: [{ action: 'start', service: SERVICES.ccn, nodes: allNodes }] }, when: ccnWhen,
  }));
  out.push(...restartSteps(b, `${key}-after-delete`, stores.flatMap((x) => x.restarts), [], 'clean-up'));
  const where = stores.map((x) => x.display).join(' and ');
  push(gateStep(b, `${key}-after-delete`, `Check ${certificate ?? 'the entry'} is gone from ${where} everywhere`, {
    commands: ['show cert list trust'], nodes: allNodes,
    expect: ['The entry is listed on no node.', 'Registered-device count back to the baseline.'], why: ['4.4-delete'],
  }));
  return out;
}
