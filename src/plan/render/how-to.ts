// The plan's "How to" on paper: what every restart table, every batched phone reset and the FN70613 two passes do
// is said once, and the actions that follow them point to it ("(How to)"). The plan's JSON keeps every step whole.
import { PHONE_RESET } from '../rules/steps/phones.js';
import { CALLMANAGER_RESTART_CAUTION } from '../rules/steps/restarts.js';
import type { PlanStep } from '../types.js';
import type { DocAction, DocSection } from './document.js';

export type HowToKind = 'restarts' | 'phone-resets' | 'ctl-two-passes';

/** Services a restart action names by a short name; the How to spells out the ones a plan uses. */
export const SERVICE_SHORT_NAMES: Readonly<Record<string, string>> = {
  'Cisco Trust Verification Service': 'TVS',
  'Cisco Certificate Authority Proxy Function': 'CAPF',
};

/**
 * What every restart table and every batched phone reset does is said once, in the plan's "How to" section: the
 * actions keep only what is their own (a pass's title, an extra warning, a gate's checks).
 */
const HOW_TO_RESTART: DocAction = {
  n: 1,
  title: 'Restarts',
  conditions: [],
  nodes: [],
  table: null,
  tableColumn: '',
  items: [],
  commands: [],
  gui: [],
  checks: [],
  gate: false,
  refs: [],
  runIn: true,
  text: 'Node by node, `utils service restart Cisco <service>` for each (skip one not active there); the next node once they are [STARTED] and its phones registered.',
  warnings: [],
};
const HOW_TO_PHONES: DocAction = {
  n: 1,
  title: 'Phone resets',
  conditions: [],
  nodes: [],
  table: null,
  tableColumn: '',
  items: [],
  commands: [],
  gate: false,
  refs: [],
  runIn: true,
  // The gate checks the counts against the baseline and the recovery covers a phone left unregistered: not repeated.
  text: 'One Device Pool (~10% of the phones) at a time, the next once RTMT shows it registered. Never Enterprise Parameters > Reset.',
  gui: [PHONE_RESET.gui], checks: [], warnings: [],
};

const HOW_TO_CTL: DocAction = {
  n: 1,
  title: 'The CTL in two passes with the local key',
  conditions: [],
  nodes: [],
  table: null,
  tableColumn: '',
  items: [],
  commands: [],
  gate: false,
  refs: [],
  runIn: true,
  text: 'Pass 1 `utils ctl reset localkey`, pass 2 `utils ctl update CTLFile` (publisher). After each: restart CallManager, CTIManager on every CUCM node, reset the phones; sample phones of every model show the checksum of `show ctl` (Security page). After pass 2 the CTL has the ITLRecovery serial of `show cert own`.',
  gui: [], warnings: [], checks: [],
};

/**
 * The FN70613 workaround is two passes of a CTL signed with the local key (review B1): in the plan's JSON they are
 * steps of their own; on paper they are one action pointing to the "How to".
 */
export function isCtlTwoPass(s: PlanStep): boolean {
  return s.phase === 'protect-itl' && s.why.includes('fn70613');
}

export function ctlTwoPassAction(
  fold: PlanStep[],
  refs: (rules: string[]) => number[],
  labelOf: (text: string) => string,
): DocAction {
  const first = fold[0]!;
  return {
    n: 0,
    title: 'FN70613 workaround: the CTL in two passes (How to)',
    conditions: first.condition ? [labelOf(first.condition.text)] : [],
    text: '',
    nodes: [],
    table: null,
    tableColumn: '',
    items: [],
    commands: [],
    gui: [],
    warnings: [...new Set(fold.flatMap((x) => x.warnings))].filter(
      (w) => w !== CALLMANAGER_RESTART_CAUTION && !(PHONE_RESET.warnings as readonly string[]).includes(w),
    ),
    checks: [],
    gate: false,
    refs: refs([...new Set(fold.flatMap((x) => x.why))]),
    howTo: 'ctl-two-passes',
  };
}

/** The "How to" entries the plan's actions point to, numbered in the order they are listed. */
export function howToFor(sections: readonly DocSection[]): DocAction[] {
  const used = new Set(sections.flatMap((x) => x.actions.map((a) => a.howTo)));
  // Two passes restart and reset as the other two say: they are listed whenever it is.
  const restarts = used.has('restarts') || used.has('ctl-two-passes');
  const phones = used.has('phone-resets') || used.has('ctl-two-passes');
  // The short service names the restart actions use, spelled out (without "Cisco ", as the command adds it).
  const said = JSON.stringify(
    sections.flatMap((x) => x.actions.filter((a) => a.howTo === 'restarts').map((a) => [a.title, a.table])),
  );
  const names = Object.entries(SERVICE_SHORT_NAMES).filter(([, short]) => new RegExp(`\\b${short}\\b`).test(said));
  const legend = names.map(([full, short]) => ` ${short} = ${full.replace(/^Cisco /, '')}.`).join('');
  const calls = /\bCallManager\b/.test(said) ? ' Calls on a node drop while its CallManager restarts.' : '';
  const restart = { ...HOW_TO_RESTART, text: HOW_TO_RESTART.text + calls + legend };
  return [
    ...(restarts ? [restart] : []),
    ...(phones ? [HOW_TO_PHONES] : []),
    ...(used.has('ctl-two-passes') ? [HOW_TO_CTL] : []),
  ].map((a, i) => ({ ...a, n: i + 1 }));
}

/** The recovery's two passes: the same as FN70613's workaround, said by the How to whenever the plan lists it. */
export function isRecoveryTwoPass(s: PlanStep): boolean {
  return s.phase === 'if-something-goes-wrong' && s.effects.resetLocalkey === 'ctl';
}

/**
 * The step without what the "How to" section says for every step of its kind (`twoPassesListed`: the How to has the
 * CTL's two passes, so the recovery's own copy keeps only its title).
 */
export function ownPart(s: PlanStep, twoPassesListed: boolean): PlanStep {
  if (twoPassesListed && isRecoveryTwoPass(s)) return { ...s, action: '', commands: [] };
  const standard = new Set<string>([
    CALLMANAGER_RESTART_CAUTION,
    ...(s.effects.phoneReset ? [...PHONE_RESET.warnings, PHONE_RESET.gui, PHONE_RESET.expect] : []),
  ]);
  return {
    ...s,
    action: s.effects.phoneReset && s.action === PHONE_RESET.action ? '' : s.action,
    gui: s.gui.filter((g) => !standard.has(g)),
    warnings: s.warnings.filter((w) => !standard.has(w)),
    expect: s.expect.filter((e) => !standard.has(e)),
  };
}
