// Issue 9, defect 4: a million noise lines (not alarms) from as many distinct node names, with genuine alarms in
// between. What the service tracks per node must stay bounded (Redis and the process's memory), and the alarms must
// still be ticketed and mailed.
import { redisKeys } from '../../../src/redis/keys.js';
import { noiseLine } from '../../../test/support/alarm-lines.js';
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

const NOISE_PER_SECOND = 20_000;
const CHUNK = 10_000;

export const noiseNodeNames: Scenario = {
  name: 'noise: distinct node names',
  fast: false,
  async run(scale) {
    const stage = await openStage({ redis: 'external', env: { TRAFFIC_FLUSH_MS: '1000' } });
    try {
      const noise = scale.count(1_000_000, 10_000);
      const genuine = distinctAlarms('amidnoise', 20, 4);
      const port = () => stage.service().ports.udp;
      let sent = 0;
      const started = Date.now();
      // Chunks of noise with one genuine alarm after every few: built as they go, a million lines at once is memory.
      for (let at = 0, g = 0; at < noise; at += CHUNK) {
        const now = new Date();
        const lines = Array.from({ length: Math.min(CHUNK, noise - at) }, (_, i) => noiseLine(`NOISE${at + i}`, now));
        await sendUdpPaced(port, lines, NOISE_PER_SECOND);
        const due = Math.floor(((at + CHUNK) / noise) * genuine.length);
        if (due > g) {
          sent += await sendUdpPaced(port, genuine.slice(g, due), 100);
          g = due;
        }
      }
      const rssDuringNoise = stage.rssPeakSoFar();
      const row = await stage.settle(this.name, sent, Date.now(), scale.settleMs);
      const redis = stage.redis();
      const memory = /used_memory:(\d+)/.exec(await redis.info('memory'))?.[1];
      row.notes.push(
        `${noise} noise lines from distinct nodes in ${((Date.now() - started) / 1000).toFixed(0)} s (counted as noise: ${await stage.metric('certwatch_messages_noise_total')}); sent counts the ${genuine.length} alarms only`,
        `RSS peak while the noise came ${(rssDuringNoise / 1048576).toFixed(0)} MB`,
        `node-traffic fields ${await redis.hlen(redisKeys.nodeTraffic())}, untracked ${await stage.metric('certwatch_traffic_untracked_total')}; Redis used_memory ${(Number(memory) / 1048576).toFixed(1)} MB`,
      );
      return row;
    } finally {
      await stage.close();
    }
  },
};
