/**
 * A deep copy of plain state: arrays, plain objects, Maps and Sets are copied, anything else
 * (numbers, strings, a class instance) is shared, as immer shares what it cannot draft. A
 * recipe only mutates its draft (DESIGN section 2), so running it on this copy gives the state
 * immer would produce, at the cost of one copy instead of immer's proxies.
 */
export function cloneState<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = value.slice();
    for (let i = 0; i < copy.length; i++) {
      const element = copy[i] as unknown;
      if (typeof element === 'object' && element !== null) copy[i] = cloneState(element);
    }
    return copy as T;
  }
  if ((value as object).constructor === Object) {
    // spreading keeps V8's object shape (a fast clone); then copy what is nested
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key in copy) {
      const field = copy[key];
      if (typeof field === 'object' && field !== null) copy[key] = cloneState(field);
    }
    return copy as T;
  }
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]) => [cloneState(k as unknown), cloneState(v as unknown)])) as T;
  }
  if (value instanceof Set) return new Set([...value].map((m) => cloneState(m as unknown))) as T;
  if (Object.getPrototypeOf(value) === null) {
    return Object.assign(Object.create(null) as object, cloneState({ ...value })) as T;
  }
  return value;
}

/** Kinds a site may specialise for before it leaves further ones to `cloneState`. */
const MAX_KINDS = 4;

type Clone = (value: object) => unknown;

/**
 * One place in a state (the root, a field of an object kind, the elements of an array) and
 * the copier it learnt from the values seen there: for a plain object, code compiled for its
 * keys (an object literal keeps one hidden class; spreading an object is several times
 * slower); for an array, a copy whose elements share one site. A value of another kind goes
 * to the next site, up to `MAX_KINDS`, then to `cloneState`. The copy is `cloneState`'s.
 */
class Site {
  clone: Clone;

  constructor(private readonly kinds: number) {
    this.clone = (value) => this.learn(value);
  }

  private learn(value: object): unknown {
    if (this.kinds >= MAX_KINDS) this.clone = cloneState;
    else if (Array.isArray(value)) this.clone = arrayCopier(new Site(0), new Site(this.kinds + 1));
    else if (value.constructor === Object && Object.getPrototypeOf(value) === Object.prototype) {
      const keys: string[] = [];
      for (const key in value) keys.push(key);
      this.clone = objectCopier(keys, new Site(this.kinds + 1));
    } else this.clone = cloneState;
    return this.clone(value);
  }
}

function arrayCopier(elements: Site, other: Site): Clone {
  return (value) => {
    if (!Array.isArray(value)) return other.clone(value);
    const copy = value.slice();
    for (let i = 0; i < copy.length; i++) {
      const element = copy[i] as unknown;
      if (typeof element === 'object' && element !== null) copy[i] = elements.clone(element);
    }
    return copy;
  };
}

function objectCopier(keys: readonly string[], other: Site): Clone {
  const fields = keys.map(() => new Site(0));
  const name = (key: string) => JSON.stringify(key);
  // the same keys in the same order, on a plain object, or the next site's turn
  const body = [
    'return function copy(o) {',
    '  let i = 0;',
    '  for (const k in o) if (k !== K[i++]) return other.clone(o);',
    `  if (i !== ${keys.length} || o.constructor !== Object || Object.getPrototypeOf(o) !== Object.prototype) return other.clone(o);`,
    ...keys.map((k, i) => `  let x${i} = o[${name(k)}]; if (typeof x${i} === 'object' && x${i} !== null) x${i} = F[${i}].clone(x${i});`),
    `  return {${keys.map((k, i) => `${name(k)}: x${i}`).join(', ')}};`,
    '};',
  ].join('\n');
  return new Function('K', 'F', 'other', body)(keys, fields, other) as Clone;
}

/**
 * A `cloneState` that learns the shapes of one model's states (a machine has its own): the
 * same copies, in a fraction of the time once the shapes are seen.
 */
export function stateCloner(): <T>(value: T) => T {
  const root = new Site(0);
  return <T>(value: T): T => (typeof value === 'object' && value !== null ? (root.clone(value) as T) : value);
}
