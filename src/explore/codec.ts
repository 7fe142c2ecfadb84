import * as dictionaryModule from './dictionary.ts';
import type { Dictionary, Layout } from './dictionary.ts';
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

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function allDefined(value: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (value[keys[i]!] === undefined) return false;
  return true;
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

/** Encoding, hashing and decoding against one dictionary. */
export class Codec {
  /** The fingerprint lanes of the last `hash`. */
  hashA = 0;
  hashB = 0;
  /** Where the last `decode` stopped. */
  pos = 0;
  /** Field values on their way into an object (shared by nested calls). */
  private readonly stack: unknown[] = [];
  /** By key count: the last key list seen in that order and its layout. */
  private readonly recent: ({ readonly keys: readonly string[]; readonly layout: Layout } | undefined)[] = new Array(16).fill(undefined);

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
    const keys = Object.keys(value);
    // Recipes build new objects with a few literals: the last layout seen with this many keys
    // is usually the one, and comparing key lists costs less than walking the trie
    const cached = nullProto ? undefined : this.recent[keys.length];
    let layout: Layout;
    if (cached !== undefined && sameKeys(cached.keys, keys) && allDefined(value, keys)) layout = cached.layout;
    else {
      layout = this.layoutOf(value, keys, nullProto);
      if (!nullProto && keys.length < this.recent.length && layout.shape.keys.length === keys.length) this.recent[keys.length] = { keys, layout };
    }
    const { shape, order } = layout;
    out.push(shape.token);
    const shapeKeys = shape.keys;
    for (let j = 0; j < shapeKeys.length; j++) this.encode(value[order === undefined ? shapeKeys[j]! : keys[order[j]!]!], out);
  }

  /** The layout of an object's defined keys, through the dictionary's trie. */
  private layoutOf(value: Record<string, unknown>, keys: readonly string[], nullProto: boolean): Layout {
    const dictionary = this.dictionary;
    let node = dictionary.trie(nullProto);
    const defined: string[] = [];
    for (const key of keys) {
      if (value[key] === undefined) continue;
      node = node.next.get(key) ?? dictionary.extend(node, key);
      defined.push(key);
    }
    const layout = node.layout ?? dictionary.layout(node, nullProto);
    // `order` indexes the defined keys; with none undefined those are `keys`
    return defined.length === keys.length ? layout : { shape: layout.shape, order: undefined };
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
    const n = this.dictionary.children(token);
    for (let i = 0; i < n; i++) pos = this.hashAt(data, pos, childPathA(pathA, token, i), childPathB(pathB, token, i));
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
        const at = stack.length;
        for (let i = 0; i < shape.keys.length; i++) {
          stack.push(this.decode(data, pos));
          pos = this.pos;
        }
        const made = shape.make(stack, at);
        stack.length = at;
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
