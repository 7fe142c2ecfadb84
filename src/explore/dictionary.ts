import { createShape, KeyGuard, type Shape } from './shapes.ts';

/**
 * What the search's token encoding refers to: atoms (numbers, strings, booleans and anything
 * shared by reference) and object shapes (a set of keys in one canonical order), each given a
 * small id the first time it is seen. One dictionary a model (`explore.ts`), so ids stay small
 * and a state encodes in about a byte per field (see `codec.ts`).
 *
 * A token is `(payload << 2) | tag`: an atom id, a shape id, an array length, or a Map or Set
 * (payload `size << 1 | isSet`).
 */
export const TAG_ATOM = 0;
export const TAG_SHAPE = 1;
export const TAG_ARRAY = 2;
export const TAG_COLLECTION = 3;

/** A trie over insertion-ordered key lists, so that finding an object's shape needs no sort. */
export class KeyTrie {
  readonly next = new Map<string, KeyTrie>();
  shape: Shape | undefined;
  constructor(readonly keys: readonly string[]) {}
}

const ATOM_TRUE = 0;
const ATOM_FALSE = 1;

export class Dictionary {
  /** The key trap of the objects the search decodes, and what it has seen. */
  readonly guard = new KeyGuard();
  readonly atoms: unknown[] = [true, false];
  private readonly atomIds = new Map<unknown, number>([
    [true, ATOM_TRUE],
    [false, ATOM_FALSE],
  ]);
  /** Tokens of the integers 0..255 plus one, 0 when not yet seen: the common counters. */
  private readonly small = new Int32Array(256);
  readonly shapes: Shape[] = [];
  private readonly bySignature = new Map<string, Shape>();
  private readonly keyIds = new Map<string, number>();
  private readonly roots = [new KeyTrie([]), new KeyTrie([])];

  /** The token of a value kept as a whole: a primitive, or an object shared by reference. */
  atom(value: unknown): number {
    if (value === true) return (ATOM_TRUE << 2) | TAG_ATOM;
    if (value === false) return (ATOM_FALSE << 2) | TAG_ATOM;
    // (v & 255) === v only for the integers 0..255 (and -0, which is 0 here as in JSON)
    if (typeof value === 'number' && (value & 255) === value) {
      const known = this.small[value]!;
      if (known !== 0) return known - 1;
      const token = this.newAtom(value === 0 ? 0 : value);
      this.small[value] = token + 1;
      return token;
    }
    const id = this.atomIds.get(value);
    return id === undefined ? this.newAtom(value) : (id << 2) | TAG_ATOM;
  }

  private newAtom(value: unknown): number {
    // a Map key treats -0 as 0 and NaN as NaN, which is the equality states are compared by
    const known = this.atomIds.get(value);
    if (known !== undefined) return (known << 2) | TAG_ATOM;
    const id = this.atoms.length;
    this.atoms.push(value);
    this.atomIds.set(value, id);
    return (id << 2) | TAG_ATOM;
  }

  /** Where the walk for an object's defined keys starts. */
  trie(nullProto: boolean): KeyTrie {
    return this.roots[nullProto ? 1 : 0]!;
  }

  /** The trie node one key further on. */
  extend(node: KeyTrie, key: string): KeyTrie {
    let next = node.next.get(key);
    if (next === undefined) {
      next = new KeyTrie([...node.keys, key]);
      node.next.set(key, next);
    }
    return next;
  }

  /** The shape a trie node's keys make, created on first sight. */
  shapeAt(node: KeyTrie, nullProto: boolean): Shape {
    if (node.shape !== undefined) return node.shape;
    // keys in another order make the same shape: canonical order is the first one seen
    const signature = JSON.stringify([nullProto, [...node.keys].sort()]);
    let shape = this.bySignature.get(signature);
    if (shape === undefined) {
      const id = this.shapes.length;
      const fields = Int32Array.from(node.keys, (key) => this.keyField(key));
      shape = createShape(id, (id << 2) | TAG_SHAPE, node.keys, fields, nullProto, this.guard);
      this.shapes.push(shape);
      this.bySignature.set(signature, shape);
    }
    return (node.shape = shape);
  }

  /** An object key's field id: odd, so that it never equals an array index's (`field`). */
  private keyField(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) this.keyIds.set(key, (id = this.keyIds.size));
    return 2 * id + 1;
  }

  /** The field id of entry `index` of the container `token` stands for. */
  field(token: number, index: number): number {
    return (token & 3) === TAG_SHAPE ? this.shapes[token >>> 2]!.fields[index]! : 2 * index;
  }

  /** How many encoded values follow a token. */
  children(token: number): number {
    const payload = token >>> 2;
    switch (token & 3) {
      case TAG_ATOM:
        return 0;
      case TAG_SHAPE:
        return this.shapes[payload]!.keys.length;
      case TAG_ARRAY:
        return payload;
      default:
        return (payload & 1) === 1 ? payload >>> 1 : payload & ~1;
    }
  }
}
