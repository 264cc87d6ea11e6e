// Collects plan steps: evaluates each step's conditions, drops the ones that do not apply, marks the undecided ones
// conditional, and records which rules were applied or left undecided (with the check that decides them). Where a
// step goes in the plan follows from its phase and stage alone (placeOf), so builders add steps in any order.
import { evaluateAll, type Cond, type StateView } from '../rules/conditions.js';
import { ruleTitle } from '../rules/rule-catalogue.js';
import { checkText } from '../rules/state-checks.js';
import type { PhaseKind, PlanStep, RuleNote, StepCondition, StepEffects, TrustAnchor } from '../types.js';
import type { Topology } from './topology.js';

export interface StepDraft {
  key: string;
  title: string;
  action: string;
  commands?: string[];
  gui?: string[];
  nodes: string[];
  warnings?: string[];
  why: string[];
  anchors?: TrustAnchor[];
  expect?: string[];
  effects?: Partial<StepEffects>;
  when?: Cond[];
  /** A condition that is not a cluster-state item (e.g. "if the entry is the current CAPF"). */
  condition?: StepCondition;
}

export interface BuildOptions {
  fallbackToSelfSigned: boolean;
}

/** The parts of a plan, in order: pre-checks, the shared protection, the steps, the shared clean-up, recovery. */
export type Place = 'pre-checks' | 'protect' | 'stages' | 'clean-up' | 'recovery';

const SHARED_PLACE: Readonly<Record<PhaseKind, Place>> = {
  'pre-checks': 'pre-checks',
  'protect-itl': 'protect',
  change: 'protect',
  'update-ctl': 'protect',
  restart: 'protect',
  phones: 'protect',
  verify: 'protect',
  partners: 'protect',
  'clean-up': 'clean-up',
  'if-something-goes-wrong': 'recovery',
};

/** A pre-check is a pre-check wherever it was added; any other step of a stage is that stage's; the rest by phase. */
export function placeOf(step: PlanStep): Place {
  if (step.phase === 'pre-checks') return 'pre-checks';
  return step.stage !== null ? 'stages' : SHARED_PLACE[step.phase];
}

export class PlanBuilder {
  /** Every step added, in order. */
  readonly steps: PlanStep[] = [];
  private readonly condStack: Cond[][] = [];
  private readonly extraStack: StepCondition[] = [];
  private readonly ids = new Set<string>();
  readonly applied = new Map<string, RuleNote>();
  readonly skipped = new Map<string, RuleNote>();
  readonly unknownItems = new Set<string>();
  readonly notices: string[] = [];
  stage: number | null = null;

  constructor(readonly view: StateView, readonly topo: Topology, readonly options: BuildOptions) {}

  /** The steps of one part of the plan, in the order they were added. */
  stepsIn(place: Place): PlanStep[] {
    return this.steps.filter((s) => placeOf(s) === place);
  }

  /** Evaluate conditions in the current context (stage conditions included). */
  holds(conds: readonly Cond[] = []): 'yes' | 'no' | 'unknown' {
    return evaluateAll([...this.condStack.flat(), ...conds], this.view).value;
  }

  /** Run fn with extra conditions on every step it adds (e.g. "if tomcat is reused as CallManager"). */
  within<T>(conds: Cond[], fn: () => T, extra?: StepCondition): T {
    this.condStack.push(conds);
    if (extra) this.extraStack.push(extra);
    try {
      return fn();
    } finally {
      this.condStack.pop();
      if (extra) this.extraStack.pop();
    }
  }

  /** Add a step unless its conditions are false; returns the step or null. */
  add(phase: PhaseKind, d: StepDraft): PlanStep | null {
    const result = evaluateAll([...this.condStack.flat(), ...(d.when ?? [])], this.view);
    if (result.value === 'no') return null;
    const extras = [...this.extraStack, ...(d.condition ? [d.condition] : [])];
    let condition: StepCondition | null = null;
    if (result.value === 'unknown' || extras.length > 0) {
      const texts: string[] = [];
      const items: string[] = [];
      if (result.value === 'unknown') {
        // How to find it out is in the pre-checks ("Find out"), once for the whole plan.
        texts.push(`Only if ${result.text}.`);
        items.push(...result.unknownItems);
        for (const i of result.unknownItems) this.unknownItems.add(i);
        for (const rule of d.why) {
          const k = `${rule}|${result.text}`;
          if (!this.skipped.has(k)) {
            this.skipped.set(k, {
              rule,
              title: ruleTitle(rule),
              reason: `undecided: applies only if ${result.text}; planned as conditional steps`,
              check: result.unknownItems.map(checkText).join('; '),
            });
          }
        }
      }
      for (const e of extras) {
        texts.push(e.text);
        items.push(...e.items);
      }
      condition = { items: [...new Set(items)], text: texts.join(' ') };
    } else {
      for (const rule of d.why)
        if (!this.applied.has(rule)) this.applied.set(rule, { rule, title: ruleTitle(rule), reason: d.title });
    }
    const id = this.uniqueId(`s${this.stage ?? 0}-${phase}-${d.key}`);
    const step: PlanStep = {
      id,
      number: 0,
      phase,
      stage: this.stage,
      title: d.title,
      action: d.action,
      commands: d.commands ?? [],
      gui: d.gui ?? [],
      nodes: d.nodes,
      warnings: d.warnings ?? [],
      why: [...new Set(d.why)],
      condition,
      anchors: d.anchors ?? [],
      expect: d.expect ?? [],
      effects: { services: [], ...d.effects },
    };
    this.steps.push(step);
    return step;
  }

  applyRule(rule: string, reason: string): void {
    if (!this.applied.has(rule)) this.applied.set(rule, { rule, title: ruleTitle(rule), reason });
  }

  private uniqueId(base: string): string {
    const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    let id = slug;
    for (let n = 2; this.ids.has(id); n++) id = `${slug}-${n}`;
    this.ids.add(id);
    return id;
  }
}
