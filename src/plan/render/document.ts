// The plan as an engineer reads it (review M9): a header, the pre-checks once, one section per trust-anchor step
// (conditions once at the top, numbered actions, a node table where the same thing runs per node, the gate, the
// undo), and the reasons in an appendix. Text, Markdown and HTML all render this one layout.
import { zonedDateTime } from '../../render/zoned-date.js';
import { ownValue } from '../../domain/own-key.js';
import { RULES, type RuleInfo } from '../rules/rule-catalogue.js';
import { abbreviateGui, abbreviationsUsed } from './gui-names.js';
import {
  ctlTwoPassAction,
  howToFor,
  isCtlTwoPass,
  isRecoveryTwoPass,
  ownPart,
  SERVICE_SHORT_NAMES,
  type HowToKind,
} from './how-to.js';
import type { Discovery, Plan, PlanPhase, PlanStage, PlanStep } from '../types.js';
import { oneLine } from './common.js';

export interface NodeRow {
  node: string;
  commands: string[];
}

export interface DocAction {
  /** Number within its section. */
  n: number;
  title: string;
  /** Condition labels (C1, C2) of the section this action depends on. */
  conditions: string[];
  text: string;
  /** Nodes it runs on, in order; empty when `table` says it or nobody in particular. */
  nodes: string[];
  /** The same action on several nodes, one row each, under this column heading. */
  table: NodeRow[] | null;
  tableColumn: string;
  /** A list the action walks through (the state items to find out), one line each. */
  items: string[];
  commands: string[];
  gui: string[];
  warnings: string[];
  checks: string[];
  gate: boolean;
  /** Appendix numbers of the reasons. */
  refs: number[];
  /** The plan's "How to" entry this action follows (its title says "(How to)"). */
  howTo?: HowToKind;
  /** Reference text rather than a step (the How to's entries): on paper it runs on from the title. */
  runIn?: boolean;
}

export interface DocSection {
  id: string;
  kind: 'pre-checks' | 'shared' | 'step' | 'recovery';
  title: string;
  /** Appendix numbers of the rules behind a section whose actions carry none of their own (pre-checks, recovery). */
  refs: number[];
  stage: PlanStage | null;
  /** A step's window: its day, its certificate's expiry (the cluster's zone, UTC beside it), whether it is late. */
  window: { date: string; expires: string | null; late: boolean } | null;
  /** Stated once at the top: C1: Only if ... */
  conditions: { label: string; text: string }[];
  /** Warnings that more than one action of the section carries, stated once. */
  cautions: string[];
  actions: DocAction[];
  undo: string[];
}

export interface CertificateRow {
  unit: string;
  nodes: string;
  expires: string;
  left: string;
  note: string;
}

export interface PlanDocument {
  title: string;
  header: { label: string; value: string }[];
  certificates: CertificateRow[];
  /** The steps' days; empty for a single step with nothing to say about its day. */
  schedule: { step: string; date: string; title: string; deadline: string; note: string }[];
  notices: string[];
  impact: string[];
  discovery: Discovery | null;
  sections: DocSection[];
  /** The rules behind the actions, by reference number: what the rule says and where it comes from. */
  appendix: { n: number; rule: string; title: string; source: string }[];
}

const DAY_MS = 86_400_000;

const ITL_SIGNER_TEXT: Readonly<Record<string, string>> = {
  callmanager: 'each TFTP node\'s CallManager key', itlrecovery: 'ITLRecovery', unknown: 'unknown',
};
const CTL_TEXT: Readonly<Record<string, string>> = {
  etoken: 'CTL signed by eTokens',
  tokenless: 'tokenless CTL (cluster key)',
  unknown: 'CTL signer unknown',
};

