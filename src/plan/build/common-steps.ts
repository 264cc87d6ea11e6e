// Step templates every stage uses: restarts node by node, CTL update branches, batched phone resets, gates, deletions.
import type { Cond } from '../rules/conditions.js';
import type { RuleId } from '../rules/rule-catalogue.js';
import { IMP_SERVICES, SERVICES, type ServiceKey } from '../rules/services.js';
import type { NodeSet } from '../rules/units.js';
import type { PhaseKind, PlanStep } from '../types.js';
import { CTL_UPDATE_ETOKEN, CTL_UPDATE_TOKENLESS, NON_SBD_CTL_DELETE } from '../rules/steps/ctl.js';
import {
  CCN_START,
  CCN_STOP,
  CERTIFICATE_NAME_PLACEHOLDER,
  DELETE_FROM_STORE,
  DELETION_GATE,
  DELETION_WARNING,
  IMP_SYNC_START,
  IMP_SYNC_STOP,
  UNNAMED_ENTRY,
} from '../rules/steps/deletions.js';
import { fill } from '../rules/steps/fill.js';
import { PHONE_ITL_CHECKS, PHONE_ITL_GUI } from '../rules/steps/gates.js';
import {
  PHONE_INTERACTION_BACK,
  PHONE_INTERACTION_MANUAL,
  PHONE_INTERACTION_REASON,
  PHONE_RESET,
  PHONE_RESET_TITLE,
} from '../rules/steps/phones.js';
import { CALLMANAGER_RESTART_CAUTION, RESTART, SERVICE_NOTE } from '../rules/steps/restarts.js';
import { QUALIFIER, qualified, SERVICE_COMMAND } from '../rules/steps/shared.js';
import { stepText } from '../rules/steps/step-text.js';
import type { PlanBuilder } from './builder.js';
import { PLACEHOLDER } from './topology.js';

export interface RestartItem {
  service: ServiceKey;
  on: NodeSet;
  when?: Cond[];
  note?: string;
  why: string;
}

/** One restart step per node (publisher first), services in table order; undecided services in their own step. */
export function restartSteps(
  b: PlanBuilder,
  key: string,
  items: RestartItem[],
  changed: string[],
  phase: PhaseKind = 'restart',
  extraWarnings: string[] = [],
): PlanStep[] {
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
      const notes = group
        .filter((x) => x.note)
        .map((x) => fill(SERVICE_NOTE, { service: SERVICES[x.service], note: x.note! }));
      // The wait between nodes is said by the restart table itself; what is particular to a service is said here.
      const warnings = [
        ...(group.some((x) => x.service === 'callManager') ? [CALLMANAGER_RESTART_CAUTION] : []),
        ...notes,
        ...extraWarnings,
      ];
      const step = b.add(phase, {
        key: `${key}-restart-${node}${g ? '-cond' : ''}`,
        ...stepText(names.length > 1 ? RESTART.several : RESTART.one, { services: names.join(', '), node }),
        commands: names.map((service) => fill(SERVICE_COMMAND.restart, { service })),
        nodes: [node],
        warnings,
        why: [...new Set(group.map((x) => x.why))],
        effects: { services: names.map((service) => ({ action: 'restart' as const, service, nodes: [node] })) },
        when: g ? group[0]!.when : [],
      });
      if (step) out.push(step);
    }
  }
  return out;
}

/** The mixed-mode CTL update (brief 4.1.4): tokenless on the publisher, or the CTL Client with an original eToken. */
export function ctlUpdateSteps(
  b: PlanBuilder,
  key: string,
  why: string[],
  tokenlessWarnings: string[] = [],
): PlanStep[] {
  const out: PlanStep[] = [];
  const tokenless = b.add('update-ctl', {
    key: `${key}-ctl-tokenless`,
    ...stepText(CTL_UPDATE_TOKENLESS),
    nodes: [b.topo.publisher],
    warnings: [...tokenlessWarnings],
    why: [...CTL_UPDATE_TOKENLESS.why!, ...why],
    effects: { ctlUpdate: true },
    when: [{ securityMode: 'mixed' }, { anyOf: [{ ctlSigner: 'tokenless' }, { version: { from: '14' } }] }],
  });
  if (tokenless) out.push(tokenless);
  const etoken = b.add('update-ctl', {
    key: `${key}-ctl-etoken`,
    ...stepText(CTL_UPDATE_ETOKEN),
    nodes: ['CTL Client PC', b.topo.publisher],
    why: [...CTL_UPDATE_ETOKEN.why!, ...why],
    effects: { ctlUpdate: true },
    when: [{ securityMode: 'mixed' }, { ctlSigner: 'etoken' }, { version: { to: '12.5' } }],
  });
  if (etoken) out.push(etoken);
  return out;
}

