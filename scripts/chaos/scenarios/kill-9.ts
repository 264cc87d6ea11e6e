// kill -9 mid-flow: alarms stream in over UDP while mails go out; once a third are sent, the service is killed without
// warning and started again on the same data (its embedded Redis left behind, as after a crash) while the stream goes
// on. Every alarm it had accepted must still be ticketed and mailed. A kill that lands between the relay storing a
// mail and its 250 reaching certwatch cannot be told from a failed send: that mail is sent again, under the same
// Message-ID (shown in the table); a copy under another Message-ID is a duplicate.
import { waitFor } from '../../../test/support/wait-for.js';
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

export const kill9: Scenario = {
  name: 'kill -9 mid-flow',
  fast: true,
  resendsExpected: true,
  async run(scale) {
    const stage = await openStage({ redis: 'embedded' });
    try {
      const lines = distinctAlarms('kill9', scale.count(400, 60), 8);
      const progress = { sent: 0 };
      const sending = sendUdpPaced(() => stage.service().ports.udp, lines, lines.length / (scale.ms(40, 8000) / 1000), progress);
      await waitFor('a third of the alarms sent', () => progress.sent >= lines.length / 3, scale.settleMs, 10);
      const mailsBefore = stage.smtp().received.length;
      const sentBefore = progress.sent;
      await stage.kill9AndRestart();
      const restartedAt = Date.now();
      const sent = await sending;
      const row = await stage.settle(this.name, sent, restartedAt, scale.settleMs);
      row.notes.push(
        `killed after ${sentBefore} alarms and ${mailsBefore} mails; ${progress.sent - sentBefore} sent after (those sent while it was down reach no one)`,
        `stale embedded Redis recognised on restart: ${stage.service().logs.some((l) => l.event === 'EmbeddedRedisStale')}`,
      );
      return row;
    } finally {
      await stage.close();
    }
  },
};
