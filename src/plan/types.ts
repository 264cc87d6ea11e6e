// The renewal plan's JSON shape: phases of steps, each step saying what it changes and which rule put it there.
import type { ExpiryPrecision, Urgency } from '../domain/certificate-event.js';
import type { ExpiryWindow, PlanTarget } from '../domain/plan-target.js';
import type { ConsistencyWarning } from './rules/consistency.js';

/** Phase kinds in the order a stage walks through them (brief 4.1-4.5). Phases repeat per stage in combined plans. */
export type PhaseKind =
  | 'pre-checks'
  | 'protect-itl'
  | 'change'
  | 'update-ctl'
  | 'restart'
  | 'phones'
  | 'verify'
  | 'partners'
  | 'clean-up'
  | 'if-something-goes-wrong';

/** The trust anchors of brief 4.1.1: each is changed in a step of its own. */
export type TrustAnchor = 'CallManager' | 'CallManager-ECDSA' | 'TVS' | 'ITLRecovery' | 'CAPF';

export type ChangeMethod = 'regen' | 'csr-upload' | 'multi-san-upload' | 'trust-upload' | 'trust-delete';

/** Machine-readable certificate change, so the invariants need not parse prose. */
export interface CertChange {
  /** Unit as displayed (tomcat, CallManager-ECDSA, CAPF-trust, ...). */
  unit: string;
  store: 'own' | 'trust';
  method: ChangeMethod;
  /** Nodes whose certificate changes (a multi-SAN upload on the publisher changes every node). */
  nodes: string[];
  /** The signing branch this step is for ('unknown' only for trust stores). */
  signing: 'self-signed' | 'ca-signed' | 'multi-san' | 'unknown';
  /** True when, in mixed mode, this change needs a CTL update (brief 4.1.4). */
  ctlRelevant: boolean;
}

export interface ServiceAction {
  action: 'stop' | 'start' | 'restart';
  service: string;
  nodes: string[];
}

/** Set when a step applies only if an unknown state item turns out a certain way. */
export interface StepCondition {
  /** ClusterState items (or derived items such as version) the condition depends on. */
  items: string[];
  /** Human text: "Only if the cluster is in mixed mode (check: ...)". */
  text: string;
}

export interface StepEffects {
  change?: CertChange;
  ctlUpdate?: boolean;
  /** 'itl' for `utils itl reset localkey`, 'ctl' for `utils ctl reset localkey` (ITLRecovery recipe, recovery). */
  resetLocalkey?: 'itl' | 'ctl';
  services: ServiceAction[];
  phoneReset?: boolean;
  /** A verification gate: stop here until every check matches. */
  gate?: boolean;
  lscReissue?: boolean;
  /** The gate compares the ITL on sample phones of every model with `show itl` and tries something that needs it. */
  phoneItlCheck?: boolean;
  /** Devices without Security by Default have their CTL deleted by hand (the CTL signer changed). */
  manualCtlDelete?: boolean;
  /** A partner (ISE, ASA, an application) is given this unit's new certificate to trust. */
  trustPush?: string;
}

export interface PlanStep {
  /** Stable id, unique in the plan (e.g. s2-change-callmanager-cucm01). */
  id: string;
  /** 1-based position in the whole plan. */
  number: number;
  phase: PhaseKind;
  /** Stage index (one certificate type = one trust anchor per stage); null outside stages. */
  stage: number | null;
  title: string;
  /** What to do, in plain words. */
  action: string;
  /** CLI commands, in order, typed at the `admin:` prompt of the node(s). */
  commands: string[];
  /** GUI paths (page > menu > button). */
  gui: string[];
  /** Nodes it runs on, in order (publisher first); placeholders in [brackets] when the node is unknown. */
  nodes: string[];
  warnings: string[];
  /** Rule ids (see rules/rule-catalogue.ts) that put this step here. */
  why: string[];
  condition: StepCondition | null;
  /** Trust anchors this step changes (at most one: invariant). */
  anchors: TrustAnchor[];
  /** How to confirm the step worked before going on. */
  expect: string[];
  effects: StepEffects;
}

export interface PlanPhase {
  id: string;
  kind: PhaseKind;
  title: string;
  stage: number | null;
  steps: PlanStep[];
}

