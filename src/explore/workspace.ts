import type { Codec } from './codec.ts';
import * as changesModule from './changes.ts';
import * as dictionaryModule from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import * as mix from './mix.ts';
import type { KeyGuard, Shape, WalkHost } from './shapes.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module, which cost a fifth of the search's time in the hot loop.
const { ChangeLog, SHALLOW, WRITE_BACK } = changesModule;
const { TAG_ARRAY, TAG_ATOM, TAG_SHAPE } = dictionaryModule;
const { childPathA, childPathB, termA, termB } = mix;

/** For `replace`: a field the step added, which `restore` need not repair (its object is remade). */
const INSERTED = -3;

/**
 * The state being expanded, decoded once into `root` (`nodes.ts`), which every transition
 * then mutates in place: no deep copy per successor. After a recipe ran, `diff` walks `root`
 * against the node table and finds what changed (`changes.ts`): the successor's fingerprint
 * is the parent's plus the terms of the changed tokens (`mix.ts`), its encoding the parent's
 * with those ranges patched, and `restore` puts the parent back by rewriting only what changed.
 *
 * Objects are matched by identity, so a recipe that replaces, moves or aliases one makes that
 * place count as changed, encoded and later rebuilt whole. An object that gained or lost keys
 * keeps what it kept (`relayout`).
 */
export class Workspace extends ChangeLog implements WalkHost {
  /** Objects that lost a key or had one set to undefined, dealt with after the walk. */
  private broken: number[] = [];
  /** Steps taken from the state loaded. */
  private steps = 0;
  /** By old and new shape: where each new key was, or null when kept keys changed order. */
  private readonly plans = new Map<number, Int32Array | null>();

  constructor(
    private readonly codec: Codec,
    dictionary: Dictionary,
  ) {
    super(dictionary);
  }

  /** The key trap's bookkeeping, for compiled walks. */
  get guard(): KeyGuard {
    return this.dictionary.guard;
  }

  /**
   * Decode the next state. The key guard's visits are counted here, for the state before,
   * as its objects times the steps taken from it: counting in the walk cost a store an object.
   */
  override load(): void {
    const visits = this.dictionary.guard.visits;
    for (let node = 0; node < this.nodes; node++) {
      const token = this.tok[node]!;
      if ((token & 3) === TAG_SHAPE && this.dictionary.shapes[token >>> 2]!.guarded) visits[token >>> 2]! += this.steps;
    }
    this.steps = 0;
    super.load();
  }

