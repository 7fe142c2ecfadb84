import type { Scenario } from '../../src/index.ts';
import type { AnonAction } from './actions.ts';
import type { AnonKnobs } from './knobs.ts';
import type { AnonState } from './state.ts';

const exitBoth: AnonAction[] = [{ kind: 'zap' }, { kind: 'unlink', mm: 0 }, { kind: 'unlink', mm: 1 }];

/** T1 read folio->mapping while mapped; mm 1 exits and mm 2 reuses anon_vma 1's memory. */
const reusedUnderReader: AnonAction[] = [
  { kind: 'loadMapping' },
  { kind: 'zap' },
  { kind: 'unlink', mm: 1 },
  { kind: 'prepare', slot: 1 },
  { kind: 'incNotZero' },
  { kind: 'recheckMapped' },
];

export const anonScenarios: readonly Scenario<AnonState, AnonAction, AnonKnobs>[] = [
  {
    name: 'rmap-walk-while-mapped',
    meaning: 'T1 pins anon_vma 1 while the folio is mapped, walks it under its root\'s lock and puts it',
    steps: [{ kind: 'loadMapping' }, { kind: 'incNotZero' }, { kind: 'recheckMapped' }, { kind: 'rmapWalk' }, { kind: 'putAnonVma' }],
    expect: {
      kind: 'final',
      meaning: 'both anon_vmas live with their own references again (root: itself and the child)',
      check: (s) => (s.anonVmas[1]!.refcount === 1 && s.anonVmas[0]!.refcount === 2 && s.seen.walked ? undefined : `refcounts ${s.anonVmas[1]!.refcount}, ${s.anonVmas[0]!.refcount}`),
    },
  },
  {
    name: 'reader-put-frees-child-then-root',
    meaning: 'both mms exit while T1 holds anon_vma 1: its put frees the child, then the root whose last reference the child held',
    steps: [{ kind: 'loadMapping' }, { kind: 'incNotZero' }, ...exitBoth, { kind: 'recheckMapped' }, { kind: 'putAnonVma' }],
    expect: {
      kind: 'final',
      meaning: 'anon_vma 0 and 1 are free, freed by T1',
      check: (s) => (s.anonVmas[0]!.state === 'free' && s.anonVmas[1]!.state === 'free' && s.seen.readerFreed ? undefined : `anon_vma 0 ${s.anonVmas[0]!.state}, 1 ${s.anonVmas[1]!.state}`),
    },
  },
  {
    name: 'reused-anon-vma-dropped',
    meaning: 'T1 pins anon_vma 1\'s memory after mm 2 reused it; the folio_mapped re-check sees the folio unmapped and puts it',
    steps: [...reusedUnderReader, { kind: 'putAnonVma' }],
    expect: {
      kind: 'final',
      meaning: 'T1 is idle, mm 2\'s anon_vma 1 keeps its one reference',
      check: (s) => (s.reader.pc === 'idle' && s.anonVmas[1]!.mm === 2 && s.anonVmas[1]!.refcount === 1 && s.seen.reused ? undefined : `T1 ${s.reader.pc}, refcount ${s.anonVmas[1]!.refcount}`),
    },
  },
  {
    name: 'freed-anon-vma-not-pinned',
    meaning: 'mm 1 exits after T1 read folio->mapping: atomic_inc_not_zero reads refcount 0 of the free (still typed) object',
    steps: [{ kind: 'loadMapping' }, { kind: 'zap' }, { kind: 'unlink', mm: 1 }, { kind: 'incNotZero' }],
    expect: { kind: 'final', meaning: 'T1 gave up: idle, nothing pinned', check: (s) => (s.reader.pc === 'idle' && s.seen.incFailed ? undefined : `T1 ${s.reader.pc}`) },
  },
  {
    name: 'walk-reused-anon-vma',
    meaning: 'without the re-check T1 walks mm 2\'s anon_vma as the folio\'s',
    variant: 'no-mapped-recheck',
    steps: [...reusedUnderReader, { kind: 'rmapWalk' }],
    expect: { kind: 'violates', property: 'owner-identity-when-used', atStep: 7 },
  },
];
