// Child process for the unhandled-rejection guard test: starts the service, lets one promise reject unhandled, then
// reports on stdout whether the service still answers and what /metrics counted.
import { startService } from '../../src/main.js';

const service = await startService({
  roles: ['api'],
  env: { ...process.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'error' },
});
void Promise.reject(new Error('deliberate unhandled rejection'));
await new Promise((resolve) => setTimeout(resolve, 200));
const metrics = await (await fetch(`http://127.0.0.1:${service.ports.http}/metrics`)).text();
const counted = /^certwatch_unhandled_rejections_total (\d+)$/m.exec(metrics)?.[1];
process.stdout.write(`${JSON.stringify({ result: 'alive', counted: Number(counted) })}\n`);
await service.stop();
