// The SMTP relay down for 60 s (listener closed, connections cut: "connection refused", not a polite 451) while
// alarms come in; then back on the same port. Every mail goes out once when it returns.
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

export const smtpDown: Scenario = {
  name: 'SMTP down',
  fast: true,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    try {
      const downMs = scale.ms(60, 4000);
      const lines = distinctAlarms('smtpdown', scale.count(100, 20), 5);
      await stage.smtpDown();
      const downAt = Date.now();
      const sent = await sendUdpPaced(() => stage.service().ports.udp, lines, lines.length / (downMs / 2000));
      await new Promise((r) => setTimeout(r, Math.max(0, downAt + downMs - Date.now())));
      const failedBefore = await stage.metric('certwatch_mails_total', { outcome: 'failed-retry' });
      await stage.smtpUp();
      const row = await stage.settle(this.name, sent, Date.now(), scale.settleMs);
      row.notes.push(`down ${(downMs / 1000).toFixed(0)} s; failed attempts meanwhile ${failedBefore}; mails in the failed set ${await stage.metric('certwatch_jobs_failed')}`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
