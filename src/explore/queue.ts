import type { Tokens } from './codec.ts';

const CHUNK_BYTES = 1 << 20;
const GROUP = 0;
const STATE = 1;

/**
 * The search's queue of states waiting to be expanded, in 1 MiB chunks of LEB128 varints,
 * each chunk dropped once read. A state is stored as the changes a step made to its parent:
 * the parent's token list once (a group), then for each new state found from it, its id,
 * fingerprint and patches. About 10 new states share a parent in the folio model, so a state
 * takes tens of bytes rather than its full encoding; and writing little matters, for the
 * first write to fresh memory costs more than the copy itself.
 *
 * Records: `GROUP, n, token * n` | `STATE, id - previous id, fingerprint (2 x 4 bytes),
 * patches, (start, length, fresh length, fresh token * fresh length) * patches`.
 */
export class StateQueue {
  private readonly chunks: Uint8Array[] = [];
  /** Bytes written to each chunk (a record never straddles two). */
  private readonly used: number[] = [];
  private writeAt = 0;
  private readChunk = 0;
  private readAt = 0;
  /** The state whose tokens the last group holds, and the last id written and read. */
  private groupOf = -2;
  private lastWritten = 0;
  private lastRead = 0;
  /** The tokens of the group being read. */
  private base = new Int32Array(256);
  private baseLength = 0;
  /** States written and not yet read. */
  length = 0;
  /** The fingerprint lanes of the state last read. */
  printA = 0;
  printB = 0;

  /** The bytes the chunks take. */
  get bytes(): number {
    let total = 0;
    for (let i = this.readChunk; i < this.chunks.length; i++) total += this.chunks[i]!.byteLength;
    return total;
  }

  /** A chunk with room for `bytes` more; where to write is then `writeAt`. */
  private room(bytes: number): Uint8Array {
    const last = this.chunks.length - 1;
    if (last >= 0 && this.writeAt + bytes <= this.chunks[last]!.length) return this.chunks[last]!;
    if (last >= 0) this.used[last] = this.writeAt;
    const chunk = new Uint8Array(Math.max(CHUNK_BYTES, bytes));
    this.chunks.push(chunk);
    this.used.push(0);
    this.writeAt = 0;
    return chunk;
  }

  /**
   * Append state `id` with fingerprint (a, b): the tokens `parent[0..parentLength)` of state
   * `parentId` with the token ranges `patches` (start, end, fresh start, fresh end and two
   * more ints each, in order) replaced by those ranges of `fresh`.
   */
  push(id: number, printA: number, printB: number, parentId: number, parent: Int32Array, parentLength: number, fresh: Int32Array, patches: Int32Array, patchCount: number): void {
    if (parentId !== this.groupOf) {
      const chunk = this.room(5 * parentLength + 6);
      let at = writeVarint(chunk, this.writeAt, GROUP);
      at = writeVarint(chunk, at, parentLength);
      this.writeAt = writeRange(chunk, at, parent, 0, parentLength);
      this.groupOf = parentId;
    }
    let bytes = 24;
    for (let p = 0; p < 6 * patchCount; p += 6) bytes += 15 + 5 * (patches[p + 3]! - patches[p + 2]!);
    const chunk = this.room(bytes);
    let at = writeVarint(chunk, this.writeAt, STATE);
    at = writeVarint(chunk, at, id - this.lastWritten);
    this.lastWritten = id;
    for (let i = 0; i < 4; i++) chunk[at++] = printA >>> (8 * i);
    for (let i = 0; i < 4; i++) chunk[at++] = printB >>> (8 * i);
    at = writeVarint(chunk, at, patchCount);
    for (let p = 0; p < 6 * patchCount; p += 6) {
      at = writeVarint(chunk, at, patches[p]!);
      at = writeVarint(chunk, at, patches[p + 1]! - patches[p]!);
      at = writeVarint(chunk, at, patches[p + 3]! - patches[p + 2]!);
      at = writeRange(chunk, at, fresh, patches[p + 2]!, patches[p + 3]!);
    }
    this.writeAt = at;
    this.length++;
  }

  /** Take the oldest state's tokens into `out` (replacing what it held); returns its id. */
  shift(out: Tokens): number {
    if (this.readAt >= (this.readChunk === this.chunks.length - 1 ? this.writeAt : this.used[this.readChunk]!)) {
      // let the garbage collector have the chunk read to its end
      this.chunks[this.readChunk++] = EMPTY;
      this.readAt = 0;
    }
    let chunk = this.chunks[this.readChunk]!;
    if (chunk[this.readAt] === GROUP) {
      this.readAt++;
      const n = this.varint(chunk);
      if (this.base.length < n) this.base = new Int32Array(2 * n);
      for (let i = 0; i < n; i++) this.base[i] = this.varint(chunk);
      this.baseLength = n;
      if (this.readAt >= this.used[this.readChunk]! && this.readChunk < this.chunks.length - 1) {
        this.chunks[this.readChunk++] = EMPTY;
        this.readAt = 0;
        chunk = this.chunks[this.readChunk]!;
      }
    }
    this.readAt++; // STATE
    const id = (this.lastRead += this.varint(chunk));
    let at = this.readAt;
    this.printA = chunk[at]! | (chunk[at + 1]! << 8) | (chunk[at + 2]! << 16) | (chunk[at + 3]! << 24);
    this.printB = chunk[at + 4]! | (chunk[at + 5]! << 8) | (chunk[at + 6]! << 16) | (chunk[at + 7]! << 24);
    this.readAt = at + 8;
    const patchCount = this.varint(chunk);
    out.length = 0;
    out.reserve(this.baseLength + 16);
    let cursor = 0;
    for (let p = 0; p < patchCount; p++) {
      const start = this.varint(chunk);
      const skip = this.varint(chunk);
      const n = this.varint(chunk);
      this.copy(out, cursor, start);
      out.reserve(n);
      for (let i = 0; i < n; i++) out.data[out.length++] = this.varint(chunk);
      cursor = start + skip;
    }
    this.copy(out, cursor, this.baseLength);
    this.length--;
    return id;
  }

  /** Append `base[from..to)` to `out`. */
  private copy(out: Tokens, from: number, to: number): void {
    out.reserve(to - from);
    const data = out.data;
    // a typed-array copy pays for its view below a few dozen tokens
    if (to - from > 32) data.set(this.base.subarray(from, to), out.length);
    else for (let i = from, at = out.length; i < to; i++) data[at++] = this.base[i]!;
    out.length += to - from;
  }

  private varint(chunk: Uint8Array): number {
    let at = this.readAt;
    let byte = chunk[at++]!;
    let value = byte & 127;
    for (let shift = 7; byte >= 128; shift += 7) {
      byte = chunk[at++]!;
      value |= (byte & 127) << shift;
    }
    this.readAt = at;
    return value;
  }
}

const EMPTY = new Uint8Array(0);

function writeVarint(chunk: Uint8Array, at: number, value: number): number {
  while (value >= 128) {
    chunk[at++] = (value & 127) | 128;
    value >>>= 7;
  }
  chunk[at++] = value;
  return at;
}

function writeRange(chunk: Uint8Array, at: number, data: Int32Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    let value = data[i]!;
    while (value >= 128) {
      chunk[at++] = (value & 127) | 128;
      value >>>= 7;
    }
    chunk[at++] = value;
  }
  return at;
}
