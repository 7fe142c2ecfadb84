import * as dictionaryModule from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import type { Shape } from './shapes.ts';
import * as mix from './mix.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module (see workspace.ts).
const { TAG_ARRAY, TAG_ATOM, TAG_COLLECTION, TAG_SHAPE } = dictionaryModule;
const { childPathA, childPathB, termA, termB } = mix;

/**
 * The canonical token encoding of a state: a pre-order list of tokens (see `dictionary.ts`),
 * a container's token followed by its fields' encodings. Plain objects are encoded by shape
 * (a field holding `undefined` counts as absent), arrays by length, Maps and Sets with their
 * entries sorted by encoding, and anything else (numbers, strings, class instances) as an
 * atom. Equal states give equal token lists whatever order their keys were inserted in.
 */

/** A growable list of tokens. */
export class Tokens {
  data = new Int32Array(256);
  length = 0;

  push(token: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = token;
  }

  /** Room for `more` tokens past the end. */
  reserve(more: number): void {
    if (this.length + more <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + more) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}

/** Lexicographic order of two token ranges, for Map and Set entries. */
function compareRanges(data: Int32Array, a: readonly [number, number], b: readonly [number, number]): number {
  const n = Math.min(a[1] - a[0], b[1] - b[0]);
  for (let i = 0; i < n; i++) {
    const d = data[a[0] + i]! - data[b[0] + i]!;
    if (d !== 0) return d;
  }
  return a[1] - a[0] - (b[1] - b[0]);
}

/** Shapes kept per key count for `encodeObject` to try. */
const RECENT_SHAPES = 4;

/** Encoding, hashing and decoding against one dictionary. */
export class Codec {
  /** The fingerprint lanes of the last `hash`. */
  hashA = 0;
  hashB = 0;
  /** Where the last `decode` stopped. */
  pos = 0;
  /** Field values on their way into an object (shared by nested calls). */
  private readonly stack: unknown[] = [];
  /** The stack's top: the array is never shortened, as setting an array's length is a call into the runtime. */
  private top = 0;
  /** By key count: the shapes last found by the trie with that many keys, latest first. */
  private readonly recent: (Shape[] | undefined)[] = new Array(16).fill(undefined);

  constructor(readonly dictionary: Dictionary) {}

  /** Append the canonical encoding of `value`. */
  encode(value: unknown, out: Tokens): void {
    if (typeof value !== 'object' || value === null) {
      out.push(this.dictionary.atom(value));
      return;
    }
    if (Array.isArray(value)) {
      out.push((value.length << 2) | TAG_ARRAY);
      for (let i = 0; i < value.length; i++) this.encode(value[i], out);
      return;
    }
    // what cloneState copies is what is encoded; the rest (class instances) is shared
    if (value.constructor === Object) return this.encodeObject(value as Record<string, unknown>, false, out);
    if (value instanceof Map || value instanceof Set) return this.encodeCollection(value, out);
    if (Object.getPrototypeOf(value) === null) return this.encodeObject(value as Record<string, unknown>, true, out);
    out.push(this.dictionary.atom(value));
  }

  private encodeObject(value: Record<string, unknown>, nullProto: boolean, out: Tokens): void {
    const stack = this.stack;
    const at = this.top;
    let shape: Shape | undefined;
    // Recipes build new objects with a few literals: one of the last shapes seen with as many
    // keys is usually it, and its compiled reader checks that and takes the values in order
    // (a shape whose n keys all hold values, on an object with n keys, is the object's shape)
    const count = Object.keys(value).length;
    const candidates = nullProto || count >= this.recent.length ? undefined : this.recent[count];
    if (candidates !== undefined) {
      for (const candidate of candidates) {
        if (candidate.read(value, stack, at)) {
          shape = candidate;
          break;
        }
      }
    }
    if (shape === undefined) {
      shape = this.shapeOf(value, nullProto);
      for (let j = 0; j < shape.keys.length; j++) stack[at + j] = value[shape.keys[j]!];
      if (!nullProto && count < this.recent.length && shape.keys.length === count) {
        const list = (this.recent[count] ??= []);
        if (list.length === RECENT_SHAPES) list.pop();
        list.unshift(shape);
      }
    }
    const end = at + shape.keys.length;
    this.top = end;
    out.push(shape.token);
    for (let j = at; j < end; j++) this.encode(stack[j], out);
    this.top = at;
  }

