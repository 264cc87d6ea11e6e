// The renewal-plan engine's public API: build a plan, make a target by hand, render it as text, HTML or Markdown.
export { buildPlan, type PlanInput, type PlanOptions } from './build-plan.js';
export { targetForUnit } from './target.js';
export { renderPlanText } from './render/text.js';
export { renderPlanHtml } from './render/html.js';
export { renderPlanMarkdown } from './render/markdown.js';
export { renderPlan, isPlanFormat, PLAN_CONTENT_TYPES, PLAN_FORMATS, type PlanFormat } from './render/render-plan.js';
export { INVARIANTS, checkInvariants, type InvariantViolation } from './invariants.js';
export type {
  Plan, PlanPhase, PlanStep, PlanStage, PhaseKind, TrustAnchor, StepCondition, StepEffects, CertChange, ServiceAction,
  RuleNote, RouteDecision, RouteId, Deadline, PlanContext,
} from './types.js';