function modeText(plan: Plan): string {
  const c = plan.context;
  const itl = `ITL signed by ${ownValue(ITL_SIGNER_TEXT, c.itlSigner) ?? c.itlSigner}`;
  if (c.securityMode === 'non-secure') return `non-secure; ${itl}`;
  if (c.securityMode === 'mixed') {
    return `mixed mode, ${ownValue(CTL_TEXT, c.ctlSigner) ?? `CTL signed by ${c.ctlSigner}`}; ${itl}`;
  }
  return 'security mode unknown';
}

/** The TFTP servers as the plan knows them: the phones' ordered list, or only the set discovery found (no order). */
function tftpText(c: Plan['context']): string {
  if (c.tftpServers === 'unknown') return 'unknown';
  if (c.tftpOrder === 'phones') return c.tftpServers.join(', ');
  return `${c.tftpServers.join(', ')} (the TFTP servers the ITL lists, found by discovery; the phones' order is not known)`;
}

/** A step on one node placeholder (`[each TFTP node]`) whose title says the same words. */
function titleNamesPlaceholder(s: PlanStep): boolean {
  const only = s.nodes.length === 1 ? s.nodes[0]! : '';
  return only.startsWith('[') && only.endsWith(']') && s.title.includes(only.slice(1, -1));
}

/** The standard route's step when it has nothing to add (no refusal, no option): the header says it instead. */
function routeStep(plan: Plan): PlanStep | undefined {
  return plan.phases
    .flatMap((p) => p.steps)
    .find((s) => s.phase === 'protect-itl' && s.why[0] === '4.3-standard' && s.warnings.length === 0);
}

function header(plan: Plan): PlanDocument['header'] {
  const c = plan.context;
  const said = routeStep(plan);
  const route =
    plan.route.used === plan.route.requested
      ? plan.route.used
      : `${plan.route.used} (${plan.route.requested} refused: see the notices)`;
  return [
    {
      label: 'Cluster',
      value: `${plan.cluster.name || plan.cluster.id} (${plan.cluster.id}), CUCM ${c.versionBand === 'unknown' ? 'version unknown' : c.version}`,
    },
    { label: 'Security', value: modeText(plan) },
    { label: 'TFTP', value: tftpText(c) },
    // A plain standard route is said here in one line rather than as an action of its own.
    ...(said
      ? [{ label: 'Route', value: `${said.title.replace(/^ITL route: /, '')}${said.action ? `: ${said.action}` : ''}` }]
      : plan.route.used === 'standard' && plan.route.requested === 'standard'
        ? []
        : [{ label: 'Route', value: route }]),
    { label: 'Deadline', value: plan.deadline.text },
    {
      label: 'Generated',
      value: `${zonedDateTime(plan.generatedAt, c.timeZone)}; times in ${c.timeZone}${c.timeZone === 'UTC' ? '' : ', UTC in brackets'}`,
    },
  ];
}

/** The certificates in scope; none for a single one, which the title, the deadline line and its step already
 * describe. */
function certificates(plan: Plan): CertificateRow[] {
  if (plan.targets.length === 1) return [];
  const now = Date.parse(plan.generatedAt);
  return plan.targets.map((t) => {
    const at = t.expiresAt ? Date.parse(t.expiresAt) : Number.NaN;
    const days = Number.isNaN(at) ? null : Math.floor((at - now) / DAY_MS);
    const note =
      t.expiresAtPrecision === 'window'
        ? 'window: latest possible'
        : t.expiresAtPrecision && t.expiresAtPrecision !== 'exact'
          ? t.expiresAtPrecision
          : '';
    return {
      unit: oneLine(t.certificate && t.kind === 'trust' ? `${t.unit} ${t.certificate}` : t.unit),
      nodes: oneLine(t.nodes.join(', ') || 'every node in scope'),
      expires: t.expiresAt ? zonedDateTime(t.expiresAt, plan.context.timeZone) : 'unknown',
      left: days === null ? '?' : days < 0 ? 'EXPIRED' : `${days} d`,
      note,
    };
  });
}

