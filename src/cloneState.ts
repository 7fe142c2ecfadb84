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
