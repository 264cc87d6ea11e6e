// The length budgets of issue 8, measured on the text rendering with everything in it: a plan an engineer follows in
// a maintenance window fits on pages. `npm run plan-stats` applies them to every cell of the rules matrix.
// Where a section starts and what is shared is read by sectionsOf alone, so a new layout changes one function.

export interface PlanBudgets {
  oneUnitLines: number;
  sectionLines: number;
  lineChars: number;
  checklistLines: number;
}

/** Budgets in lines and characters. */
export const PLAN_BUDGETS: Readonly<PlanBudgets> = {
  /** One unit on a cluster whose version, security mode and signing are known: the whole text. */
  oneUnitLines: 150,
  /** A whole-cluster renewal: each anchor section (the shared parts are outside the sections). */
  sectionLines: 70,
  /** Every line of every plan. */
  lineChars: 100,
  /** The discovery checklist of a cluster whose version, security mode or signing is unknown. */
  checklistLines: 40,
};

export interface PlanSection {
  heading: string;
  /** Lines from the heading up to (not including) the next heading or the shared tail. */
  lines: number;
}

export interface PlanLayout {
  /** The anchor sections (one per step of the plan). */
  sections: PlanSection[];
  /** Lines of the discovery checklist of a cluster whose basic state is unknown; 0 when there is none. */
  checklistLines: number;
  /** Lines outside the anchor sections and the checklist: header, pre-checks, clean-up, recovery, appendix. */
  sharedLines: number;
}

/** A section heading of the text rendering: `=== Step 2 of 5: CallManager (2026-12-04) =====`. */
const SECTION_HEADING = /^=== /;
/** The heading of an anchor section. */
const STEP_SECTION = /^=== Step \d+ of \d+: /;
const CHECKLIST_SECTION = /^=== Before anything else/;

export function sectionsOf(text: string): PlanLayout {
  const sections: PlanSection[] = [];
  let sharedLines = 0;
  let checklistLines = 0;
  let current: PlanSection | 'checklist' | null = null;
  for (const line of linesOf(text)) {
    if (SECTION_HEADING.test(line)) {
      current = STEP_SECTION.test(line)
        ? { heading: line.replace(/[\s=]+$/, ''), lines: 0 }
        : CHECKLIST_SECTION.test(line)
          ? 'checklist'
          : null;
      if (current && current !== 'checklist') sections.push(current);
    }
    if (current === 'checklist') checklistLines++;
    else if (current) current.lines++;
    else sharedLines++;
  }
  return { sections, checklistLines, sharedLines };
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface PlanMeasure {
  lines: number;
  longestLine: number;
  layout: PlanLayout;
}

export function measurePlanText(text: string): PlanMeasure {
  const lines = linesOf(text);
  return {
    lines: lines.length,
    longestLine: Math.max(0, ...lines.map((l) => [...l].length)),
    layout: sectionsOf(text),
  };
}

/** What a plan is, for its budget: one unit or the whole cluster, on a known cluster or one with unknowns. */
export type CellKind = 'one-unit-known' | 'one-unit-unknown' | 'whole-cluster-known' | 'whole-cluster-unknown';

export type BudgetOverrun =
  | { budget: 'one-unit-lines'; lines: number; limit: number }
  | { budget: 'section-lines'; section: string; lines: number; limit: number }
  | { budget: 'checklist-lines'; lines: number; limit: number }
  | { budget: 'line-chars'; chars: number; limit: number };

/** The budgets a plan text exceeds, by name; the line width holds for every plan. */
export function budgetOverruns(
  kind: CellKind,
  m: PlanMeasure,
  budgets: Readonly<PlanBudgets> = PLAN_BUDGETS,
): BudgetOverrun[] {
  const out: BudgetOverrun[] = [];
  if (kind === 'one-unit-known' && m.lines > budgets.oneUnitLines) {
    out.push({ budget: 'one-unit-lines', lines: m.lines, limit: budgets.oneUnitLines });
  }
  if (kind === 'whole-cluster-known') {
    for (const s of m.layout.sections) {
      if (s.lines > budgets.sectionLines) {
        out.push({ budget: 'section-lines', section: s.heading, lines: s.lines, limit: budgets.sectionLines });
      }
    }
  }
  if (
    (kind === 'one-unit-unknown' || kind === 'whole-cluster-unknown') &&
    m.layout.checklistLines > budgets.checklistLines
  ) {
    out.push({ budget: 'checklist-lines', lines: m.layout.checklistLines, limit: budgets.checklistLines });
  }
  if (m.longestLine > budgets.lineChars) {
    out.push({ budget: 'line-chars', chars: m.longestLine, limit: budgets.lineChars });
  }
  return out;
}
