import type { Configuration } from '../configuration.ts';
import type { ActionBase } from '../model.ts';

type Guard = (state: unknown, action: ActionBase, knobs: Configuration['knobs']) => boolean;

/**
 * Writes the alphabet indices of the actions enabled in `state` to `enabled`; returns how many.
 * `guards` and `actions` are the alphabet's, index by index.
 */
export type EnabledSet = (
  guards: readonly Guard[],
  actions: readonly ActionBase[],
  state: unknown,
  knobs: Configuration['knobs'],
  enabled: Int32Array,
) => number;

/** By a model's guards, then by the kinds of its alphabet in order: compiled once, kept. */
const compiled = new WeakMap<object, Map<string, EnabledSet>>();

/**
 * The guards of an alphabet as one function with a call site an action: each site calls one
 * guard, which the compiler inlines, where one site calling every kind's guard in turn calls
 * through a megamorphic dispatch (the bench model's search about 9% faster). One function a
 * model and alphabet, so that its optimised code carries over from one search to the next.
 */
export function enabledSet(guards: object, alphabet: readonly ActionBase[]): EnabledSet {
  let byLayout = compiled.get(guards);
  if (byLayout === undefined) compiled.set(guards, (byLayout = new Map()));
  const layout = alphabet.map((action) => action.kind).join(' ');
  let set = byLayout.get(layout);
  if (set === undefined) {
    const sites = alphabet.map((_, i) => `if (guard[${i}](state, action[${i}], knobs)) enabled[n++] = ${i};`);
    set = new Function('guard', 'action', 'state', 'knobs', 'enabled', `let n = 0;\n${sites.join('\n')}\nreturn n;`) as EnabledSet;
    byLayout.set(layout, set);
  }
  return set;
}
