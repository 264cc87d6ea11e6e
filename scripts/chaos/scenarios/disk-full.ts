// Disk full and back (issue 9, defect 2): Redis away and the spool on a full disk (its files pointed at /dev/full,
// where every write answers ENOSPC, as test/e2e/full-disk.test.ts does). Alarms then cannot be accepted: that must
// be counted, never crash the service; when space and Redis return, alarms flow again.
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../../test/support/wait-for.js';
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

export const diskFull: Scenario = {
  name: 'disk full and back',
  fast: true,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    const redis = stage.externalRedis!;
    try {
      const fullMs = scale.ms(20, 3000);
      const before = distinctAlarms('beforefull', scale.count(40, 10), 2);
      const during = distinctAlarms('diskfull', scale.count(40, 10), 2);
      const after = distinctAlarms('afterfull', scale.count(40, 10), 2);
      let sent = await sendUdpPaced(() => stage.service().ports.udp, before, 50);
      const spool = join(stage.dataDir, 'spool');
      const files = ['events.jsonl', 'probe.tmp'].map((f) => join(spool, f));
      for (const file of files) {
        rmSync(file, { force: true });
        symlinkSync('/dev/full', file);
      }
      await redis.kill();
      const fullAt = Date.now();
      sent += await sendUdpPaced(() => stage.service().ports.udp, during, during.length / (fullMs / 2000));
      await new Promise((r) => setTimeout(r, Math.max(0, fullAt + fullMs - Date.now())));
      const overflow = await stage.metric('certwatch_spool_overflow_total');
      const readyz = (await stage.service().api<{ checks?: Record<string, boolean> }>('/readyz'));
      for (const file of files) rmSync(file, { force: true });
      await redis.start();
      const backAt = Date.now();
      await waitFor('ready again', async () => (await stage.service().api('/readyz')).status === 200 || null, scale.settleMs, 200).catch(() => undefined);
      sent += await sendUdpPaced(() => stage.service().ports.udp, after, 50);
      const row = await stage.settle(this.name, sent, backAt, scale.settleMs);
      row.notes.push(
        `while full: ${overflow} alarms counted as lost to the full spool (not accepted), /readyz ${readyz.status} spool=${readyz.body.checks?.spool}`,
        `service alive throughout: ${stage.service().child.exitCode === null}; unhandled rejections ${await stage.metric('certwatch_unhandled_rejections_total')}`,
      );
      if (stage.service().child.exitCode !== null) row.failures.push('the service exited');
      return row;
    } finally {
      await stage.close();
    }
  },
};
