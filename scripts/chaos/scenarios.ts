// Every chaos scenario, in the order the table prints them.
import type { Scenario } from './scenario.js';
import { diskFull } from './scenarios/disk-full.js';
import { heldConnections } from './scenarios/held-connections.js';
import { kill9 } from './scenarios/kill-9.js';
import { noiseNodeNames } from './scenarios/noise-node-names.js';
import { poisonUnits } from './scenarios/poison-units.js';
import { redisFrozen } from './scenarios/redis-frozen.js';
import { redisKilledEmbedded, redisKilledExternal } from './scenarios/redis-killed.js';
import { smtpAckLost } from './scenarios/smtp-ack-lost.js';
import { smtpDown } from './scenarios/smtp-down.js';
import { tcpFlood } from './scenarios/tcp-flood.js';

export const SCENARIOS: readonly Scenario[] = [
  kill9,
  redisFrozen,
  redisKilledEmbedded,
  redisKilledExternal,
  smtpDown,
  smtpAckLost,
  diskFull,
  tcpFlood,
  noiseNodeNames,
  heldConnections,
  poisonUnits,
];