function schedule(plan: Plan): PlanDocument['schedule'] {
  if (
    plan.stages.length === 1 &&
    !plan.stages[0]!.late &&
    !plan.stages[0]!.pulledEarlier &&
    !plan.stages[0]!.movedForDeadline
  )
    return [];
  return plan.stages.map((s) => ({
    step: `Step ${s.index}`,
    date: s.date,
    title: s.title,
    deadline: s.deadline ? zonedDateTime(s.deadline, plan.context.timeZone) : 'unknown',
    note: s.late
      ? 'LATE: expires before this day'
      : s.pulledEarlier
        ? 'pulled earlier: see the notices'
        : s.movedForDeadline
          ? 'moved earlier for its deadline'
          : '',
  }));
}

/** Replace every whole-word occurrence of a node name so per-node steps can be compared. */
function withoutNode(text: string, node: string): string {
  return text.split(node).join('{node}');
}

function sameSeries(a: PlanStep, b: PlanStep): boolean {
  if (a.phase !== b.phase || a.nodes.length !== 1 || b.nodes.length !== 1 || a.nodes[0] === b.nodes[0]) return false;
  const na = a.nodes[0]!;
  const nb = b.nodes[0]!;
  const key = (s: PlanStep, n: string): string =>
    JSON.stringify(
      [s.title, s.action, s.gui, s.warnings, s.expect, s.condition?.text ?? ''].map((x) =>
        withoutNode(JSON.stringify(x), n),
      ),
    );
  return key(a, na) === key(b, nb);
}

const RESTART = /^utils service restart (.+)$/;
const SERVICE_STATE = /^utils service (?:stop|start) /;
const CERT_MANAGEMENT_GUI = 'Cisco Unified OS Administration > Security > Certificate Management';

/** True when every command of the step appears in one of its checks (so the checks alone say what to type). */
function coversCommands(s: PlanStep): boolean {
  return s.commands.every((c) => s.expect.some((e) => e.includes(`\`${c}\``)));
}

/** A pre-check that only asks for a state item the plan could not know. */
function isStateCheck(s: PlanStep): boolean {
  return s.why.length === 1 && s.why[0] === 'state-check';
}

