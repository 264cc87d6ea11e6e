// RFC 6587 stream framer (octet counting and newline framing, detected per frame): bytes in, frames out, no I/O.
//
// A frame that starts with `LEN SP` (LEN = a digit run without a leading zero) is octet-counted; anything else,
// including a CiscoLog line without PRI such as `864: host: ...` (digits followed by ':'), is newline framed and ends
// at LF or NUL, with one trailing CR stripped. The framer is bounded: it never holds more than maxFrameBytes plus a
// few bytes, and after an oversized or malformed frame it resynchronises instead of failing the stream.
//
// Speed (issue 11): a frame that lies whole in one chunk is a view of that chunk (no copy, no string), or only its
// offsets when the caller asks for them (push with FrameOffsets: no object per frame at all); the octet count is read
// as a number from the bytes. Only a frame split across chunks is assembled into a buffer of its own. So a frame
// handed out may keep its chunk alive: whoever holds a frame beyond handing it over (none of the pipeline does: it
// decodes to a string) copies it.
import type { FrameOffsets } from './frame-offsets.js';

export type FrameRejectReason = 'oversized' | 'bad-octet-count' | 'incomplete' | 'empty';

export type FrameResult =
  | { ok: true; frame: Buffer }
  | { ok: false; reason: FrameRejectReason; detail: string };

export interface StreamFramer {
  /**
   * Feeds the next chunk of the stream; returns every frame (or rejection) it completed, in order. With `inChunk`, a
   * frame that lies whole in this chunk is added there as offsets instead; the frames returned then come before them
   * in the stream (a frame assembled across chunks ends where this chunk starts), the rejections anywhere.
   */
  push(chunk: Buffer, inChunk?: FrameOffsets): FrameResult[];
  /** End of stream: flushes an unterminated newline frame, reports a cut octet-counted frame. Resets the framer. */
  end(): FrameResult[];
  /** Bytes currently held for a frame in progress (for tests and metrics). */
  bufferedBytes(): number;
}

export interface StreamFramerOptions {
  maxFrameBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** 10 digits already exceed any sane frame size; a longer digit run is treated as the start of a text line. */
const MAX_LEN_DIGITS = 10;

type State =
  | 'start' // at a frame boundary
  | 'digits' // reading a digit run that may be an octet count
  | 'octet-body' // collecting LEN bytes
  | 'octet-skip' // discarding LEN bytes of an oversized frame
  | 'line' // collecting a newline-framed message
  | 'line-skip'; // discarding the rest of an oversized or malformed line

function isDigit(b: number): boolean {
  return b >= DIGIT_0 && b <= DIGIT_9;
}

/**
 * Finds terminators (LF or NUL) in one chunk with two memchr scans that never go back: each scan's result is kept
 * until the position passes it, so a chunk of nothing but NULs or LFs costs one pass, not one pass per line.
 */
class TerminatorScan {
  private chunk: Buffer = Buffer.alloc(0);
  private lf = -1;
  private nul = -1;

  reset(chunk: Buffer): void {
    this.chunk = chunk;
    this.lf = -2; // -2: not searched yet; -1: none left in the chunk
    this.nul = -2;
  }

  /** Index of the first LF or NUL in chunk[from..), or -1. */
  next(from: number): number {
    if (this.lf !== -1 && this.lf < from) this.lf = this.chunk.indexOf(LF, from);
    if (this.nul !== -1 && this.nul < from) this.nul = this.chunk.indexOf(NUL, from);
    if (this.lf === -1) return this.nul;
    if (this.nul === -1) return this.lf;
    return Math.min(this.lf, this.nul);
  }
}

export function createStreamFramer(options: StreamFramerOptions): StreamFramer {
  const maxFrameBytes = options.maxFrameBytes;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1) {
    throw new RangeError(`maxFrameBytes must be a positive integer, got ${String(maxFrameBytes)}`);
  }
  // A newline frame may carry one CR beyond maxFrameBytes that is stripped before the size check.
  const lineLimit = maxFrameBytes + 1;

