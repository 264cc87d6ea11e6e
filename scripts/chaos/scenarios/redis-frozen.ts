// Redis frozen (SIGSTOP) for 40 s while alarms keep coming, then thawed (SIGCONT): a Redis that keeps its
// connections open but answers nothing. Alarms accepted meanwhile go to the disk spool and on to Redis afterwards.
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

export const redisFrozen: Scenario = {
  name: 'Redis frozen',
  fast: true,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    const redis = stage.externalRedis!;
    try {
      const frozenMs = scale.ms(40, 3000);
      const lines = distinctAlarms('frozen', scale.count(200, 20), 4);
      const before = Math.ceil(lines.length / 4);
      let sent = await sendUdpPaced(() => stage.service().ports.udp, lines.slice(0, before), 50);
      redis.freeze();
      const frozenAt = Date.now();
      try {
        sent += await sendUdpPaced(() => stage.service().ports.udp, lines.slice(before), (lines.length - before) / (frozenMs / 1000));
        await new Promise((r) => setTimeout(r, Math.max(0, frozenAt + frozenMs - Date.now())));
      } finally {
        redis.thaw();
      }
      const thawedAt = Date.now();
      const row = await stage.settle(this.name, sent, thawedAt, scale.settleMs);
      row.notes.push(`frozen ${(frozenMs / 1000).toFixed(0)} s; spooled ${await stage.metric('certwatch_spool_written_total')}, spool overflow ${await stage.metric('certwatch_spool_overflow_total')}, overload drops ${await stage.metric('certwatch_overload_dropped_total')}`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