/** Batched phone resets and the wait for registration (brief 4.2). */
export function phoneResetStep(
  b: PlanBuilder,
  key: string,
  why: string[],
  opts: { title?: string; extraWarnings?: string[]; when?: Cond[]; phase?: PhaseKind } = {},
): PlanStep | null {
  return b.add(opts.phase ?? 'phones', {
    key: `${key}-phones`,
    title: opts.title ?? PHONE_RESET_TITLE.default,
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
    key: `${key}-non-sbd`, ...stepText(NON_SBD_CTL_DELETE),
    nodes: ['each device without Security by Default'],
    effects: { manualCtlDelete: true }, when: [{ securityMode: 'mixed' }, ...when],
  });
}

/**
 * 14+: phones reset by themselves when a TVS, CAPF or CallManager certificate changes unless "Phone Interaction on
 * Certificate Update" is manual. Each anchor step sets it to manual for its own window and back once its gate passed,
 * so the cluster never stays on manual for the week between two windows (review of the A-F plans).
 */
export function phoneInteractionSteps(b: PlanBuilder, key: string, at: 'start' | 'end'): PlanStep | null {
  const when: Cond[] = [{ version: { from: '14' } }, { not: { phoneInteraction: 'manual' } }];
  if (at === 'end') {
    return b.add('clean-up', {
      key: `${key}-phone-interaction-back`, ...stepText(PHONE_INTERACTION_BACK), nodes: [b.topo.publisher], when,
    });
  }
  // "Before the CTL update" is a reason only in mixed mode (review m8).
  const mixed = b.holds([{ securityMode: 'mixed' }]);
  const reason = PHONE_INTERACTION_REASON[mixed === 'yes' ? 'mixed' : mixed === 'unknown' ? 'unknown' : 'nonSecure'];
  return b.add('change', {
    key: `${key}-phone-interaction-manual`,
    ...stepText(PHONE_INTERACTION_MANUAL, { reason }),
    nodes: [b.topo.publisher],
    when,
  });
}

/** A verification gate (brief 4.1.6): stop here until every check matches. */
export function gateStep(
  b: PlanBuilder,
  key: string,
  title: string,
  checks: {
    commands: string[];
    gui?: string[];
    nodes: string[];
    expect: string[];
    why?: string[];
    when?: Cond[];
    phase?: PhaseKind;
    phoneItl?: boolean;
  },
): PlanStep | null {
  // Below 14 nothing on the server shows that the phones took the new ITL (review M2): look at sample phones.
  const phones = checks.phoneItl && b.holds([{ version: { to: '12.5' } }]) !== 'no';
  const below14 = b.holds([{ version: { to: '12.5' } }]) === 'unknown' ? QUALIFIER.below14 : '';
  return b.add(checks.phase ?? 'verify', {
    key: `${key}-gate`,
    title,
    action: '',
    commands: checks.commands,
    gui: [...(checks.gui ?? []), ...(phones ? [PHONE_ITL_GUI] : [])],
    nodes: checks.nodes,
    why: ['4.1.6-verify', ...(checks.why ?? []), ...(phones ? ['4.1.6-phone-itl'] : [])],
    expect: [...checks.expect, ...(phones ? PHONE_ITL_CHECKS.map((check) => qualified(below14, check)) : [])],
    effects: { gate: true, ...(phones ? { phoneItlCheck: true } : {}) },
    when: checks.when ?? [],
  });
}

