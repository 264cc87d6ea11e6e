// The rules matrix for the tests: the one in src/plan/matrix.ts, which `npm run plan-stats` reads too.
export {
  cellCluster, cellTargets, describeCell, ITL_SIGNERS, LSCS, MODE_SIGNERS, MODES, NODES, REUSE, RULE_CELL_COUNT, ruleCells, SIGNERS, SIGNINGS, TFTP,
  UNITS, VERSIONS, wholeClusterShapes, type Cell,
} from '../../src/plan/matrix.js';
