/**
 * The packed search's working copy (`packed.ts`): one decoding of the state being expanded,
 * which each enabled action's recipe mutates in place and `restore` then puts back, instead of
 * a fresh decoding per transition (on the bench model a fifth less CPU time for the search).
 *
 * A layout is the shape of one decoded state (its plain objects' keys, its arrays' lengths,
 * which places hold objects), learnt from a state and compiled into straight-line code:
 * `collect` checks that a state has the layout and lists its objects in a fixed order, and
 * `restore` writes every field of the working copy back from an untouched decoding of the
 * next state, its objects put back by identity (so a recipe that replaced or moved one is
 * undone too). What `restore` cannot undo (a key added or deleted, an array's length
 * changed) `intact` finds after the state's transitions, which are then taken again on fresh
 * decodings: the copy costs no more than that check and the restores. (Sealing its objects
 * instead made every recipe on it twice as slow.)
 */

/** Plain objects and arrays at most, so that the code stays small. */
const MAX_NODES = 256;
const MAX_FIELDS = 2048;
/** Layouts kept: a model whose decoded states have more shapes takes fresh decodings. */
const MAX_LAYOUTS = 4;
/** States that fit no layout before the copy is given up for the search. */
const MAX_MISSES = 64;

type Collect = (state: unknown, nodes: unknown[]) => boolean;
type Restore = (pristine: unknown, nodes: unknown[]) => void;

interface Layout {
  readonly collect: Collect;
  readonly restore: Restore;
  readonly nodes: number;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || Array.isArray(value);
}

/** Compile the layout of `state`, or undefined when it holds anything but plain objects, arrays and scalars. */
function compile(state: unknown): Layout | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const keyLists: string[][] = [];
  const check: string[] = [];
  const put: string[] = [];
  let nodes = 0;
  let fields = 0;
  // `v` is the state's value at this place in collect, `p` the pristine one in restore
  const visit = (value: object, v: string, p: string): boolean => {
    if (!isPlain(value) || Object.isFrozen(value) || ++nodes > MAX_NODES) return false;
    const n = nodes - 1;
    const w = `w${n}`;
    put.push(`const ${w} = N[${n}];`);
    const children: [string, object][] = [];
    if (Array.isArray(value)) {
      check.push(`if (!Array.isArray(${v}) || ${v}.length !== ${value.length}) return false;`);
      for (let i = 0; i < value.length; i++) children.push([String(i), value[i] as object]);
    } else {
      const keys = Object.keys(value);
      if (Object.getOwnPropertySymbols(value).length > 0) return false;
      keyLists.push(keys);
      check.push(`if (typeof ${v} !== 'object' || ${v} === null || Object.getPrototypeOf(${v}) !== Object.prototype || !sameKeys(${v}, K[${keyLists.length - 1}])) return false;`);
      for (const key of keys) children.push([key, (value as Record<string, unknown>)[key] as object]);
    }
    check.push(`N[${n}] = ${v};`);
    for (const [key, child] of children) {
      if (++fields > MAX_FIELDS) return false;
      const at = Array.isArray(value) ? `[${key}]` : `[${JSON.stringify(key)}]`;
      if (typeof child === 'object' && child !== null) {
        const cv = `v${nodes}`;
        const cp = `p${nodes}`;
        check.push(`const ${cv} = ${v}${at};`);
        put.push(`const ${cp} = ${p}${at};`, `${w}${at} = N[${nodes}];`);
        if (!visit(child, cv, cp)) return false;
      } else {
        check.push(`if (typeof ${v}${at} === 'object' && ${v}${at} !== null) return false;`);
        put.push(`${w}${at} = ${p}${at};`);
      }
    }
    return true;
  };
  if (!visit(state, 'v', 'p')) return undefined;
  const collect = new Function('K', 'sameKeys', `return function collect(v, N) {\n${check.join('\n')}\nreturn true;\n};`)(keyLists, sameKeys) as Collect;
  const restore = new Function(`return function restore(p, N) {\n${put.join('\n')}\n};`)() as Restore;
  return { collect, restore, nodes };
}

/** Whether `value` has exactly `keys`, in that order. */
function sameKeys(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
}

/**
 * A working copy for the packed search. `load` makes it the state at hand, restored from an
 * untouched decoding of that state; `intact` says afterwards whether the recipes left it
 * as `restore` can put it back. Both compare the copy's code with the state's: the packing
 * holds all a state has (`decode(encode(s))` is `s`), so a copy with the state's code is the
 * state, and a key a recipe added, or an array it lengthened, shows in the code.
 */
export class WorkingCopy {
  private readonly layouts: Layout[] = [];
  private layout: Layout | undefined;
  /** The working copy's objects, in the layout's order. */
  private readonly nodes: unknown[] = [];
  /** The state the recipes mutate, valid after a `load` that returned true. */
  work: unknown;
  /** States that fitted no layout. */
  private misses = 0;

  constructor(
    private readonly encode: (state: unknown) => number,
    private readonly decode: (code: number) => unknown,
  ) {}

  /** Make `work` the state of code `code`, which `pristine` is too; false when it fits no layout. */
  load(pristine: unknown, code: number): boolean {
    if (this.layout !== undefined) {
      if (this.restored(pristine, code)) return true;
      this.layout = undefined;
    }
    // states no layout can hold (too large, a Map, a class) are not tried for ever
    if (this.misses >= MAX_MISSES) return false;
    const work = this.decode(code);
    let found = this.layouts.find((l) => l.collect(work, this.nodes));
    if (found === undefined && this.layouts.length < MAX_LAYOUTS) {
      found = compile(work);
      if (found !== undefined) this.layouts.push(found);
      if (found !== undefined && !found.collect(work, this.nodes)) found = undefined;
    }
    if (found === undefined) this.misses++;
    this.layout = found;
    this.work = work;
    return found !== undefined;
  }

  /** Forget the working copy: the next `load` takes a fresh decoding. */
  drop(): void {
    this.layout = undefined;
  }

  /** Put the working copy back as `pristine` is. */
  restore(pristine: unknown): void {
    this.layout!.restore(pristine, this.nodes);
  }

  /** Whether the copy, restored, is the state of code `code` again (else it is dropped). */
  intact(code: number): boolean {
    if (this.encodes(code)) return true;
    this.layout = undefined;
    return false;
  }

  private restored(pristine: unknown, code: number): boolean {
    try {
      this.layout!.restore(pristine, this.nodes);
    } catch {
      return false; // a state of another layout
    }
    return this.encodes(code);
  }

  private encodes(code: number): boolean {
    try {
      return this.encode(this.work) === code;
    } catch {
      return false;
    }
  }
}
