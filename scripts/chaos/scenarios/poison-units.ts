// Issue 9, defect 1: alarms whose Unit is a name every plain object has (constructor, toString, __proto__, ...), sent
// beside genuine alarms of the same node. Every alarm must still get its mail; the poison ones with a plan that says
// it could not be built.
import { alarmLine, sendUdpPaced } from '../alarms.js';
import type { Scenario } from '../scenario.js';
import { openStage } from '../stage.js';

export const POISON_UNITS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'constructor-trust', '__proto__', 'prototype', 'propertyIsEnumerable'];

export const poisonUnits: Scenario = {
  name: 'poison units',
  fast: true,
  async run(scale) {
    const stage = await openStage({ redis: 'external' });
    try {
      const lines = [
        ...POISON_UNITS.map((unit, i) => alarmLine('POISON01', `poison-${i}.der`, unit)),
        ...Array.from({ length: 5 }, (_, i) => alarmLine('POISON01', `genuine-${i}.der`)),
      ];
      const sent = await sendUdpPaced(() => stage.service().ports.udp, lines, 200);
      const row = await stage.settle(this.name, sent, Date.now(), scale.settleMs);
      const units = new Set((await stage.service().api<{ items: { unit: string }[] }>('/api/v1/expiries')).body.items.map((t) => t.unit));
      const refused = POISON_UNITS.filter((u) => !units.has(u));
      if (refused.length > 0) row.notes.push(`refused at the door (no ticket, not accepted): ${refused.join(', ')}`);
      const plan = await stage.service().api('/api/v1/plan?unit=constructor');
      row.notes.push(`GET /api/v1/plan?unit=constructor answered ${plan.status}`, `plan failures counted: ${await stage.metric('certwatch_plan_failures_total')}`);
      if (plan.status >= 500) row.failures.push(`GET /api/v1/plan?unit=constructor answered ${plan.status}`);
      return row;
    } finally {
      await stage.close();
    }
  },
};
