// The worker child's node flags (worker-process.ts): the service's own flags, then the worker's heap flags (which win
// over what the child inherits from the service's command line) unless NODE_OPTIONS names them, and tsx's loader for
// a source entry the service did not load tsx for by a flag.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { childExecArgv } from '../../src/service/worker-process.js';

const JS = '/app/dist/src/service/worker-child.js';
const HEAP = ['--max-old-space-size=512', '--max-semi-space-size=2'];

describe("the worker child's node flags", () => {
  test("the service's flags, then the worker's heap flags after them (the later flag wins)", () => {
    assert.deepEqual(childExecArgv(JS, ['--enable-source-maps'], undefined), ['--enable-source-maps', ...HEAP]);
    assert.deepEqual(childExecArgv(JS, ['--max-semi-space-size=8'], undefined), ['--max-semi-space-size=8', ...HEAP]);
  });
  test('a heap flag NODE_OPTIONS names is the operator\'s: not given again', () => {
    assert.deepEqual(childExecArgv(JS, [], '--max-old-space-size=1024 --trace-gc'), ['--max-semi-space-size=2']);
    assert.deepEqual(childExecArgv(JS, [], '--max-semi-space-size=4'), ['--max-old-space-size=512']);
  });
  test("a source entry without tsx among the service's flags gets tsx's loader after them", () => {
    const argv = childExecArgv('/app/src/service/worker-child.ts', [], undefined);
    assert.deepEqual(argv.slice(0, 3), [...HEAP, '--import']);
    assert.match(argv[3]!, /tsx/);
    assert.deepEqual(childExecArgv('/app/src/service/worker-child.ts', ['--import', 'tsx'], undefined), [
      '--import',
      'tsx',
      ...HEAP,
    ]);
  });
});