/** The state items to find out, one line each: the steps marked "only if" depend on them. */
function stateCheckAction(g: PlanStep[], n: number): DocAction {
  return {
    n,
    title: 'Find out (then keep the "only if" actions that apply, strike the rest)',
    conditions: [],
    text: '',
    nodes: [],
    table: null,
    tableColumn: '',
    commands: [],
    gui: [],
    warnings: [],
    checks: [],
    gate: false,
    refs: [],
    // List items, not sentences: no closing full stop.
    items: g.map(
      (x) =>
        `${x.title.replace(/^Find out: /, '')}: ${[...x.commands.map((c) => `\`${c}\``), ...x.gui].join(' or ') || x.action.replace(/\.$/, '')}`,
    ),
  };
}

/** A step that only restarts services on one node (the rolling restarts): part of the restart table. */
function isNodeRestart(s: PlanStep): boolean {
  return s.nodes.length === 1 && s.commands.length > 0 && s.commands.every((c) => RESTART.test(c));
}

/** A verification gate: stop until its checks match (the pre-checks are checks of their own kind). */
function isGate(s: PlanStep): boolean {
  return s.effects.gate === true && s.phase !== 'pre-checks';
}

/** Runs of the same step on one node after another become one action with a node table. */
function series(steps: PlanStep[]): PlanStep[][] {
  const out: PlanStep[][] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    const together =
      sameSeries(last?.[0] ?? s, s) ||
      (isNodeRestart(last?.[0] ?? s) && isNodeRestart(s)) ||
      (isStateCheck(last?.[0] ?? s) && isStateCheck(s)) ||
      (last?.[0]?.phase === 'partners' && s.phase === 'partners');
    if (last && together) last.push(s);
    else out.push([s]);
  }
  return out;
}

/** Checks that differ only by the node they name are said once, for each node. */
function mergeChecks(checks: string[], nodes: readonly string[]): string[] {
  const out = new Map<string, string>();
  for (const c of checks) {
    const node = nodes.find((n) => c.includes(n));
    const key = node ? withoutNode(c, node) : c;
    if (out.has(key) && node) {
      out.set(key, key.replace(/ on \{node\}/g, ' on each node').replace(/\{node\}/g, 'each node'));
    }
    else if (!out.has(key)) out.set(key, c);
  }
  return [...out.values()];
}

class Appendix {
  readonly entries: PlanDocument['appendix'] = [];
  private readonly index = new Map<string, number>();

  refs(rules: string[]): number[] {
    return rules.map((rule) => {
      let n = this.index.get(rule);
      if (n === undefined) {
        n = this.entries.length + 1;
        this.index.set(rule, n);
        const info = ownValue<RuleInfo>(RULES, rule);
        this.entries.push({ n, rule, title: info?.title ?? rule, source: info?.source ?? '' });
      }
      return n;
    });
  }
}

/** A condition that only asks whether a partner product is in use: the partner's own line says it. */
const IN_USE = /^Only if (.+) (?:is|are) in use\.$/;

/** The partner updates of one phase as one list, each partner one line (skip the ones you do not have). */
function partnerAction(g: PlanStep[], n: number, appendix: Appendix, labelOf: (text: string) => string): DocAction {
  const items = g.map((x) => {
    // "Skip those you do not have" is the action's title: an "if in use" condition goes without saying.
    const cond = x.condition && !IN_USE.test(x.condition.text) ? ` (only if ${labelOf(x.condition.text)})` : '';
    // The partner the title names is not named again where to type or click.
    const named = (node: string): boolean => x.title.includes(node);
    const on = x.nodes.filter((n) => !named(n));
    const gui = x.gui[0]?.replace(/^([^:>]+): /, (m, partner: string) => (named(partner) ? '' : m));
    const where = x.commands.length
      ? `${x.commands.map((c) => `\`${c}\``).join(', ')}${on.length ? ` on ${on.join(', ')}` : ''}`
      : (gui ?? x.action);
    return `${x.title}${cond}: ${where}`;
  });
  return {
    n,
    title: 'Partners, in this order (skip those you do not have)',
    conditions: [],
    text: '',
    nodes: [],
    table: null,
    tableColumn: '',
    items,
    commands: [],
    gui: [],
    warnings: [...new Set(g.flatMap((x) => x.warnings))],
    checks: [...new Set(g.flatMap((x) => x.expect))],
    gate: false,
    refs: appendix.refs([...new Set(g.flatMap((x) => x.why))]),
  };
}

/** A service as a restart table names it: without the "Cisco " every service name starts with (the How to says so). */
function serviceName(service: string): string {
  return ownValue(SERVICE_SHORT_NAMES, service) ?? service.replace(/^Cisco /, '');
}

/** Widest node cell of a restart-table row that names a run of nodes; wider runs get a row per node. */
const RUN_CELL_MAX = 26;

/** The rolling restarts as one table: each node once, in order, its services in order (a conditional one marked). */
function restartAction(
  g: PlanStep[],
  n: number,
  appendix: Appendix,
  cautions: readonly string[],
  labelOf: (text: string) => string,
): DocAction {
  // A node's consecutive steps share a row; a node met again later (a second pass: TVS everywhere, then TFTP) gets
  // a row of its own, so the table keeps the order of the passes.
  const rows: { node: string; services: string[] }[] = [];
  // A condition every row shares is the action's; only a service's own condition is marked beside it.
  const shared = g.every((x) => x.condition?.text === g[0]!.condition?.text) ? g[0]!.condition : null;
  for (const x of g) {
    const mark = x.condition && !shared ? ` (only if ${labelOf(x.condition.text)})` : '';
    const last = rows[rows.length - 1];
    const row = last && last.node === x.nodes[0] ? last : { node: x.nodes[0]!, services: [] };
    if (row !== last) rows.push(row);
    row.services.push(...x.commands.map((c) => `${serviceName(RESTART.exec(c)![1]!)}${mark}`));
  }
  const warnings = [...new Set(g.flatMap((x) => x.warnings))].filter((w) => !cautions.includes(w));
  const refs = appendix.refs([...new Set(g.flatMap((x) => x.why))]);
  const conditions = shared ? [labelOf(shared.text)] : [];
  // Consecutive nodes that restart the same services form a run; one run, or two where one is a single service (TVS
  // everywhere, then Tftp on the TFTP nodes), read better as one sentence than as a table.
  const runs: { services: string; nodes: string[] }[] = [];
  for (const r of rows) {
    const services = r.services.join(', ');
    const last = runs.at(-1);
    if (last?.services === services && !last.nodes.includes(r.node)) last.nodes.push(r.node);
    else runs.push({ services, nodes: [r.node] });
  }
  // Two runs read as a sentence only when one of them is a single service (TVS everywhere, then Tftp).
  if (runs.length === 1 || (runs.length === 2 && runs.some((r) => !r.services.includes(',')))) {
    const said = runs.map((r) => `${r.services} on ${r.nodes.join(' -> ')}`).join(', then ');
    return {
      n, title: `Restart ${said} (How to)`, conditions, text: '', nodes: [], table: null, tableColumn: '',
      items: [], commands: [], gui: [], warnings, checks: [], gate: false, refs, howTo: 'restarts',
    };
  }
  // In the table a run shares a row ("CUCM02 -> CUCM03"), as long as the node column stays narrow.
  const table = runs.flatMap((r) => {
    const joined = r.nodes.join(' -> ');
    return joined.length <= RUN_CELL_MAX
      ? [{ node: joined, commands: [r.services] }]
      : r.nodes.map((node) => ({ node, commands: [r.services] }));
  });
  return {
    n, title: 'Restart the services, node by node in this order (How to)', conditions, text: '',
    nodes: [], table, tableColumn: 'Restart, in order', items: [], commands: [], gui: [],
    warnings, checks: [], gate: false, refs, howTo: 'restarts',
  };
}

interface SectionContext {
  appendix: Appendix;
  zone: string;
  /** The plan folds FN70613's two passes into a How to entry, which the recovery can point to as well. */
  twoPassesListed: boolean;
}

function sectionOf(
  id: string,
  kind: DocSection['kind'],
  title: string,
  stage: PlanStage | null,
  steps: PlanStep[],
  { appendix, zone, twoPassesListed }: SectionContext,
): DocSection {
  const conditions: (DocSection['conditions'][number] & { source: string })[] = [];
  const labelOf = (text: string): string => {
    let c = conditions.find((x) => x.text === text || x.source === text);
    if (!c) {
      // A condition that adds to one already stated says so by its label instead of repeating it.
      const base = conditions.find((x) => text.length > x.source.length && text.endsWith(` ${x.source}`));
      const shown = base ? `${text.slice(0, -base.source.length - 1).replace(/\.$/, '')}, and ${base.label}.` : text;
      c = { label: `C${conditions.length + 1}`, text: shown, source: text };
      conditions.push(c);
    }
    return c.label;
  };
  const fold = steps.filter(isCtlTwoPass);
  const groups = series(steps.filter((s) => !fold.includes(s)).map((s) => ownPart(s, twoPassesListed)));
  const warningCount = new Map<string, number>();
  for (const g of groups) for (const w of new Set(g[0]!.warnings)) warningCount.set(w, (warningCount.get(w) ?? 0) + 1);
  const cautions = [...warningCount].filter(([, n]) => n > 1).map(([w]) => w);
  const nodes = [...new Set(steps.flatMap((x) => x.nodes))];
  const actions = groups.map((g, i): DocAction => {
    const s = g[0]!;
    const many = g.length > 1;
    if (g.every(isNodeRestart) && (many || s.condition)) return restartAction(g, i + 1, appendix, cautions, labelOf);
    if (isStateCheck(s)) return stateCheckAction(g, i + 1);
    // A gate's checks, or an action's own text, that name every command say where to type it already.
    const checksSayIt =
      (isGate(s) && coversCommands(s)) ||
      (s.commands.length > 0 && s.commands.every((c) => `${s.title} ${s.action}`.includes(`\`${c}\``)));
    // Partner commands are typed on the partner (IOS, Expressway), never at the cluster's admin: prompt.
    if (s.phase === 'partners') return partnerAction(g, i + 1, appendix, labelOf);
    // A table only where the commands differ per node; the same commands on each node are a node list.
    const sameCommands = g.every((x) => JSON.stringify(x.commands) === JSON.stringify(s.commands));
    const node = s.nodes[0] ?? '';
    const general = (text: string): string =>
      many
        ? withoutNode(text, node)
            .replace(/ on \{node\}/g, '')
            .replace(/\{node\}/g, 'each node')
        : text;
    const howTo: HowToKind | null = s.effects.phoneReset
      ? 'phone-resets'
      : twoPassesListed && isRecoveryTwoPass(s)
        ? 'ctl-two-passes'
        : null;
    return {
      n: i + 1,
      title: general(s.title) + (many ? ', node by node' : '') + (howTo ? ' (How to)' : ''),
      conditions: s.condition ? [labelOf(s.condition.text)] : [],
      text: general(s.action),
      // GUI pages name where they are; a node list is said only where commands are typed.
      // A gate's checks name each command and where it runs: the command block would say it twice.
      // A pre-check on several nodes says "every node" in its title: the node list would only repeat it; so does a
      // title that already names the one placeholder it runs on ("of each TFTP node" beside "[each TFTP node]").
      nodes:
        !s.commands.length || checksSayIt || (kind === 'pre-checks' && (s.nodes.length > 1 || titleNamesPlaceholder(s)))
          ? []
          : many
            ? sameCommands
              ? g.map((x) => x.nodes[0]!)
              : []
            : s.nodes.every((n) => n === 'administrator')
              ? []
              : s.nodes,
      table: many && !sameCommands ? g.map((x) => ({ node: x.nodes[0]!, commands: x.commands })) : null,
      tableColumn: 'Command',
      items: [],
      commands: (many && !sameCommands) || checksSayIt ? [] : s.commands,
      // The certificate-management page is the GUI twin of the command beside it: one way is enough on paper.
      gui: (s.commands.length ? s.gui.filter((g) => !g.startsWith(CERT_MANAGEMENT_GUI)) : s.gui).map(general),
      warnings: s.warnings.filter((w) => !cautions.includes(w)).map(general),
      // A stop or start says its own outcome: "[STOPPED] on every node" would only repeat the command.
      checks:
        s.commands.length && s.commands.every((c) => SERVICE_STATE.test(c))
          ? []
          : mergeChecks([...new Set(s.expect.map(general))], nodes),
      gate: isGate(s),
      refs: kind === 'step' || kind === 'shared' ? appendix.refs([...new Set(g.flatMap((x) => x.why))]) : [],
      ...(howTo ? { howTo } : {}),
    };
  });
  if (fold.length) {
    const at = groups.filter((g) => steps.findIndex((x) => x.id === g[0]!.id) < steps.indexOf(fold[0]!)).length;
    actions.splice(at, 0, ctlTwoPassAction(fold, (rules) => appendix.refs(rules), labelOf));
    actions.forEach((a, i) => {
      a.n = i + 1;
    });
  }
  // Pre-checks and recovery follow one or two rules throughout: their references go once, on the section.
  const refs =
    kind === 'step' || kind === 'shared'
      ? []
      : appendix.refs([...new Set(steps.flatMap((x) => x.why))].filter((r) => r !== 'state-check'));
  // A maintenance window is said with its hours; without one, the step's day.
  const when = stage?.window
    ? `${zonedDateTime(stage.window.start, zone)} to ${zonedDateTime(stage.window.end, zone)}`
    : (stage?.date ?? '');
  const window = stage
    ? { date: when, expires: stage.deadline ? zonedDateTime(stage.deadline, zone) : null, late: stage.late }
    : null;
  return {
    id,
    kind,
    title,
    refs,
    stage,
    window,
    conditions: conditions.map(({ label, text }) => ({ label, text })),
    cautions,
    actions,
    undo: stage?.undo ?? [],
  };
}