  let state: State = 'start';
  // Digit run of a possible octet count split across chunks (at most MAX_LEN_DIGITS + 1 bytes) and its value.
  const digits = new Uint8Array(MAX_LEN_DIGITS + 1);
  let digitCount = 0;
  let digitValue = 0;
  // Octet-counted frame split across chunks, being assembled.
  let body: Buffer | null = null;
  let bodyFilled = 0;
  let skipRemaining = 0;
  // Newline frame split across chunks: copied pieces (never views of caller chunks, so a chunk is not retained
  // between pushes).
  let lineParts: Buffer[] = [];
  let lineLength = 0;
  const terminators = new TerminatorScan();

  function resetLine(): void {
    lineParts = [];
    lineLength = 0;
  }

  function resetDigits(): void {
    digitCount = 0;
    digitValue = 0;
  }

  /**
   * A complete line, buf[from..to) (its terminator already dropped): one trailing CR stripped, blank lines skipped,
   * size checked; a view of buf, or its offsets in `inChunk`.
   */
  function emitLine(
    buf: Buffer,
    from: number,
    to: number,
    out: FrameResult[],
    inChunk: FrameOffsets | undefined,
  ): void {
    const end = to > from && buf[to - 1] === CR ? to - 1 : to;
    if (end === from) return; // blank lines between frames are not messages
    if (end - from > maxFrameBytes) {
      out.push({ ok: false, reason: 'oversized', detail: `line of ${end - from} bytes exceeds ${maxFrameBytes}` });
    } else if (inChunk !== undefined) {
      inChunk.add(from, end);
    } else {
      out.push({ ok: true, frame: buf.subarray(from, end) });
    }
  }

  function finishLine(out: FrameResult[]): void {
    if (lineLength === 0) return; // blank lines between frames are not messages (and cost no allocation)
    const line = lineParts.length === 1 ? lineParts[0]! : Buffer.concat(lineParts, lineLength);
    resetLine();
    emitLine(line, 0, line.length, out, undefined);
  }

  function overflowed(out: FrameResult[]): void {
    out.push({
      ok: false, reason: 'oversized',
      detail: `line exceeds ${maxFrameBytes} bytes without a terminator; discarding up to the next LF`,
    });
    resetLine();
  }

  /** Adds buf[from..to) to the line; on overflow reports it and drops the line. Returns false on overflow. */
  function appendLine(buf: Buffer, from: number, to: number, out: FrameResult[]): boolean {
    const n = to - from;
    if (lineLength + n > lineLimit) {
      overflowed(out);
      return false;
    }
    if (n > 0) {
      lineParts.push(Buffer.from(buf.subarray(from, to)));
      lineLength += n;
    }
    return true;
  }

  /** The line ends at buf[to] (a terminator): in this chunk when it lies whole in it, else assembled. */
  function endLine(buf: Buffer, from: number, to: number, out: FrameResult[], inChunk: FrameOffsets | undefined): void {
    if (lineLength > 0) {
      if (appendLine(buf, from, to, out)) finishLine(out);
    } else if (to - from > lineLimit) {
      overflowed(out);
    } else {
      emitLine(buf, from, to, out, inChunk);
    }
  }

  function digitsToLine(): void {
    if (digitCount > 0) {
      lineParts.push(Buffer.from(digits.subarray(0, digitCount)));
      lineLength += digitCount;
      resetDigits();
    }
  }

  /** After `LEN SP` with a valid LEN: skip an oversized frame, else collect its body from the next byte on. */
  function beginOctetBody(len: number, out: FrameResult[]): void {
    if (len > maxFrameBytes) {
      out.push({
        ok: false,
        reason: 'oversized',
        detail: `octet-counted frame of ${len} bytes exceeds ${maxFrameBytes}; skipping it`,
      });
      skipRemaining = len;
      state = 'octet-skip';
    } else {
      body = Buffer.allocUnsafe(len);
      bodyFilled = 0;
      state = 'octet-body';
    }
  }

