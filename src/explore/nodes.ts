import { Tokens } from './codec.ts';
import * as dictionaryModule from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import type { Walker, WalkTable } from './shapes.ts';
import { SKELETON_TOKENS, Skeletons } from './skeletons.ts';
import * as mix from './mix.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module, which cost a fifth of the search's time in the hot loop.
const { TAG_ARRAY, TAG_ATOM, TAG_SHAPE } = dictionaryModule;
const { childPathA, childPathB, fmixA, ROOT_PATH_A, ROOT_PATH_B, termA, termB } = mix;

/** Grow an Int32Array to hold index `at`. */
export function room(array: Int32Array<ArrayBuffer>, at: number): Int32Array<ArrayBuffer> {
  if (at < array.length) return array;
  const bigger = new Int32Array(Math.max(array.length * 2, at + 1));
  bigger.set(array);
  return bigger;
}

/**
 * A decoded state and where each of its parts came from: a node per container (object,
 * array, Map, Set), numbered in pre-order, with its token, its place in the encoding and its
 * parent; a field per container entry, numbered from `base[node]`, with the value the
 * container held (a child's object for a nested container), the child's node or -1, and the
 * token and position of a scalar. `workspace.ts` compares a mutated state with it.
 */
export class NodeTable implements WalkTable {
  /** The decoded state's encoding. */
  readonly parent = new Tokens();
  /** The decoded state. */
  root: unknown;

  protected obj: unknown[] = [];
  protected tok = new Int32Array(64);
  protected start = new Int32Array(64);
  protected end = new Int32Array(64);
  protected up = new Int32Array(64);
  protected slot = new Int32Array(64);
  base = new Int32Array(64);
  val: unknown[] = [];
  child = new Int32Array(256);
  protected ftok = new Int32Array(256);
  protected fpos = new Int32Array(256);
  /** A field's path and its scalar's term, worked out when a step first changes it. */
  protected fieldStamp = new Int32Array(256);
  protected fpathA = new Int32Array(256);
  protected fpathB = new Int32Array(256);
  protected ftermA = new Int32Array(256);
  protected ftermB = new Int32Array(256);
  // fingerprint paths (`mix.ts`), worked out only for the nodes a step changes
  protected pathA = new Int32Array(64);
  protected pathB = new Int32Array(64);
  private pathStamp = new Int32Array(64);
  // the terms of each node's subtree, worked out only for the nodes a step replaces
  protected sumA = new Int32Array(64);
  protected sumB = new Int32Array(64);
  protected sumStamp = new Int32Array(64);
  /** A hash of each node's skeleton, and the compiled walk of its subtree if it has one. */
  private skeleton = new Int32Array(64);
  protected walks: (Walker | undefined)[] = [];
  private readonly skeletons: Skeletons;
  /** Counts loads: a path or sum worked out under another stamp is stale. */
  protected stamp = 0;
  protected nodes = 0;
  private fields = 0;

  constructor(protected readonly dictionary: Dictionary) {
    this.skeletons = new Skeletons(dictionary);
  }

  /** Decode `parent` into `root` and the table. */
  load(): void {
    if (this.dictionary.guard.review(this.dictionary.shapes)) this.skeletons.clear();
    this.nodes = 0;
    this.fields = 0;
    this.stamp++;
    this.root = this.loadNode(this.parent.data, 0, -1, -1);
    this.findWalks(0);
  }

  /**
   * Give compiled walks to the largest subtrees that have one (`skeletons.ts`); what lies
   * inside such a subtree is walked by its walk, never on its own.
   */
  private findWalks(node: number): void {
    const start = this.start[node]!;
    const end = this.end[node]!;
    const walk = end - start <= SKELETON_TOKENS ? this.skeletons.walkFor(this.skeleton[node]!, this.parent.data, start, end) : undefined;
    this.walks[node] = walk;
    if (walk !== undefined) return;
    const base = this.base[node]!;
    const n = this.dictionary.children(this.tok[node]!);
    for (let i = 0; i < n; i++) if (this.child[base + i]! >= 0) this.findWalks(this.child[base + i]!);
  }