function stageTitle(stage: PlanStage, count: number): string {
  return `Step ${stage.index} of ${count}: ${stage.title} (${stage.date})`;
}

/** Sections in plan order: pre-checks, shared phases before the steps, one per step, shared phases after, recovery. */
function sections(plan: Plan, appendix: Appendix): DocSection[] {
  const out: DocSection[] = [];
  const inHeader = routeStep(plan);
  const context: SectionContext = {
    appendix,
    zone: plan.context.timeZone,
    twoPassesListed: plan.phases.some((p) => p.steps.some(isCtlTwoPass)),
  };
  const shared = (phases: PlanPhase[]): void => {
    for (const p of phases) {
      const kind: DocSection['kind'] =
        p.kind === 'pre-checks' ? 'pre-checks' : p.kind === 'if-something-goes-wrong' ? 'recovery' : 'shared';
      const steps = p.steps.filter((x) => x !== inHeader);
      if (steps.length) out.push(sectionOf(p.id, kind, p.title, null, steps, context));
    }
  };
  const firstStage = plan.phases.findIndex((p) => p.stage !== null);
  const before =
    firstStage < 0
      ? plan.phases.filter((p) => p.kind !== 'clean-up' && p.kind !== 'if-something-goes-wrong')
      : plan.phases.slice(0, firstStage);
  shared(before);
  for (const stage of plan.stages) {
    const steps = plan.phases.filter((p) => p.stage === stage.index).flatMap((p) => p.steps);
    out.push(sectionOf(`step-${stage.index}`, 'step', stageTitle(stage, plan.stages.length), stage, steps, context));
  }
  shared(plan.phases.filter((p) => p.stage === null && !before.includes(p)));
  const howTo = howToFor(out);
  if (howTo.length) {
    const at = out.findIndex((x) => x.kind !== 'pre-checks');
    out.splice(at < 0 ? out.length : at, 0, {
      id: 'how-to',
      kind: 'shared',
      title: 'How to: what the actions marked "(How to)" do',
      refs: [],
      stage: null,
      window: null,
      conditions: [],
      cautions: [],
      actions: howTo,
      undo: [],
    });
  }
  return out;
}

/** Every string of a plain value (arrays and objects walked), mapped. */
function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}

export function planDocument(plan: Plan): PlanDocument {
  const appendix = new Appendix();
  // A single consequence is one header line ("If late"); several are a list of their own.
  const single = plan.impact.length === 1 ? plan.impact[0]! : null;
  const body = {
    notices: plan.notices,
    impact: single ? [] : plan.impact,
    late: single ? [{ label: 'If late', value: single }] : [],
    discovery: plan.discovery,
    sections: plan.discovery ? [] : sections(plan, appendix),
  };
  const names = abbreviationsUsed([JSON.stringify(body)]);
  const { late, ...rest } = mapStrings(body, abbreviateGui);
  return {
    title: oneLine(plan.title),
    header: [...header(plan), ...late, ...(names ? [{ label: 'GUI', value: names }] : [])],
    certificates: certificates(plan),
    schedule: schedule(plan),
    ...rest,
    appendix: appendix.entries,
  };
}
