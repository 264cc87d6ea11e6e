// The frames of one read as offsets into it (frames[2k], frames[2k + 1]: frame k's start and end), not as a view
// object per frame: what the noise screen takes (ScreenNoise, message-meta.ts). Grows as needed, reused read after
// read.
export class FrameOffsets {
  frames = new Int32Array(2 * 256);
  count = 0;
  /** For the indices of the frames the screen leaves for onMessage: as long as frames can get. */
  rest = new Int32Array(256);

  add(start: number, end: number): void {
    if (2 * this.count === this.frames.length) {
      const grown = new Int32Array(2 * this.frames.length);
      grown.set(this.frames);
      this.frames = grown;
      this.rest = new Int32Array(this.frames.length / 2);
    }
    this.frames[2 * this.count] = start;
    this.frames[2 * this.count + 1] = end;
    this.count += 1;
  }

  clear(): void {
    this.count = 0;
  }
}
