import type { GuardTable, Immutable } from '../../src/index.ts';
import type { LazyZeroKnobs } from './knobs.ts';
import { believesAllZeroed } from './remap.ts';
import { CPUS, VPAGES, type Access, type LazyZeroState } from './state.ts';

/** Every step of the lazy-zero model, named after the kernel path it mirrors. */
export type LazyZeroAction =
  | { readonly kind: 'access'; readonly cpu: number; readonly vpage: number; readonly access: Access }
  | { readonly kind: 'handleFault'; readonly cpu: number }
  | { readonly kind: 'finishZero'; readonly cpu: number }
  | { readonly kind: 'remapByPmd' }
  | { readonly kind: 'splitForAccess' }
  | { readonly kind: 'protectForAccess'; readonly vpage: number };

const ACCESSES: readonly Access[] = ['read', 'write'];

/** The whole alphabet; arguments name stable slots (CPU, vpage). */
export function lazyZeroActions(): LazyZeroAction[] {
  return [
    ...CPUS.flatMap((cpu) => VPAGES.flatMap((vpage) => ACCESSES.map((access) => ({ kind: 'access' as const, cpu, vpage, access })))),
    ...CPUS.map((cpu) => ({ kind: 'handleFault' as const, cpu })),
    ...CPUS.map((cpu) => ({ kind: 'finishZero' as const, cpu })),
    { kind: 'remapByPmd' },
    { kind: 'splitForAccess' },
    ...VPAGES.map((vpage) => ({ kind: 'protectForAccess' as const, vpage })),
  ];
}

const unlocked = (s: Immutable<LazyZeroState>) => s.folio.lockedBy === undefined;

/** When each step can run; the folio lock makes the handler, remap and split wait for a holder. */
export const lazyZeroGuards: GuardTable<LazyZeroState, LazyZeroAction, LazyZeroKnobs> = {
  access: (s, { cpu }) => s.cpus[cpu]!.pc === 'idle',
  handleFault: (s, { cpu }) => s.cpus[cpu]!.pc === 'entered' && unlocked(s),
  finishZero: (s, { cpu }) => s.cpus[cpu]!.pc === 'mapped',
  remapByPmd: (s, _, knobs) => s.pmd.kind === 'ptes' && unlocked(s) && (knobs.remapWhen === 'any-time' || believesAllZeroed(s, knobs)),
  splitForAccess: (s) => s.pmd.kind === 'huge' && unlocked(s),
  protectForAccess: (s, { vpage }) => s.pmd.kind === 'ptes' && s.pmd.ptes[vpage] === 'present',
};
