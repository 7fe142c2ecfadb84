/**
 * Object shapes and the code compiled for each: a class or literal to build objects of the
 * shape (all sharing one hidden class), and a walker comparing one, field by field, with a
 * decoded state's node table (named loads stay monomorphic; a generic loop over keys is
 * several times slower).
 */

/** What a shape's compiled walker reads: the parent state's node table (`nodes.ts`). */
export interface WalkTable {
  readonly val: unknown[];
  readonly child: Int32Array;
  readonly base: Int32Array;
}

/** What a shape's compiled walker reports to: a field that differs, a child to descend into. */
export interface WalkHost {
  changed(node: number, index: number, value: unknown): void;
  visit(value: unknown, node: number): void;
}

/** Compare an object of this shape, field by field, with node `node` of the table. */
export type Walker = (o: unknown, node: number, table: WalkTable, host: WalkHost) => void;
/** Build an object of this shape from `values[at..]`, in canonical key order. */
export type Maker = (values: readonly unknown[], at: number) => object;
/** Put an object's values of this shape's keys in `out[at..]`, in order; false at the first undefined. */
export type Reader = (o: unknown, out: unknown[], at: number) => boolean;

/** A set of keys (those with a defined value) and the order they are encoded in. */
export interface Shape {
  readonly id: number;
  readonly token: number;
  /** Canonical order: the order the first object with these keys listed them in. */
  readonly keys: readonly string[];
  /** Each key's field id (`Dictionary.field`), for fingerprint paths. */
  readonly fields: Int32Array;
  readonly nullProto: boolean;
  make: Maker;
  readonly walk: Walker;
  readonly read: Reader;
  /** Its objects report added keys to `KeyGuard.added`; the others' keys must be counted. */
  guarded: boolean;
}

const SHAPE_ID = Symbol('shape id');
/** Decoded objects' visits before their shape's misses are judged. */
const REVIEW_AFTER = 4096;

/**
 * The prototype of the objects the search decodes, so that a recipe adding a key to one is
 * seen without counting each object's keys after every step (`Object.keys` on every object was
 * half the cost of comparing a successor with its parent). Assigning a key an object lacks
 * looks for a setter up its prototype chain and so reaches this proxy's `set` trap, which
 * records the object and defines the key on it as the assignment would have. Immer recipes
 * only assign and delete (a draft refuses `Object.defineProperty`), and both are seen: a
 * deleted key reads as undefined.
 *
 * Reading a key an object lacks goes through the proxy too, several times slower than on a
 * plain object. A model that reads absent optional keys often (`v.pte?.folio` over every
 * page) pays more in such misses than counting keys would cost, so misses and visits are
 * counted per shape, and a shape whose objects miss more than they are visited is unguarded:
 * its objects are then built plain, and their keys counted.
 */
export class KeyGuard {
  /** Decoded objects a key was added to since this was last cleared. */
  readonly added: object[] = [];
  misses = new Int32Array(64);
  visits = new Int32Array(64);
  readonly trap: object;

  constructor() {
    const misses = () => this.misses;
    const trap: object = new Proxy(Object.prototype, {
      set: (_, key, value, receiver: object) => {
        // a write to the prototype itself (reached by two getPrototypeOf) is refused
        if (receiver === trap) return false;
        this.added.push(receiver);
        return Reflect.defineProperty(receiver, key, { value, writable: true, enumerable: true, configurable: true });
      },
      get(target, key, receiver: Record<symbol, number | undefined>) {
        if (key === SHAPE_ID) return undefined; // read on the proxy itself
        const id = receiver[SHAPE_ID];
        if (id !== undefined) misses()[id]!++;
        return Reflect.get(target, key, receiver);
      },
    });
    this.trap = trap;
  }

  /** Unguard the shapes whose misses cost more than counting their keys would; true if any. */
  review(shapes: readonly Shape[]): boolean {
    let changed = false;
    for (const shape of shapes) {
      const visits = this.visits[shape.id]!;
      if (!shape.guarded || visits < REVIEW_AFTER) continue;
      // a miss through the proxy costs some 30 ns, counting an object's keys some 20
      if (3 * this.misses[shape.id]! > 2 * visits) {
        shape.guarded = false;
        shape.make = plainMaker(shape.keys, false);
        changed = true;
      }
      this.misses[shape.id] = 0;
      this.visits[shape.id] = 0;
    }
    return changed;
  }

  /** Room for counters of shape `id`. */
  grow(id: number): void {
    if (id < this.misses.length) return;
    const size = 2 * Math.max(id, this.misses.length);
    const misses = new Int32Array(size);
    misses.set(this.misses);
    this.misses = misses;
    const visits = new Int32Array(size);
    visits.set(this.visits);
    this.visits = visits;
  }
}

const name = (key: string) => JSON.stringify(key);

function plainMaker(keys: readonly string[], nullProto: boolean): Maker {
  const body = nullProto
    ? `const o = Object.create(null);\n${keys.map((k, i) => `o[${name(k)}] = v[p + ${i}];`).join('\n')}\nreturn o;`
    : `return {${keys.map((k, i) => `${name(k)}: v[p + ${i}]`).join(', ')}};`;
  return new Function('v', 'p', body) as Maker;
}

/** A shape and its compiled code; its objects are guarded by `guard` where they can be. */
export function createShape(id: number, token: number, keys: readonly string[], fields: Int32Array, nullProto: boolean, guard: KeyGuard): Shape {
  if (keys.includes('__proto__')) throw new Error("explore: a state object has an own '__proto__' key");
  guard.grow(id);
  const walk = new Function(
    'o',
    'k',
    't',
    'w',
    [
      'const val = t.val, child = t.child, b = t.base[k]; let x;',
      ...keys.map(
        (k, i) =>
          `x = o[${name(k)}]; if (x !== val[b + ${i}]) w.changed(k, ${i}, x); ` +
          `else if (child[b + ${i}] >= 0) w.visit(x, child[b + ${i}]);`,
      ),
    ].join('\n'),
  ) as Walker;
  const read = new Function(
    'o',
    'out',
    'at',
    ['let x;', ...keys.map((k, i) => `x = o[${name(k)}]; if (x === undefined) return false; out[at + ${i}] = x;`), 'return true;'].join('\n'),
  ) as Reader;
  // a class cannot have a field named constructor; such objects, like those without a
  // prototype, are checked for added keys by counting them
  if (nullProto || keys.includes('constructor')) return { id, token, keys, fields, nullProto, make: plainMaker(keys, nullProto), walk, read, guarded: false };
  // fields are defined, not assigned, so building an object does not wake the trap
  const at: { v: readonly unknown[]; p: number } = { v: [], p: 0 };
  const body = keys.map((k, i) => `${name(k)} = a.v[a.p + ${i}];`).join('\n');
  const Class = new Function('a', `return class {\n${body}\n};`)(at) as new () => object;
  // what the engine and cloneState take a plain object to be
  Object.defineProperty(Class.prototype, 'constructor', { value: Object, writable: true, configurable: true });
  Object.defineProperty(Class.prototype, SHAPE_ID, { value: id });
  Object.setPrototypeOf(Class.prototype, guard.trap);
  const make: Maker = (values, p) => {
    at.v = values;
    at.p = p;
    return new Class();
  };
  return { id, token, keys, fields, nullProto, make, walk, read, guarded: true };
}
