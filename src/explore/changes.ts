import { Tokens } from './codec.ts';
import * as dictionaryModule from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import { NodeTable, room } from './nodes.ts';
import type { StateQueue } from './queue.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module, which cost a fifth of the search's time in the hot loop.
const { TAG_ARRAY } = dictionaryModule;

/** A repair's kinds, besides a node index (rebuild that node and its subtree). */
export const WRITE_BACK = -1;
/** `SHALLOW - node`: rebuild only that node's object, keeping its children. */
export const SHALLOW = -2;

/**
 * What a step changed in the decoded state, as `workspace.ts` finds it: patches to the parent's
 * encoding (ranges replaced by fresh tokens, with the terms they add to its fingerprint), in
 * order, and repairs that `restore` makes to put the decoded state back as the parent.
 */
export class ChangeLog extends NodeTable {
  /** The parent's fingerprint lanes (set by whoever loads it). */
  parentA = 0;
  parentB = 0;

  /** The changed tokens' fresh encodings, referred to by the patches. */
  protected readonly fresh = new Tokens();
  /** Per patch: start, end (in the parent's encoding), start, end (in `fresh`), its terms. */
  protected patches = new Int32Array(96);
  protected patchCount = 0;
  /** Per repair: where (a token position), what (a node, WRITE_BACK or SHALLOW - node), container, index. */
  protected repairs = new Int32Array(64);
  protected repairCount = 0;
  protected deltaA = 0;
  protected deltaB = 0;

  constructor(dictionary: Dictionary) {
    super(dictionary);
  }

  /** The successor's fingerprint lanes, valid after the changes are found. */
  get fingerprintA(): number {
    return (this.parentA + this.deltaA) | 0;
  }

  get fingerprintB(): number {
    return (this.parentB + this.deltaB) | 0;
  }

  /** Record that `[from, to)` of the parent's encoding becomes `fresh[at..]`, adding terms (a, b). */
  protected patch(from: number, to: number, at: number, termsA: number, termsB: number): void {
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

  protected repair(at: number, what: number, up: number, index: number): void {
    const r = 4 * this.repairCount++;
    if (r + 4 > this.repairs.length) this.repairs = room(this.repairs, 2 * r + 4);
    this.repairs[r] = at;
    this.repairs[r + 1] = what;
    this.repairs[r + 2] = up;
    this.repairs[r + 3] = index;
  }

  /** Forget the patches and repairs recorded in `[from, to)`, with their terms. */
  protected forget(from: number, to: number): void {
    let kept = 0;
    for (let p = 0; p < 6 * this.patchCount; p += 6) {
      if (this.patches[p]! >= from && this.patches[p]! < to) {
        this.deltaA = (this.deltaA - this.patches[p + 4]!) | 0;
        this.deltaB = (this.deltaB - this.patches[p + 5]!) | 0;
      } else this.patches.copyWithin(6 * kept++, p, p + 6);
    }
    this.patchCount = kept;
    kept = 0;
    for (let r = 0; r < 4 * this.repairCount; r += 4) {
      if (this.repairs[r]! < from || this.repairs[r]! >= to) this.repairs.copyWithin(4 * kept++, r, r + 4);
    }
    this.repairCount = kept;
  }

  /** Move the records from `patchAt` and `repairAt` on before the first one after `at`. */
  protected moveBack(patchAt: number, repairAt: number, at: number): void {
    rotate(this.patches, 6, this.patchCount, patchAt, at);
    rotate(this.repairs, 4, this.repairCount, repairAt, at);
  }

  /** Queue the successor as state `id`, found from state `parentId`, the one loaded. */
  pushSuccessor(queue: StateQueue, id: number, parentId: number): void {
    queue.push(id, this.fingerprintA, this.fingerprintB, parentId, this.parent.data, this.parent.length, this.fresh.data, this.patches, this.patchCount);
  }

  /** Put `root` back to the parent, rewriting only what changed. */
  restore(): void {
    const repairs = this.repairs;
    for (let r = 0; r < 4 * this.repairCount; r += 4) {
      const what = repairs[r + 1]!;
      const up = repairs[r + 2]!;
      const index = repairs[r + 3]!;
      let value: unknown;
      if (what === WRITE_BACK) value = this.val[this.base[up]! + index];
      else {
        value = what >= 0 ? this.rebuildNode(what) : this.remake(SHALLOW - what);
        if (up < 0) {
          this.root = value;
          continue;
        }
        this.val[this.base[up]! + index] = value;
      }
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

/** Move the records `[added, count)` of `list` (of `width` ints) before the first one starting after `at`. */
function rotate(list: Int32Array, width: number, count: number, added: number, at: number): void {
  let into = 0;
  while (into < added && list[width * into]! < at) into++;
  // already in place (the usual case: the object relaid out is the last one changed)
  if (into === added || added === count) return;
  const moved = list.slice(width * added, width * count);
  list.copyWithin(width * (into + count - added), width * into, width * added);
  list.set(moved, width * into);
}
