// Child process for the unhandled-rejection guard test: starts the service, lets one promise reject unhandled, then
// reports on stdout whether the service still answers and what /metrics counted.
import { startService } from '../../src/main.js';
import { parseExposition, sumSamples } from '../support/metrics.js';
import { waitFor } from '../support/wait-for.js';

const service = await startService({
  roles: ['api'],
  env: { ...process.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'error' },
});
void Promise.reject(new Error('deliberate unhandled rejection'));
const counted = await waitFor('the rejection to be counted', async () => {
  const metrics = await (await fetch(`http://127.0.0.1:${service.ports.http}/metrics`)).text();
  return sumSamples(parseExposition(metrics), 'certwatch_unhandled_rejections_total');
}, 5_000);
process.stdout.write(`${JSON.stringify({ result: 'alive', counted })}\n`);
await service.stop();