export interface PlanStage {
  index: number;
  title: string;
  /** Unit family planned in this stage (CallManager, tomcat, CAPF-trust, ...). */
  unit: string;
  anchor: TrustAnchor | null;
  nodes: string[];
  /** Why this stage was moved ahead of the default order (its certificate would expire before its turn). */
  movedForDeadline?: string;
  /** Day of this step's window (YYYY-MM-DD in the cluster's time zone): the plan's day, then PLAN_STEP_GAP_DAYS
   * apart. */
  date: string;
  /** Earliest expiry (ISO) of the certificates this step renews; null when unknown. */
  deadline: string | null;
  /** True when the certificate expires before this step's day, whatever the order (the plan says what that breaks). */
  late: boolean;
  /** Why this step comes closer to the one before it than the usual gap (its certificate would expire first). */
  pulledEarlier: string | null;
  /** The inventory's maintenance window this step is in (ISO-8601 UTC bounds); null when the inventory has none. */
  window: { start: string; end: string } | null;
  /** How to take this step back (previous certificate or chain, self-signed fallback, the SSO recovery URL). */
  undo: string[];
}

/** A stage as the stage builders make it; the plan adds its day, deadline and undo once every stage is known. */
export type StageDraft = Omit<PlanStage, 'date' | 'deadline' | 'late' | 'pulledEarlier' | 'window' | 'undo'>;

export interface RuleNote {
  rule: string;
  title: string;
  /** Why it was applied or could not be decided. */
  reason: string;
  /** For undecided rules: the check that decides it. */
  check?: string;
}

export type RouteId = 'standard' | 'ordered-tftp' | 'rollback';

export interface RouteDecision {
  requested: RouteId;
  used: RouteId;
  /** Why a requested route was refused (named reasons), empty when granted. */
  refused: { reason: string; text: string }[];
  /** Routes that would be available and are worth knowing (ordered TFTP where its conditions hold). */
  available: RouteId[];
}

export interface Deadline {
  /** Earliest best estimate of the targets' expiry (ISO; a window's latest instant), null when no target has one. */
  at: string | null;
  precision: ExpiryPrecision | null;
  /** The bounds when that target's expiry is only a window; null otherwise. */
  window: ExpiryWindow | null;
  /** True when the date is not exact (year inferred or only a window), or unknown. */
  inferred: boolean;
  /** Whole days from `now` (negative when already expired); null when unknown. */
  daysLeft: number | null;
  text: string;
}

/** Snapshot of the state that decided the plan (also what the invariant checks read). */
export interface PlanContext {
  version: string;
  versionBand: string;
  securityMode: string;
  ctlSigner: string;
  itlSigner: string;
  tftpServers: string[] | 'unknown';
  /** `phones`: `tftpServers` is the phones' order (the inventory's list); `unknown`: no list, or a set discovery
   * found. */
  tftpOrder: 'phones' | 'unknown';
  lsc: string;
  tomcatReusedAsCallManager: string;
  /** Signing per lower-case unit as the engine read it ('unknown' when not given). */
  signing: Record<string, string>;
  fallbackToSelfSigned: boolean;
  /** Publisher name, or "[publisher]" when the inventory does not say. */
  publisher: string;
  unitOrder: string[];
  unitOrderOverridden: boolean;
  /** IANA zone every date a person reads is shown in (UTC beside it): the publisher's, else UTC. */
  timeZone: string;
  /** Days between two steps' windows (PLAN_STEP_GAP_DAYS). */
  stepGapDays: number;
}

/** One state item the plan cannot do without, with how to read it and what its answer changes. */
export interface DiscoveryItem {
  item: 'version' | 'securityMode' | 'ctlSigner' | 'signing' | 'tomcatReusedAsCallManager' | 'nodes';
  label: string;
  commands: string[];
  gui: string[];
  /** How to read the answer. */
  how: string;
  /** The inventory key (and values) that gives the answer to certwatch. */
  answer: string;
  /** What the answer changes in the plan. */
  changes: string;
}

/**
 * Set when the version, security mode, CTL signer, a certificate's signing or (for tomcat on 14+) its reuse as
 * CallManager is unknown: each doubles the plan, so runnable steps wait for the answers.
 */
export interface Discovery {
  items: DiscoveryItem[];
  /** The order of work, one line per step, before the answers are known. */
  outline: string[];
}

export interface Plan {
  title: string;
  cluster: { id: string; name: string };
  generatedAt: string;
  targets: PlanTarget[];
  urgency: Urgency;
  context: PlanContext;
  route: RouteDecision;
  stages: PlanStage[];
  phases: PlanPhase[];
  impact: string[];
  deadline: Deadline;
  rulesApplied: RuleNote[];
  rulesSkipped: RuleNote[];
  /** Things the plan could not do (unrecognised unit, refused route, ...), as the reader sees them. */
  notices: string[];
  /** Inventory contradictions and refused routes with their named reasons (their texts are among the notices). */
  inconsistencies: ConsistencyWarning[];
  /**
   * Non-null when the plan's basic state is unknown: the rendered plan is then the discovery checklist and an outline;
   * `phases` still hold every branch for tools, but they are not what an engineer runs.
   */
  discovery: Discovery | null;
}