/** A certificate name safe to paste in a CLI command; anything unusual becomes a placeholder the engineer fills in. */
export function cliName(name: string | null): { text: string; safe: boolean } {
  if (name && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)) return { text: name, safe: true };
  return { text: CERTIFICATE_NAME_PLACEHOLDER, safe: false };
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
export function deletionSteps(
  b: PlanBuilder,
  key: string,
  stores: DeletionStore[],
  certificate: string | null,
  holders: string[],
  why: RuleId[],
): PlanStep[] {
  const out: PlanStep[] = [];
  const push = (s: PlanStep | null): void => {
    if (s) out.push(s);
  };
  const name = cliName(certificate);
  const allNodes = [...b.topo.cucm, ...b.topo.imp];
  const ccnWhen: Cond[] = [{ version: { to: '11.5' } }];
  const impWhen: Cond[] = [{ version: { to: '11.5' } }, { hasImp: true }];
  const impNodes = b.topo.imp.length ? b.topo.imp : ['[each IM&P node]'];
  const impSync = [SERVICES.platformAdminWeb, SERVICES.interclusterSync];
  const resetting = stores.filter((x) => x.deletionResetsPhones).map((x) => x.display);
  const warnings = [
    ...(resetting.length ? [fill(DELETION_WARNING.resetsPhones, { stores: resetting.join(' or ') })] : []),
    ...(name.safe ? [] : [DELETION_WARNING.unsafeName]),
  ];
  push(b.add('clean-up', {
    key: `${key}-ccn-stop`, ...stepText(CCN_STOP),
    commands: [fill(SERVICE_COMMAND.stop, { service: SERVICES.ccn })], nodes: allNodes, why: [...CCN_STOP.why!, ...why],
    effects: { services: [{ action: 'stop', service: SERVICES.ccn, nodes: allNodes }] }, when: ccnWhen,
  }));
  push(b.add('clean-up', {
    key: `${key}-imp-stop`, ...stepText(IMP_SYNC_STOP),
    commands: impSync.map((service) => fill(SERVICE_COMMAND.stop, { service })), nodes: impNodes,
    why: [...IMP_SYNC_STOP.why!, ...why],
    effects: { services: impSync.map((service) => ({ action: 'stop' as const, service, nodes: impNodes })) },
    when: impWhen,
  }));
  const del = (store: DeletionStore, scope: 'one' | 'each', when: Cond[]): PlanStep | null => b.add('clean-up', {
    key: `${key}-${store.display}-delete-${scope}`,
    ...stepText(scope === 'each' ? DELETE_FROM_STORE.eachNode : DELETE_FROM_STORE.propagates, {
      entry: certificate ?? UNNAMED_ENTRY.title, pageEntry: certificate ?? UNNAMED_ENTRY.page, store: store.display,
      storeUnit: store.display.replace(/-trust$/i, ''), name: name.text,
    }),
    nodes: scope === 'each' ? (holders.length ? holders : allNodes) : [b.topo.publisher],
    warnings: [...warnings, DELETION_WARNING.reappears],
    why: [...DELETE_FROM_STORE.eachNode.why!, ...why],
    effects: { change: { unit: store.display, store: 'trust', method: 'trust-delete', nodes: scope === 'each' ? holders : allNodes, signing: 'unknown', ctlRelevant: false } },
    when,
  });
  for (const store of stores) {
    push(del(store, 'each', [{ version: { to: '10.5' } }]));
    push(del(store, 'one', [{ version: { from: '11.0' } }]));
  }
  push(
    b.add('clean-up', {
      key: `${key}-imp-start`,
      ...stepText(IMP_SYNC_START),
      commands: impSync.map((service) => fill(SERVICE_COMMAND.start, { service })),
      nodes: impNodes,
      why: [...IMP_SYNC_START.why!, ...why],
      effects: { services: impSync.map((service) => ({ action: 'start' as const, service, nodes: impNodes })) },
      when: impWhen,
    }),
  );
  push(
    b.add('clean-up', {
      key: `${key}-ccn-start`,
      ...stepText(CCN_START),
      commands: [fill(SERVICE_COMMAND.start, { service: SERVICES.ccn })],
      nodes: allNodes,
      why: [...CCN_START.why!, ...why],
      effects: { services: [{ action: 'start', service: SERVICES.ccn, nodes: allNodes }] },
      when: ccnWhen,
    }),
  );
  out.push(
    ...restartSteps(
      b,
      `${key}-after-delete`,
      stores.flatMap((x) => x.restarts),
      [],
      'clean-up',
    ),
  );
  const gate = stepText(DELETION_GATE, {
    entry: certificate ?? UNNAMED_ENTRY.page,
    stores: stores.map((x) => x.display).join(' and '),
  });
  push(
    gateStep(b, `${key}-after-delete`, gate.title, {
      commands: gate.commands,
      nodes: allNodes,
      expect: gate.expect,
      why: gate.why,
    }),
  );
  return out;
}
