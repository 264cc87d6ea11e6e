// Redis killed (SIGKILL) under a running service: the embedded one (the service must notice and start it again by
// itself) and an external one (down for a while, then started again on its AOF). Alarms sent while it is gone are
// spooled and reach Redis when it is back.
import { waitFor } from '../../../test/support/wait-for.js';
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { embeddedRedisPid, openStage } from '../stage.js';

export const redisKilledEmbedded: Scenario = {
  name: 'Redis killed (embedded)',
  fast: true,
  async run(scale) {
    const stage = await openStage({ redis: 'embedded' });
    try {
      const lines = distinctAlarms('embkill', scale.count(100, 20), 4);
      const half = Math.floor(lines.length / 2);
      let sent = await sendUdpPaced(() => stage.service().ports.udp, lines.slice(0, half), 50);
      const firstPid = embeddedRedisPid(stage.dataDir);
      process.kill(firstPid, 'SIGKILL');
      const killedAt = Date.now();
      // Straight into the gap: these find Redis gone.
      sent += await sendUdpPaced(() => stage.service().ports.udp, lines.slice(half), 200);
      const readyAgain = await waitFor('ready again', async () => ((await stage.service().api('/readyz')).status === 200 ? Date.now() : null), scale.settleMs, 200)
        .catch(() => null);
      const row = await stage.settle(this.name, sent, killedAt, scale.settleMs);
      const restarted = embeddedRedisPid(stage.dataDir) !== firstPid;
      row.notes.push(
        `redis-server restarted by the service: ${restarted}; ready again after ${readyAgain === null ? 'never' : `${((readyAgain - killedAt) / 1000).toFixed(1)} s`}`,
        `EmbeddedRedisExited logged: ${stage.service().logs.some((l) => l.event === 'EmbeddedRedisExited')}; spooled ${await stage.metric('certwatch_spool_written_total')}`,
      );
      const stopping = Date.now();
      await stage.service().stop();
      row.notes.push(`SIGTERM afterwards took ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
      return row;
    } finally {
      await stage.close();
    }
  },
};

export const redisKilledExternal: Scenario = {
  name: 'Redis killed (external)',
  fast: true,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    const redis = stage.externalRedis!;
    try {
      const downMs = scale.ms(20, 2000);
      const lines = distinctAlarms('extkill', scale.count(100, 20), 4);
      const half = Math.floor(lines.length / 2);
      let sent = await sendUdpPaced(() => stage.service().ports.udp, lines.slice(0, half), 50);
      await redis.kill();
      const killedAt = Date.now();
      sent += await sendUdpPaced(() => stage.service().ports.udp, lines.slice(half), (lines.length - half) / (downMs / 1000));
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + downMs - Date.now())));
      await redis.start();
      const row = await stage.settle(this.name, sent, Date.now(), scale.settleMs);
      row.notes.push(`down ${(downMs / 1000).toFixed(0)} s; spooled ${await stage.metric('certwatch_spool_written_total')}, spool overflow ${await stage.metric('certwatch_spool_overflow_total')}`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
