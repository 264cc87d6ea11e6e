// The relay stores each mail and then the connection drops before its 250 reply (issue 9, defect 10): certwatch
// cannot know the mail arrived and sends it again, which must be the same mail under the same Message-ID; no ticket
// revision may go out in a second, differently composed mail.
import { distinctAlarms, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

export const smtpAckLost: Scenario = {
  name: 'SMTP ack lost after DATA',
  fast: true,
  resendsExpected: true,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    try {
      const lossMs = scale.ms(20, 4000);
      // Several clusters (one per node without an inventory), and alarms spread over the window: several mail jobs
      // of one cluster are due while earlier ones are still being retried.
      const lines = distinctAlarms('acklost', scale.count(80, 24), 3);
      stage.smtp().droppingAcks = true;
      const lossFrom = Date.now();
      let sent: number;
      try {
        sent = await sendUdpPaced(() => stage.service().ports.udp, lines, lines.length / (lossMs / 1000));
        await new Promise((r) => setTimeout(r, Math.max(0, lossFrom + lossMs - Date.now())));
      } finally {
        stage.smtp().droppingAcks = false;
      }
      const stored = stage.smtp().received.length;
      const row = await stage.settle(this.name, sent, Date.now(), scale.settleMs);
      row.notes.push(`${stored} mails stored with their reply lost during ${(lossMs / 1000).toFixed(0)} s; a resend under the same Message-ID is expected, another Message-ID is a duplicate`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
