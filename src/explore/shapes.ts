/**
 * Object shapes and the code compiled for each: an object literal to build objects of the
 * shape (all sharing one hidden class), and a walker comparing one, field by field, with a
 * decoded state's node table (named loads stay monomorphic; a generic loop over keys is
 * several times slower).
 *
 * Decoded objects are plain literals, so that a model's guards, recipes and properties see
 * the hidden classes its own literals have: with a class a shape (and a prototype trapping
 * added keys) their property loads saw several more per key set and went megamorphic, which
 * cost more (explore folio 13%, som 27%) than counting an object's keys to find an added one.
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
  readonly make: Maker;
  readonly walk: Walker;
  readonly read: Reader;
}

const name = (key: string) => JSON.stringify(key);

function plainMaker(keys: readonly string[], nullProto: boolean): Maker {
  const body = nullProto
    ? `const o = Object.create(null);\n${keys.map((k, i) => `o[${name(k)}] = v[p + ${i}];`).join('\n')}\nreturn o;`
    : `return {${keys.map((k, i) => `${name(k)}: v[p + ${i}]`).join(', ')}};`;
  return new Function('v', 'p', body) as Maker;
}

/** A shape and its compiled code. */
export function createShape(id: number, token: number, keys: readonly string[], fields: Int32Array, nullProto: boolean): Shape {
  if (keys.includes('__proto__')) throw new Error("explore: a state object has an own '__proto__' key");
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
  return { id, token, keys, fields, nullProto, make: plainMaker(keys, nullProto), walk, read };
}
