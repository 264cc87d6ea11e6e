// Entry of the worker process that a service running ingest and worker together starts (see worker-process.ts): the
// worker role alone, on the service's Redis, without HTTP; its metrics go to the service's /metrics over IPC.
// It stops when told to (ordered: a mail in progress finishes), and at once when the service is gone (kill -9 of the
// service must not leave a worker behind; a job it held is taken up again after its lock lapses).
import { startService } from '../main.js';
import { decodeTarget, type FromWorkerProcess, type ToWorkerProcess } from './worker-messages.js';

// Compiled, the child is forked straight to this file (not through bin/certwatch.js): its stack traces name the
// TypeScript sources too.
process.setSourceMapsEnabled(true);
const send = (message: FromWorkerProcess) => process.send?.(message);
process.on('disconnect', () => process.exit(0));
// Ctrl-C and `kill` of the process group reach this process too: the service decides when it stops.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

const service = await startService({
  roles: ['worker'],
  env: process.env,
  worker: { redis: decodeTarget(process.argv[2]) },
});
process.on('message', (message: ToWorkerProcess) => {
  if (message.type === 'metrics') {
    void service.metrics().then((metrics) => send({ type: 'metrics', id: message.id, metrics }));
  }
  else if (message.type === 'stop') void service.stop().finally(() => process.exit(0));
});
send({ type: 'ready' });
