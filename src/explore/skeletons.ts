import * as dictionaryModule from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import type { Walker } from './shapes.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { TAG_ARRAY, TAG_ATOM, TAG_COLLECTION, TAG_SHAPE } = dictionaryModule;

/** Subtrees of at most this many tokens get a compiled walk of their own. */
export const SKELETON_TOKENS = 48;
/** Sightings of a skeleton before its walk is compiled. */
const COMPILE_AT = 2;
/** Skeletons kept at most, so that a model whose parts never repeat compiles nothing more. */
const MAX_SKELETONS = 4096;
/** What a skeleton's atoms are masked to: no token is negative. */
const ANY_ATOM = -1;

interface Skeleton {
  /** The subtree's tokens with its atoms masked. */
  readonly tokens: Int32Array;
  seen: number;
  walk: Walker | undefined;
}

/**
 * Compiled walks of whole small subtrees. The per-node walk (`workspace.ts`) makes a call and a
 * few table reads per object, some 20 ns, which for the folio model's 47 objects was the
 * largest cost of comparing a successor with its parent. A subtree's skeleton (its containers'
 * tokens, atoms masked) fixes its nodes' and fields' numbering relative to its root, so one
 * function per skeleton compares the whole subtree with straight-line named loads. Skeletons
 * are found by a hash worked out while decoding, then checked token by token.
 */
export class Skeletons {
  private readonly byHash = new Map<number, Skeleton>();

  constructor(private readonly dictionary: Dictionary) {}

  /** Forget every compiled walk (a shape's guard changed, which they have built in). */
  clear(): void {
    this.byHash.clear();
  }

  /** The compiled walk for the subtree `data[start..end)` with skeleton hash `hash`, if any. */
  walkFor(hash: number, data: Int32Array, start: number, end: number): Walker | undefined {
    if (end - start < 2) return undefined; // an empty container: nothing to compile
    let skeleton = this.byHash.get(hash);
    if (skeleton === undefined) {
      if (this.byHash.size >= MAX_SKELETONS) return undefined;
      const tokens = data.slice(start, end);
      let seen = 0;
      for (let i = 0; i < tokens.length; i++) {
        if ((tokens[i]! & 3) === TAG_ATOM) tokens[i] = ANY_ATOM;
        else if ((tokens[i]! & 3) === TAG_COLLECTION) seen = Number.NEGATIVE_INFINITY; // never compiled
      }
      skeleton = { tokens, seen, walk: undefined };
      this.byHash.set(hash, skeleton);
    }
    const tokens = skeleton.tokens;
    if (tokens.length !== end - start) return undefined;
    for (let i = 0; i < tokens.length; i++) {
      const token = data[start + i]!;
      if (tokens[i] !== ((token & 3) === TAG_ATOM ? ANY_ATOM : token)) return undefined; // a hash collision
    }
    if (skeleton.walk === undefined && ++skeleton.seen >= COMPILE_AT) skeleton.walk = this.compile(tokens);
    return skeleton.walk;
  }

  private compile(tokens: Int32Array): Walker {
    const lines = ['const val = t.val, b = t.base[k], added = w.guard.added, quiet = added.length === 0;', 'let x;'];
    let pos = 0;
    let nodes = 0;
    let fields = 0;
    // the condition that node `n`'s object `o` still has the keys (or length) it was decoded with
    const same = (token: number, o: string): string => {
      if ((token & 3) === TAG_ARRAY) return `${o}.length === ${token >>> 2}`;
      const shape = this.dictionary.shapes[token >>> 2]!;
      return shape.guarded ? `(quiet || !added.includes(${o}))` : `Object.keys(${o}).length === ${shape.keys.length}`;
    };
    // the comparison of the node at `pos`, whose object is in variable `o`
    const node = (o: string, indent: string): void => {
      const token = tokens[pos++]!;
      const n = this.dictionary.children(token);
      const k = nodes++;
      const base = fields;
      fields += n;
      const keys = (token & 3) === TAG_SHAPE ? this.dictionary.shapes[token >>> 2]!.keys : undefined;
      for (let i = 0; i < n; i++) {
        const load = keys === undefined ? `${o}[${i}]` : `${o}[${JSON.stringify(keys[i])}]`;
        const child = tokens[pos]!;
        if (child === ANY_ATOM) {
          pos++;
          lines.push(`${indent}x = ${load}; if (x !== val[b + ${base + i}]) w.changed(k + ${k}, ${i}, x);`);
          continue;
        }
        const v = `o${nodes}`;
        lines.push(`${indent}const ${v} = ${load};`);
        lines.push(`${indent}if (${v} !== val[b + ${base + i}]) w.changed(k + ${k}, ${i}, ${v});`);
        lines.push(`${indent}else if (!(${same(child, v)})) w.${(child & 3) === TAG_SHAPE ? 'relayout' : 'reshape'}(k + ${nodes}, ${v});`);
        lines.push(`${indent}else {`);
        node(v, `${indent}  `);
        lines.push(`${indent}}`);
      }
    };
    lines.push(`if (!(${same(tokens[0]!, 'o0')})) { w.${(tokens[0]! & 3) === TAG_SHAPE ? 'relayout' : 'reshape'}(k, o0); return; }`);
    node('o0', '');
    return new Function('o0', 'k', 't', 'w', lines.join('\n')) as Walker;
  }
}
