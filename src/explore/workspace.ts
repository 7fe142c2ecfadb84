import type { Codec } from './codec.ts';
import { Tokens } from './codec.ts';
import * as dictionaryModule from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import type { KeyGuard, WalkHost } from './shapes.ts';
import * as mix from './mix.ts';
import { NodeTable, room } from './nodes.ts';
import type { StateQueue } from './queue.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module, which cost a fifth of the search's time in the hot loop.
const { TAG_ARRAY, TAG_ATOM, TAG_SHAPE } = dictionaryModule;
const { childPathA, childPathB, termA, termB } = mix;

/**
 * The state being expanded, decoded once into `root` (`nodes.ts`), which every transition
 * then mutates in place: no deep copy per successor. After a recipe ran, `diff` walks `root`
 * against the node table and finds what changed; the successor's fingerprint is the parent's
 * plus the terms of the changed tokens (`mix.ts`), its encoding the parent's with those
 * ranges patched, and `restore` puts the parent back by rewriting only what changed.
 *
 * Objects are matched by identity, so a recipe that replaces, moves or aliases one makes that
 * place count as changed, encoded and later rebuilt whole.
 */
export class Workspace extends NodeTable implements WalkHost {
  /** The parent's fingerprint lanes (set by whoever loads it). */
  parentA = 0;
  parentB = 0;

  /** The changed tokens' fresh encodings, referred to by the patches. */
  private readonly fresh = new Tokens();
  /** Per patch: start, end (in the parent's encoding), start, end (in `fresh`), its terms. */
  private patches = new Int32Array(96);
  private patchCount = 0;
  /** Per repair: where (a token position), the node to rebuild or -1, its container, index. */
  private repairs = new Int32Array(64);
  private repairCount = 0;
  /** Objects that lost a key or had one set to undefined, dealt with after the walk. */
  private broken: number[] = [];
  private deltaA = 0;
  private deltaB = 0;

  constructor(
    private readonly codec: Codec,
    dictionary: Dictionary,
  ) {
    super(dictionary);
  }

  /** The successor's fingerprint lanes, valid after `diff`. */
  get fingerprintA(): number {
    return (this.parentA + this.deltaA) | 0;
  }

  get fingerprintB(): number {
    return (this.parentB + this.deltaB) | 0;
  }

  /** Find what the last transition changed in `root`: its fingerprint, patches and repairs. */
  diff(): void {
    this.visit(this.root, 0);
    if (this.broken.length > 0) this.reshapeBroken();
  }

  /** The key trap's bookkeeping, for compiled walks. */
  get guard(): KeyGuard {
    return this.dictionary.guard;
  }

  visit(value: unknown, node: number): void {
    const walk = this.walks[node];
    if (walk !== undefined) return walk(value, node, this, this);
    const token = this.tok[node]!;
    const tag = token & 3;
    if (tag === TAG_SHAPE) {
      const shape = this.dictionary.shapes[token >>> 2]!;
      const guard = this.dictionary.guard;
      // an added key shows in the trap's list, or for an unguarded shape in the count; a
      // deleted one reads as undefined (see `changed`)
      if (shape.guarded) {
        guard.visits[shape.id]!++;
        if (guard.added.length === 0 || !guard.added.includes(value as object)) return shape.walk(value, node, this, this);
      } else if (Object.keys(value as object).length === shape.keys.length) return shape.walk(value, node, this, this);
    } else if (tag === TAG_ARRAY) {
      const array = value as unknown[];
      const n = token >>> 2;
      if (array.length === n) {
        const b = this.base[node]!;
        for (let i = 0; i < n; i++) {
          const x = array[i];
          if (x !== this.val[b + i]) this.changed(node, i, x);
          else if (this.child[b + i]! >= 0) this.visit(x, this.child[b + i]!);
        }
        return;
      }
    } else if (tag === TAG_ATOM) return; // a state that is one atom: no recipe can change it
    // the node changed shape (or is a Map or Set, never compared in place): take it whole
    this.reshape(node, value);
  }

  changed(node: number, index: number, value: unknown): void {
    const token = this.tok[node]!;
    if (value === undefined && (token & 3) === TAG_SHAPE) {
      this.broken.push(node);
      return;
    }
    const field = this.base[node]! + index;
    const child = this.child[field]!;
    this.ensurePath(node);
    const pathA = childPathA(this.pathA[node]!, token, index);
    const pathB = childPathB(this.pathB[node]!, token, index);
    if (child >= 0) {
      this.replace(value, this.start[child]!, this.end[child]!, pathA, pathB, child, node, index);
      return;
    }
    const old = this.ftok[field]!;
    const pos = this.fpos[field]!;
    if (typeof value === 'object' && value !== null) {
      this.replace(value, pos, pos + 1, pathA, pathB, -1, node, index);
      return;
    }
    // a scalar for a scalar, the common step: one token, two terms
    const fresh = this.dictionary.atom(value);
    if (fresh === old) return; // NaN !== NaN, yet the same token
    const at = this.fresh.length;
    this.fresh.push(fresh);
    this.patch(pos, pos + 1, at, (termA(pathA, fresh) - termA(pathA, old)) | 0, (termB(pathB, fresh) - termB(pathB, old)) | 0);
    this.repair(pos, -1, node, index);
  }

  /** Take node `node` whole: `value` replaces it. */
  reshape(node: number, value: unknown): void {
    this.ensurePath(node);
    this.replace(value, this.start[node]!, this.end[node]!, this.pathA[node]!, this.pathB[node]!, node, this.up[node]!, this.slot[node]!);
  }

