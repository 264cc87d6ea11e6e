// The noise screen for all the messages of one read at once (a TCP chunk, a UDP batch): for each frame, the
// prefilter's verdict and, for noise, its node (sniffNode). Two implementations make the same decision: this
// JavaScript one, the reference, and the C one in native/frame-scan (native-frame-screen.ts), which reads the bytes
// without a JavaScript object per frame. test/parse/frame-screen.test.ts holds them equal.
import { noNodeLabels } from './node-labels.js';
import { prefilter, type PrefilterVerdict } from './prefilter.js';
import { sniffNode } from './sniff-node.js';

/** Called for each frame in order: its verdict, and for noise the node it names (null: none). */
export type FrameVisitor = (index: number, verdict: PrefilterVerdict, node: string | null) => void;

/**
 * Screens `count` frames of `chunk`: frames[2k] and frames[2k + 1] are frame k's start and end. Throws a RangeError
 * when a frame lies outside the chunk (a caller's bug, never the input's).
 */
export type FrameScreen = (chunk: Buffer, frames: Int32Array, count: number, visit: FrameVisitor) => void;

export function screenFramesInJs(chunk: Buffer, frames: Int32Array, count: number, visit: FrameVisitor): void {
  const labels = noNodeLabels();
  for (let k = 0; k < count; k++) {
    const start = frames[2 * k]!, end = frames[2 * k + 1]!;
    if (start < 0 || end < start || end > chunk.length) throw new RangeError('screen: a frame lies outside the buffer');
    const frame = chunk.subarray(start, end);
    const verdict = prefilter(frame, labels);
    visit(k, verdict, verdict === 'noise' ? sniffNode(frame, labels) : null);
  }
}