  /** Find what the last transition changed in `root`. */
  diff(): void {
    this.steps++;
    this.visit(this.root, 0);
    while (this.broken.length > 0) this.fixBroken();
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
        if (guard.added.length === 0 || !guard.added.includes(value as object)) return shape.walk(value, node, this, this);
      } else if (Object.keys(value as object).length === shape.keys.length) return shape.walk(value, node, this, this);
      return this.relayout(node, value);
    }
    if (tag === TAG_ARRAY) {
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
    // an array of another length, or a Map or Set (never compared in place): take it whole
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
    // a state's successors often change the same field (a refcount): its path is kept
    this.ensureField(node, index, field);
    const pathA = this.fpathA[field]!;
    const pathB = this.fpathB[field]!;
    if (child >= 0) {
      this.replace(value, this.start[child]!, this.end[child]!, pathA, pathB, child, node, index);
      return;
    }
    const old = this.ftok[field]!;
    const pos = this.fpos[field]!;
    if (typeof value === 'object' && value !== null) {
      this.replace(value, pos, pos + 1, pathA, pathB, WRITE_BACK, node, index);
      return;
    }
    // a scalar for a scalar, the common step: one token, two terms
    const fresh = this.dictionary.atom(value);
    if (fresh === old) return; // NaN !== NaN, yet the same token
    const at = this.fresh.length;
    this.fresh.push(fresh);
    this.patch(pos, pos + 1, at, (termA(pathA, fresh) - this.ftermA[field]!) | 0, (termB(pathB, fresh) - this.ftermB[field]!) | 0);
    this.repair(pos, WRITE_BACK, node, index);
  }

  /** Take node `node` whole: `value` replaces it. */
  reshape(node: number, value: unknown): void {
    this.ensurePath(node);
    this.replace(value, this.start[node]!, this.end[node]!, this.pathA[node]!, this.pathB[node]!, node, this.up[node]!, this.slot[node]!);
  }

  /**
   * An object of node `node` whose keys changed (`delete d.pagecache`): patch its shape token,
   * remove the lost keys' fields, insert the new ones', and compare the kept ones as usual,
   * for their paths and terms do not depend on the shape (`mix.ts`). Taking it whole would
   * encode and hash all it holds, for the folio model's root a hundred and sixty tokens.
   */
  relayout(node: number, value: unknown): void {
    const old = this.dictionary.shapes[this.tok[node]! >>> 2]!;
    const shape = this.codec.shapeOf(value as Record<string, unknown>, old.nullProto);
    if (shape === old) return old.walk(value, node, this, this); // a key added and deleted again
    const plan = this.planFor(old, shape);
    if (plan === null) return this.reshape(node, value);
    this.ensurePath(node);
    const pathA = this.pathA[node]!;
    const pathB = this.pathB[node]!;
    const start = this.start[node]!;
    this.repair(start, SHALLOW - node, this.up[node]!, this.slot[node]!);
    const at = this.fresh.length;
    this.fresh.push(shape.token);
    this.patch(start, start + 1, at, (termA(pathA, shape.token) - termA(pathA, old.token)) | 0, (termB(pathB, shape.token) - termB(pathB, old.token)) | 0);
    const base = this.base[node]!;
    let kept = 0; // old fields up to here are passed
    let end = start + 1; // where they end
    for (let i = 0; i < shape.keys.length; i++) {
      const j = plan[i]!;
      const x = (value as Record<string, unknown>)[shape.keys[i]!];
      if (j < 0) {
        const field = shape.fields[i]!;
        this.replace(x, end, end, childPathA(pathA, field), childPathB(pathB, field), INSERTED, node, i);
        continue;
      }
      while (kept < j) this.drop(node, old, kept++);
      const f = base + j;
      if (x !== this.val[f]) this.changed(node, j, x);
      else if (this.child[f]! >= 0) this.visit(x, this.child[f]!);
      end = this.child[f]! >= 0 ? this.end[this.child[f]!]! : this.fpos[f]! + 1;
      kept = j + 1;
    }
    while (kept < old.keys.length) this.drop(node, old, kept++);
  }

  /** Remove field `j` of node `node`'s old shape; a child is rebuilt, for the step may have changed it. */
  private drop(node: number, old: Shape, j: number): void {
    const f = this.base[node]! + j;
    const child = this.child[f]!;
    const pathA = childPathA(this.pathA[node]!, old.fields[j]!);
    const pathB = childPathB(this.pathB[node]!, old.fields[j]!);
    if (child < 0) {
      const token = this.ftok[f]!;
      this.patch(this.fpos[f]!, this.fpos[f]! + 1, this.fresh.length, -termA(pathA, token) | 0, -termB(pathB, token) | 0);
      return;
    }
    this.terms(child, this.start[child]!, pathA, pathB);
    this.patch(this.start[child]!, this.end[child]!, this.fresh.length, -this.codec.hashA | 0, -this.codec.hashB | 0);
    this.repair(this.start[child]!, child, node, j);
  }

  /** Where each of `shape`'s keys is among `old`'s, or null unless the kept keys keep their order. */
  private planFor(old: Shape, shape: Shape): Int32Array | null {
    const id = old.id * 65536 + shape.id;
    let plan = this.plans.get(id);
    if (plan === undefined) {
      plan = Int32Array.from(shape.keys, (key) => old.keys.indexOf(key));
      const kept = plan.filter((j) => j >= 0);
      if (shape.nullProto !== old.nullProto || kept.some((j, i) => i > 0 && j < kept[i - 1]!)) plan = null;
      this.plans.set(id, plan);
    }
    return plan;
  }

  /**
   * `value` replaces the parent's `[from, to)` at path (a, b); `what` says how `restore` puts
   * the parent back (a node to rebuild, WRITE_BACK, or nothing for INSERTED).
   */
  private replace(value: unknown, from: number, to: number, pathA: number, pathB: number, what: number, up: number, index: number): void {
    const fresh = this.fresh;
    const at = fresh.length;
    this.codec.encode(value, fresh);
    if (what >= WRITE_BACK) this.repair(from, what, up, index);
    // a recipe that rebuilds a part as it was (freeFolio's pages) changes nothing to encode
    if (fresh.length - at === to - from && sameTokens(fresh.data, at, this.parent.data, from, to - from)) {
      fresh.length = at;
      return;
    }
    let oldA = 0;
    let oldB = 0;
    if (to > from) {
      this.terms(what, from, pathA, pathB);
      oldA = this.codec.hashA;
      oldB = this.codec.hashB;
    }
    this.codec.hash(fresh.data, at, pathA, pathB);
    this.patch(from, to, at, (this.codec.hashA - oldA) | 0, (this.codec.hashB - oldB) | 0);
  }

  /** The terms of the parent's value at `from`, path (a, b), into the codec's hash lanes; cached for a node. */
  private terms(node: number, from: number, pathA: number, pathB: number): void {
    if (node >= 0 && this.sumStamp[node] === this.stamp) {
      this.codec.hashA = this.sumA[node]!;
      this.codec.hashB = this.sumB[node]!;
      return;
    }
    this.codec.hash(this.parent.data, from, pathA, pathB);
    // several of a state's successors often replace the same part (a folio's pages)
    if (node >= 0) {
      this.sumA[node] = this.codec.hashA;
      this.sumB[node] = this.codec.hashB;
      this.sumStamp[node] = this.stamp;
    }
  }

  /** Relayout each object a key was deleted from, forgetting what the walk recorded inside it. */
  private fixBroken(): void {
    // usually one object lost a key: no set or sort to build
    const nodes = this.broken.length === 1 ? [this.broken[0]!] : [...new Set(this.broken)].sort((a, b) => this.start[a]! - this.start[b]!);
    this.broken.length = 0;
    let until = -1;
    for (const node of nodes) {
      const from = this.start[node]!;
      if (from < until) continue; // inside one relaid out: found again if still broken
      until = this.end[node]!;
      this.forget(from, until);
      const patchAt = this.patchCount;
      const repairAt = this.repairCount;
      this.relayout(node, this.obj[node]);
      this.moveBack(patchAt, repairAt, from);
    }
  }
}

function sameTokens(a: Int32Array, at: number, b: Int32Array, from: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[at + i] !== b[from + i]) return false;
  return true;
}
