// The noise screen in C (native/frame-scan/frame_scan.c, built into native/build/frame_scan.node by
// scripts/build-native.sh): one call per read instead of a JavaScript pass and a view per frame. When the addon is
// absent the JavaScript screen decides the same (frame-screen.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CERTWATCH_ROOT } from '../version.js';
import type { FrameScreen } from './frame-screen.js';
import { internedName } from './interned-names.js';
import { noNodeLabels } from './node-labels.js';
import { sniffNode } from './sniff-node.js';

export const DEFAULT_FRAME_SCAN_ADDON = fileURLToPath(new URL('native/build/frame_scan.node', CERTWATCH_ROOT));

interface FrameScanAddon {
  screen(chunk: Buffer, frames: Int32Array, count: number, out: Int32Array): void;
}

/** The addon's verdict codes (frame_scan.c). */
const NODE = 0, SAME_NODE = 1, HEADER = 2, MIGHT_BE_ALARM = 3;

export type FrameScreenLoad = { loaded: true; screen: FrameScreen } | { loaded: false; reason: string };

/** Loads the addon; never throws: the reason says why it is not there. */
export function loadNativeFrameScreen(path = DEFAULT_FRAME_SCAN_ADDON): FrameScreenLoad {
  if (!existsSync(path)) {
    return {
      loaded: false,
      reason: `${path} is not built (run scripts/build-native.sh; it needs a C compiler: apt-get install build-essential)`,
    };
  }
  let addon: Partial<FrameScanAddon>;
  try {
    addon = createRequire(import.meta.url)(path) as Partial<FrameScanAddon>;
  } catch (err) {
    return { loaded: false, reason: `${path} does not load: ${(err as Error).message}` };
  }
  if (typeof addon.screen !== 'function') {
    return { loaded: false, reason: `${path} is not the frame_scan addon (no screen())` };
  }
  return { loaded: true, screen: nativeScreen(addon as FrameScanAddon) };
}

function nativeScreen(addon: FrameScanAddon): FrameScreen {
  let out = new Int32Array(3 * 256);
  /** A frame the addon found no node label or plain header in: only the header is left to read. */
  const noLabels = noNodeLabels();
  return (chunk, frames, count, visit) => {
    if (out.length < 3 * count) out = new Int32Array(3 * count);
    addon.screen(chunk, frames, count, out);
    let lastNode: string | null = null;
    for (let k = 0; k < count; k++) {
      const verdict = out[3 * k]!;
      if (verdict === NODE) {
        lastNode = internedName(chunk, out[3 * k + 1]!, out[3 * k + 2]!);
        visit(k, 'noise', lastNode);
      } else if (verdict === SAME_NODE) {
        visit(k, 'noise', lastNode);
      } else if (verdict === HEADER) {
        visit(k, 'noise', sniffNode(chunk.subarray(frames[2 * k]!, frames[2 * k + 1]!), noLabels));
      } else {
        visit(k, verdict === MIGHT_BE_ALARM ? 'might-be-alarm' : 'not-text', null);
      }
    }
  };
}
