// The cluster inventory model (brief section 3). Every item may be 'unknown'; the plan engine then plans the check
// and each branch. Shared by config/ (YAML and API validation), tickets/ (event -> cluster mapping) and plan/.
// The shape itself is described once, as a schema, in cluster-schema.ts; the types here are derived from it.
import { Value } from 'typebox/value';
import { ClusterSchema, type ClusterState } from './cluster-schema.js';

export type {
  ClusterNode,
  ClusterState,
  CtlSigner,
  ItlSigner,
  LscKind,
  MaintenanceWindow,
  NodeRole,
  Peers,
  PhoneInteraction,
  SecurityMode,
  Signing,
  SsoCertificate,
  Tri,
  Unknown,
} from './cluster-schema.js';
export { WEEKDAYS } from './cluster-schema.js';

/** A cluster about which nothing is known (events from an unmapped source): every item at its schema default. */
export function unknownCluster(id: string, name: string): ClusterState {
  return Value.Default(ClusterSchema, { id, name }) as ClusterState;
}