  /**
   * `value` replaces the parent's `[from, to)` at path (a, b): a node to rebuild afterwards,
   * or with `node` -1 a scalar field to write back.
   */
  private replace(value: unknown, from: number, to: number, pathA: number, pathB: number, node: number, up: number, index: number): void {
    const fresh = this.fresh;
    const at = fresh.length;
    this.codec.encode(value, fresh);
    this.repair(from, node, up, index);
    // a recipe that rebuilds a part as it was (freeFolio's pages) changes nothing to encode
    if (fresh.length - at === to - from && sameTokens(fresh.data, at, this.parent.data, from, to - from)) {
      fresh.length = at;
      return;
    }
    const codec = this.codec;
    codec.hash(this.parent.data, from, pathA, pathB);
    const oldA = codec.hashA;
    const oldB = codec.hashB;
    codec.hash(fresh.data, at, pathA, pathB);
    this.patch(from, to, at, (codec.hashA - oldA) | 0, (codec.hashB - oldB) | 0);
  }

  /** Record that `[from, to)` of the parent's encoding becomes `fresh[at..]`, adding terms (a, b). */
  private patch(from: number, to: number, at: number, termsA: number, termsB: number): void {
    const p = 6 * this.patchCount++;
    if (p + 6 > this.patches.length) this.patches = room(this.patches, 2 * p + 6);
    this.patches[p] = from;
    this.patches[p + 1] = to;
    this.patches[p + 2] = at;
    this.patches[p + 3] = this.fresh.length;
    this.patches[p + 4] = termsA;
    this.patches[p + 5] = termsB;
    this.deltaA = (this.deltaA + termsA) | 0;
    this.deltaB = (this.deltaB + termsB) | 0;
  }

  private repair(at: number, node: number, up: number, index: number): void {
    const r = 4 * this.repairCount++;
    if (r + 4 > this.repairs.length) this.repairs = room(this.repairs, 2 * r + 4);
    this.repairs[r] = at;
    this.repairs[r + 1] = node;
    this.repairs[r + 2] = up;
    this.repairs[r + 3] = index;
  }

  /**
   * Take whole each object a key was deleted from, dropping what was recorded inside it; the
   * walk went on past it, so patches and repairs after it stay, in order.
   */
  private reshapeBroken(): void {
    const nodes = [...new Set(this.broken)].sort((a, b) => this.start[a]! - this.start[b]!);
    this.broken.length = 0;
    let until = -1;
    for (const node of nodes) {
      const from = this.start[node]!;
      const to = this.end[node]!;
      if (from < until) continue; // inside one already taken whole
      until = to;
      const patches = this.drop(this.patches, 6, this.patchCount, from, to);
      const repairs = this.drop(this.repairs, 4, this.repairCount, from, to);
      for (const p of patches) {
        this.deltaA = (this.deltaA - p[4]!) | 0;
        this.deltaB = (this.deltaB - p[5]!) | 0;
      }
      this.patchCount -= patches.length;
      this.repairCount -= repairs.length;
      // record the node at the end, then move it (and anything after it) into place
      const patchAt = this.patchCount;
      const repairAt = this.repairCount;
      this.reshape(node, this.obj[node]);
      this.rotate(this.patches, 6, this.patchCount, patchAt, from);
      this.rotate(this.repairs, 4, this.repairCount, repairAt, from);
    }
  }

  /** Remove the records of `list` (of `width` ints) starting in `[from, to)`; returns them. */
  private drop(list: Int32Array, width: number, count: number, from: number, to: number): Int32Array[] {
    const dropped: Int32Array[] = [];
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const record = list.slice(width * i, width * i + width);
      if (record[0]! >= from && record[0]! < to) dropped.push(record);
      else list.set(record, width * kept++);
    }
    return dropped;
  }

  /** Move the records `[added, count)` of `list` before the first one starting after `at`. */
  private rotate(list: Int32Array, width: number, count: number, added: number, at: number): void {
    let into = 0;
    while (into < added && list[width * into]! < at) into++;
    const moved = list.slice(width * added, width * count);
    list.copyWithin(width * (into + count - added), width * into, width * added);
    list.set(moved, width * into);
  }

  /** Queue the successor as state `id`, found from state `parentId`, the one loaded. */
  pushSuccessor(queue: StateQueue, id: number, parentId: number): void {
    queue.push(id, this.fingerprintA, this.fingerprintB, parentId, this.parent.data, this.parent.length, this.fresh.data, this.patches, this.patchCount);
  }

  /** Put `root` back to the parent, rewriting only what `diff` found changed. */
  restore(): void {
    const repairs = this.repairs;
    for (let r = 0; r < 4 * this.repairCount; r += 4) {
      const node = repairs[r + 1]!;
      const up = repairs[r + 2]!;
      const index = repairs[r + 3]!;
      let value: unknown;
      if (node >= 0) {
        value = this.rebuildNode(node);
        if (up < 0) {
          this.root = value;
          continue;
        }
        this.val[this.base[up]! + index] = value;
      } else value = this.val[this.base[up]! + index];
      const container = this.obj[up] as Record<string | number, unknown>;
      const token = this.tok[up]!;
      if ((token & 3) === TAG_ARRAY) container[index] = value;
      else container[this.dictionary.shapes[token >>> 2]!.keys[index]!] = value;
    }
    this.patchCount = 0;
    this.repairCount = 0;
    this.fresh.length = 0;
    // setting an array's length is a call into the runtime, not worth paying for nothing
    if (this.dictionary.guard.added.length !== 0) this.dictionary.guard.added.length = 0;
    this.deltaA = 0;
    this.deltaB = 0;
  }
}

function sameTokens(a: Int32Array, at: number, b: Int32Array, from: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[at + i] !== b[from + i]) return false;
  return true;
}
