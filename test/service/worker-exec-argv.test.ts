// The worker child's node flags (worker-process.ts): its heap flags unless the operator gave the service that flag,
// then the service's own flags, and tsx's loader for a source entry the service did not load tsx for by a flag.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { childExecArgv } from '../../src/service/worker-process.js';

const JS = '/app/dist/src/service/worker-child.js';

describe("the worker child's node flags", () => {
  test("no heap flag given: both heap flags, then the service's own", () => {
    assert.deepEqual(childExecArgv(JS, ['--enable-source-maps'], undefined), [
      '--max-old-space-size=512',
      '--max-semi-space-size=2',
      '--enable-source-maps',
    ]);
  });
  test("a flag the operator gave (on the command line or in NODE_OPTIONS) is the operator's: not added again", () => {
    assert.deepEqual(childExecArgv(JS, ['--max-semi-space-size=8'], undefined), [
      '--max-old-space-size=512',
      '--max-semi-space-size=8',
    ]);
    assert.deepEqual(childExecArgv(JS, [], '--max-old-space-size=1024 --trace-gc'), ['--max-semi-space-size=2']);
    assert.deepEqual(childExecArgv(JS, ['--max-old-space-size', '300'], undefined), [
      '--max-semi-space-size=2',
      '--max-old-space-size',
      '300',
    ]);
  });
  test('a source entry without tsx among the service\'s flags gets tsx\'s loader after them', () => {
    const argv = childExecArgv('/app/src/service/worker-child.ts', [], undefined);
    assert.deepEqual(argv.slice(0, 3), ['--max-old-space-size=512', '--max-semi-space-size=2', '--import']);
    assert.match(argv[3]!, /tsx/);
    assert.deepEqual(childExecArgv('/app/src/service/worker-child.ts', ['--import', 'tsx'], undefined), [
      '--max-old-space-size=512',
      '--max-semi-space-size=2',
      '--import',
      'tsx',
    ]);
  });
});