  /** Register the subtree encoded at `data[pos..]` as the next nodes, and build its objects. */
  private loadNode(data: Int32Array, pos: number, up: number, slot: number): unknown {
    const node = this.nodes++;
    const token = data[pos]!;
    const n = this.dictionary.children(token);
    const base = this.fields;
    if (node >= this.tok.length) this.growNodes(node);
    this.tok[node] = token;
    // only the outermost compiled subtrees get walks (`findWalks`); a relaid-out object's
    // fields are walked node by node, so none may keep a walk from another state
    this.walks[node] = undefined;
    this.start[node] = pos;
    this.up[node] = up;
    this.slot[node] = slot;
    this.base[node] = base;
    this.fields += n;
    if (base + n > this.child.length) this.growFields(base + n);
    const atoms = this.dictionary.atoms;
    let skeleton = Math.imul(token ^ 0x2c1b3c6d, 0x297a2d39);
    pos++;
    for (let i = 0; i < n; i++) {
      const field = base + i;
      const token2 = data[pos]!;
      this.fpos[field] = pos;
      if ((token2 & 3) === TAG_ATOM) {
        this.val[field] = atoms[token2 >>> 2];
        this.child[field] = -1;
        this.ftok[field] = token2;
        skeleton = Math.imul(skeleton ^ 0x68e31da4, 0x01000193);
        pos++;
      } else {
        const at = this.nodes;
        this.val[field] = this.loadNode(data, pos, node, i);
        this.child[field] = at;
        skeleton = Math.imul(skeleton ^ this.skeleton[at]!, 0x01000193);
        pos = this.end[at]!;
      }
    }
    this.end[node] = pos;
    this.skeleton[node] = fmixA(skeleton);
    return (this.obj[node] = this.make(token, base, n));
  }

  /** Fresh objects for a node, to put back in place of what a step changed. */
  protected rebuildNode(node: number): unknown {
    const base = this.base[node]!;
    const token = this.tok[node]!;
    const n = this.dictionary.children(token);
    // a scalar field's value in `val` is the parent's still: only children need making
    for (let i = 0; i < n; i++) {
      const child = this.child[base + i]!;
      if (child >= 0) this.val[base + i] = this.rebuildNode(child);
    }
    return (this.obj[node] = this.make(token, base, n));
  }

  /** A fresh object for a node, its fields as `val` holds them (children not remade). */
  protected remake(node: number): unknown {
    const token = this.tok[node]!;
    return (this.obj[node] = this.make(token, this.base[node]!, this.dictionary.children(token)));
  }

  /** The container `token` stands for, with fields `val[base..base + n)`. */
  private make(token: number, base: number, n: number): unknown {
    const val = this.val;
    switch (token & 3) {
      case TAG_SHAPE:
        return this.dictionary.shapes[token >>> 2]!.make(val, base);
      case TAG_ARRAY:
        return val.slice(base, base + n);
      case TAG_ATOM:
        return this.dictionary.atoms[token >>> 2];
      default: {
        if (((token >>> 2) & 1) === 1) return new Set(val.slice(base, base + n));
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i += 2) map.set(val[base + i], val[base + i + 1]);
        return map;
      }
    }
  }

  /** Work out `pathA/B[node]` (and its ancestors') for this state, if not yet done. */
  protected ensurePath(node: number): void {
    if (this.pathStamp[node] === this.stamp) return;
    const up = this.up[node]!;
    if (up < 0) {
      this.pathA[node] = ROOT_PATH_A;
      this.pathB[node] = ROOT_PATH_B;
    } else {
      this.ensurePath(up);
      const field = this.dictionary.field(this.tok[up]!, this.slot[node]!);
      this.pathA[node] = childPathA(this.pathA[up]!, field);
      this.pathB[node] = childPathB(this.pathB[up]!, field);
    }
    this.pathStamp[node] = this.stamp;
  }

  /** Work out field `index` of `node`'s path and (for a scalar) term, if not yet done for this state. */
  protected ensureField(node: number, index: number, field: number): void {
    if (this.fieldStamp[field] === this.stamp) return;
    this.ensurePath(node);
    const key = this.dictionary.field(this.tok[node]!, index);
    const pathA = (this.fpathA[field] = childPathA(this.pathA[node]!, key));
    const pathB = (this.fpathB[field] = childPathB(this.pathB[node]!, key));
    if (this.child[field]! < 0) {
      this.ftermA[field] = termA(pathA, this.ftok[field]!);
      this.ftermB[field] = termB(pathB, this.ftok[field]!);
    }
    this.fieldStamp[field] = this.stamp;
  }

  private growNodes(at: number): void {
    this.tok = room(this.tok, at);
    this.start = room(this.start, at);
    this.end = room(this.end, at);
    this.up = room(this.up, at);
    this.slot = room(this.slot, at);
    this.base = room(this.base, at);
    this.pathA = room(this.pathA, at);
    this.pathB = room(this.pathB, at);
    this.pathStamp = room(this.pathStamp, at);
    this.sumA = room(this.sumA, at);
    this.sumB = room(this.sumB, at);
    this.sumStamp = room(this.sumStamp, at);
    this.skeleton = room(this.skeleton, at);
  }

  private growFields(size: number): void {
    this.child = room(this.child, size);
    this.ftok = room(this.ftok, size);
    this.fpos = room(this.fpos, size);
    this.fieldStamp = room(this.fieldStamp, size);
    this.fpathA = room(this.fpathA, size);
    this.fpathB = room(this.fpathB, size);
    this.ftermA = room(this.ftermA, size);
    this.ftermB = room(this.ftermB, size);
  }
}