  /** The shape of an object's defined keys, through the dictionary's trie. */
  shapeOf(value: Record<string, unknown>, nullProto: boolean): Shape {
    const dictionary = this.dictionary;
    let node = dictionary.trie(nullProto);
    for (const key of Object.keys(value)) {
      if (value[key] === undefined) continue;
      node = node.next.get(key) ?? dictionary.extend(node, key);
    }
    return node.shape ?? dictionary.shapeAt(node, nullProto);
  }

  private encodeCollection(value: Map<unknown, unknown> | Set<unknown>, out: Tokens): void {
    const isSet = value instanceof Set;
    const scratch = new Tokens();
    const entries: [number, number][] = [];
    for (const [key, entry] of value.entries()) {
      const start = scratch.length;
      this.encode(key, scratch);
      if (!isSet) this.encode(entry, scratch);
      entries.push([start, scratch.length]);
    }
    entries.sort((a, b) => compareRanges(scratch.data, a, b));
    out.push((((value.size << 1) | (isSet ? 1 : 0)) << 2) | TAG_COLLECTION);
    for (const [start, end] of entries) for (let i = start; i < end; i++) out.push(scratch.data[i]!);
  }

  /**
   * The fingerprint terms of the value encoded at `data[pos..]` placed at path (a, b), into
   * `hashA`/`hashB`; returns where its encoding ends.
   */
  hash(data: Int32Array, pos: number, pathA: number, pathB: number): number {
    this.hashA = 0;
    this.hashB = 0;
    return this.hashAt(data, pos, pathA, pathB);
  }

  private hashAt(data: Int32Array, pos: number, pathA: number, pathB: number): number {
    const token = data[pos++]!;
    this.hashA = (this.hashA + termA(pathA, token)) | 0;
    this.hashB = (this.hashB + termB(pathB, token)) | 0;
    const dictionary = this.dictionary;
    const n = dictionary.children(token);
    for (let i = 0; i < n; i++) {
      const field = dictionary.field(token, i);
      pos = this.hashAt(data, pos, childPathA(pathA, field), childPathB(pathB, field));
    }
    return pos;
  }

  /** A fresh value from the encoding at `data[pos..]`; `this.pos` is left where it ends. */
  decode(data: Int32Array, pos: number): unknown {
    const token = data[pos++]!;
    const payload = token >>> 2;
    const dictionary = this.dictionary;
    switch (token & 3) {
      case TAG_ATOM:
        this.pos = pos;
        return dictionary.atoms[payload];
      case TAG_SHAPE: {
        const shape = dictionary.shapes[payload]!;
        const stack = this.stack;
        const at = this.top;
        const end = at + shape.keys.length;
        this.top = end;
        for (let i = at; i < end; i++) {
          stack[i] = this.decode(data, pos);
          pos = this.pos;
        }
        const made = shape.make(stack, at);
        this.top = at;
        this.pos = pos;
        return made;
      }
      case TAG_ARRAY: {
        const array: unknown[] = [];
        for (let i = 0; i < payload; i++) {
          array.push(this.decode(data, pos));
          pos = this.pos;
        }
        this.pos = pos;
        return array;
      }
      default: {
        const isSet = (payload & 1) === 1;
        const collection = isSet ? new Set<unknown>() : new Map<unknown, unknown>();
        for (let i = 0; i < payload >>> 1; i++) {
          const key = this.decode(data, pos);
          if (isSet) (collection as Set<unknown>).add(key);
          else (collection as Map<unknown, unknown>).set(key, this.decode(data, this.pos));
          pos = this.pos;
        }
        this.pos = pos;
        return collection;
      }
    }
  }
}
