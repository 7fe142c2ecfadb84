import type { AlwaysProperty, Property, SometimesProperty, StepProperty } from '../../src/index.ts';
import { touchedMm, type TypesafeAction } from '../../models/typesafe-rcu/actions.ts';
import type { TypesafeKnobs } from '../../models/typesafe-rcu/knobs.ts';
import type { TypesafeState } from '../../models/typesafe-rcu/state.ts';

type Step = StepProperty<TypesafeState, TypesafeAction, TypesafeKnobs>;

export const ownerAliveWhenTouched: Step = {
  kind: 'step',
  name: 'owner-alive-when-touched',
  meaning: 'no step reads or writes an mm_struct that has been freed (its owner lifetime ended)',
  rule: 'a typesafe object proves nothing about its owner: pin the owner (mmgrab) before dropping the reference that kept it alive',
  check: (before, action, _after, knobs) => {
    const mm = touchedMm(before, action, knobs);
    return mm !== undefined && !before.mms[mm]!.alive ? `${action.kind} touches mm ${mm}, which was freed (mm_count 0)` : undefined;
  },
};

export const vmaIdentity: Step = {
  kind: 'step',
  name: 'vma-identity',
  meaning: 'lock_vma_under_rcu(mm 0) returns only a VMA attached to mm 0 and in its tree',
  rule: 'identity is re-checked after the reference: vma->vm_mm == mm in vma_start_read',
  check: (_before, action, after) => {
    if (action.kind !== 'checkMm' || after.reader.pc !== 'holding') return undefined;
    const v = after.vmas[after.reader.vma]!;
    return v.state !== 'attached' || v.mm !== 0 || after.mms[0]!.vma !== after.reader.vma
      ? `T0 locked vma ${after.reader.vma} for mm 0, but it is ${v.state} to mm ${v.mm}`
      : undefined;
  },
};

/** The reader's references: from a successful `vma_start_read` until its put. */
const readerHolds = (s: TypesafeState['reader']) => s.pc === 'got' || s.pc === 'holding' || s.pc === 'mismatch' || s.pc === 'grabbed';

export const referencesOnLiveVmas: AlwaysProperty<TypesafeState, TypesafeKnobs> = {
  kind: 'always',
  name: 'references-on-live-vmas',
  meaning: 'vm_refcnt is 1 for the tree plus the reader\'s reference; a free VMA has none',
  rule: 'vma_start_read takes a reference only with refcount_inc_not_zero',
  check: (s) => {
    for (const [slot, v] of s.vmas.entries()) {
      const reader = readerHolds(s.reader) && s.reader.vma === slot ? 1 : 0;
      const expected = (v.state === 'attached' ? 1 : 0) + reader;
      if (v.state === 'free' && reader > 0) return `T0 holds a reference on vma ${slot}, which is free`;
      if (v.refcnt !== expected) return `vma ${slot} (${v.state}): vm_refcnt ${v.refcnt} != ${expected}`;
    }
    return undefined;
  },
};

const witnesses: SometimesProperty<TypesafeState, TypesafeKnobs>[] = [
  { kind: 'sometimes', name: 'vma-reused-by-other-mm', meaning: 'the reader met its VMA object reused by mm 1 and released it', reached: (s) => s.seen.mismatch },
  { kind: 'sometimes', name: 'start-read-fails', meaning: 'vma_start_read found vm_refcnt 0 (a freed VMA) and returned NULL', reached: (s) => s.seen.startReadFailed },
  { kind: 'sometimes', name: 'owner-freed', meaning: 'mm 1 was freed', reached: (s) => !s.mms[1]!.alive },
  { kind: 'sometimes', name: 'vma-locked', meaning: 'the reader holds mm 0\'s VMA', reached: (s) => s.reader.pc === 'holding' },
];

/** The typesafe-rcu model's properties, in the order they are checked. */
export const typesafeRcuProperties: readonly Property<TypesafeState, TypesafeAction, TypesafeKnobs>[] = [
  ownerAliveWhenTouched,
  vmaIdentity,
  referencesOnLiveVmas,
  ...witnesses,
];
