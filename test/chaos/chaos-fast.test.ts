// The fast chaos scenarios of `npm run chaos` (scripts/chaos/), in their short version: against the real service, a
// real redis-server and a real SMTP sink, each must lose no accepted alarm, deliver no ticket revision twice (a
// resend under the same Message-ID is allowed only where the fault hides the relay's answer) and stay under 250 MB.
// Heavy for a 2-core machine, so it runs once per CI run: scripts/test.sh (the Node 20 run) sets CERTWATCH_HEAVY=1.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scaleOf } from '../../scripts/chaos/scale.js';
import { rowProblems } from '../../scripts/chaos/scenario.js';
import { SCENARIOS } from '../../scripts/chaos/scenarios.js';
import { formatTable } from '../../scripts/chaos/table.js';
import { heavySkip } from '../support/heavy.js';

const skip = heavySkip;
/**
 * Short versions: Redis frozen 3 s, SMTP down 4 s, a few dozen alarms each. The books may take up to 150 s on a loaded
 * machine: a mail whose cluster lock a killed worker held waits MAIL_LOCK_MS (90 s), a job it was running waits for its
 * BullMQ lock to lapse (15 s) and the next stalled check (every 10 s).
 */
const SHORT = scaleOf(0.05, 150);

describe('chaos scenarios, short versions (issue 9)', { skip }, () => {
  for (const scenario of SCENARIOS.filter((s) => s.fast)) {
    test(scenario.name, { timeout: 300_000 }, async () => {
      const row = await scenario.run(SHORT);
      assert.ok(row.accepted > 0, 'the scenario got alarms accepted');
      assert.deepEqual(rowProblems(row, scenario), [], formatTable([row]));
    });
  }
});