  function push(chunk: Buffer, inChunk?: FrameOffsets): FrameResult[] {
    const out: FrameResult[] = [];
    const n = chunk.length;
    let pos = 0;
    terminators.reset(chunk);
    while (pos < n) {
      switch (state) {
        case 'start': {
          const first = chunk[pos]!;
          if (!isDigit(first)) {
            state = 'line';
            break;
          }
          // Fast path: the digit run ends in this chunk and is not a count with a leading 0 (an empty frame, a bad
          // count: the byte-by-byte path below names them). The value is read from the bytes, no string.
          let i = pos;
          let len = 0;
          while (i < n && i - pos <= MAX_LEN_DIGITS && isDigit(chunk[i]!)) len = len * 10 + (chunk[i++]! - DIGIT_0);
          if (i === n || (first === DIGIT_0 && i - pos <= MAX_LEN_DIGITS && chunk[i] === SPACE)) {
            state = 'digits';
            break;
          }
          if (first === DIGIT_0 || i - pos > MAX_LEN_DIGITS || chunk[i] !== SPACE) {
            // Text that starts with digits (e.g. `864: host: ...`): the line starts at pos, so a line whole in this
            // chunk stays in it (no assembled copy that would come out of order).
            state = 'line';
            break;
          }
          pos = i + 1;
          if (len <= maxFrameBytes && pos + len <= n) {
            // The whole frame is in this chunk: a view, or only its offsets.
            if (inChunk !== undefined) inChunk.add(pos, pos + len);
            else out.push({ ok: true, frame: chunk.subarray(pos, pos + len) });
            pos += len;
          } else {
            beginOctetBody(len, out);
          }
          break;
        }
        case 'digits': {
          const b = chunk[pos]!;
          if (isDigit(b)) {
            digits[digitCount++] = b;
            digitValue = digitValue * 10 + (b - DIGIT_0);
            pos++;
            if (digitCount > MAX_LEN_DIGITS) {
              digitsToLine(); // too long to be a length: it is text
              state = 'line';
            }
          } else if (b === SPACE) {
            pos++;
            const count = digitCount, len = digitValue;
            const leadingZero = digits[0] === DIGIT_0;
            const text = leadingZero ? String.fromCharCode(...digits.subarray(0, count)) : '';
            resetDigits();
            if (leadingZero && count === 1) {
              // An empty octet-counted frame: nothing to parse, and the next frame follows at once (no LF to wait for).
              out.push({ ok: false, reason: 'empty', detail: 'octet-counted frame of 0 bytes' });
              state = 'start';
            } else if (leadingZero) {
              out.push({
                ok: false,
                reason: 'bad-octet-count',
                detail: `octet count "${text}" has a leading zero; discarding up to the next LF`,
              });
              state = 'line-skip';
            } else {
              beginOctetBody(len, out);
            }
          } else {
            digitsToLine(); // e.g. `864: host: ...`: a newline-framed line that starts with digits
            state = 'line';
          }
          break;
        }
        case 'octet-body': {
          const target = body!;
          const take = Math.min(target.length - bodyFilled, n - pos);
          chunk.copy(target, bodyFilled, pos, pos + take);
          bodyFilled += take;
          pos += take;
          if (bodyFilled === target.length) {
            out.push({ ok: true, frame: target });
            body = null;
            bodyFilled = 0;
            state = 'start';
          }
          break;
        }
        case 'octet-skip': {
          const take = Math.min(skipRemaining, n - pos);
          skipRemaining -= take;
          pos += take;
          if (skipRemaining === 0) state = 'start';
          break;
        }
        case 'line': {
          const t = terminators.next(pos);
          if (t === -1) {
            if (!appendLine(chunk, pos, n, out)) state = 'line-skip';
            pos = n;
          } else {
            endLine(chunk, pos, t, out, inChunk);
            pos = t + 1;
            state = 'start';
          }
          break;
        }
        case 'line-skip': {
          const t = terminators.next(pos);
          if (t === -1) {
            pos = n;
          } else {
            pos = t + 1;
            state = 'start';
          }
          break;
        }
      }
    }
    return out;
  }

  function end(): FrameResult[] {
    const out: FrameResult[] = [];
    switch (state) {
      case 'digits':
        digitsToLine();
        finishLine(out);
        break;
      case 'line':
        finishLine(out);
        break;
      case 'octet-body':
        out.push({
          ok: false,
          reason: 'incomplete',
          detail: `stream ended after ${bodyFilled} of ${body!.length} octet-counted bytes`,
        });
        break;
      case 'start':
      case 'octet-skip':
      case 'line-skip':
        break;
    }
    state = 'start';
    resetDigits();
    body = null;
    bodyFilled = 0;
    skipRemaining = 0;
    resetLine();
    return out;
  }

  function bufferedBytes(): number {
    return digitCount + lineLength + (body === null ? 0 : body.length);
  }

  return { push, end, bufferedBytes };
}
