import { match } from 'ts-pattern';
import type { GuardTable, Immutable } from '../../src/index.ts';
import type { AnonKnobs } from './knobs.ts';
import { readerPutOps, unlinkOps, type Op } from './ops.ts';
import { ANON_VMAS, MMS, type AnonState } from './state.ts';

/** One atomic step: of the rmap reader T1, of an exiting mm, of mm 2's fault, or of the slab. */
export type AnonAction =
  | { readonly kind: 'loadMapping' }
  | { readonly kind: 'incNotZero' }
  | { readonly kind: 'recheckMapped' }
  | { readonly kind: 'rmapWalk' }
  | { readonly kind: 'putAnonVma' }
  | { readonly kind: 'zap' }
  | { readonly kind: 'unlink'; readonly mm: number }
  | { readonly kind: 'prepare'; readonly slot: number }
  | { readonly kind: 'discard'; readonly slot: number };

const SINGLE = ['loadMapping', 'incNotZero', 'recheckMapped', 'rmapWalk', 'putAnonVma', 'zap'] as const;

export function anonActions(): AnonAction[] {
  return [
    ...SINGLE.map((kind) => ({ kind })),
    ...MMS.map((mm) => ({ kind: 'unlink' as const, mm })),
    ...ANON_VMAS.flatMap((slot) => [{ kind: 'prepare' as const, slot }, { kind: 'discard' as const, slot }]),
  ];
}

type S = Immutable<AnonState>;

/** What the step does to anon_vma memory, in order (the properties judge each access). */
export function stepOps(s: S, a: AnonAction, knobs: AnonKnobs): Op[] {
  const slot = s.reader.slot;
  return match(a)
    .with({ kind: 'incNotZero' }, (): Op[] => [{ op: 'peek', slot }])
    .with({ kind: 'rmapWalk' }, (): Op[] => [
      { op: 'touch', slot, why: 'anon_vma_lock_read: anon_vma->root', as: s.folio.owner },
      { op: 'touch', slot: s.anonVmas[slot]!.root, why: 'down_read(&root->rwsem)' },
    ])
    .with({ kind: 'putAnonVma' }, () => readerPutOps(s, knobs))
    .with({ kind: 'unlink' }, ({ mm }) => unlinkOps(s, mm, knobs))
    // the folio's fields, a fresh object of mm 2's, a slab page: no anon_vma in use is touched
    .with({ kind: 'loadMapping' }, { kind: 'recheckMapped' }, { kind: 'zap' }, { kind: 'prepare' }, { kind: 'discard' }, () => [])
    .exhaustive();
}

export const anonGuards: GuardTable<AnonState, AnonAction, AnonKnobs> = {
  loadMapping: (s) => s.reader.pc === 'idle',
  incNotZero: (s) => s.reader.pc === 'loaded',
  recheckMapped: (s) => s.reader.pc === 'got',
  rmapWalk: (s) => s.reader.pc === 'holding',
  putAnonVma: (s) => s.reader.pc === 'walked' || s.reader.pc === 'stale',
  zap: (s) => s.folio.mapped,
  // exit_mmap: unmap_vmas before free_pgtables, so mm 1's folio is unmapped first
  unlink: (s, { mm }) => !s.mms[mm]!.exited && s.mms[mm]!.chain.length > 0 && (mm !== 1 || !s.folio.mapped),
  prepare: (s, { slot }) => !s.mms[2]!.exited && s.mms[2]!.chain.length === 0 && s.anonVmas[slot]!.state !== 'live',
  // a SLAB_TYPESAFE_BY_RCU slab page is freed only after a grace period (free_slab -> call_rcu)
  discard: (s, { slot }, knobs) => s.anonVmas[slot]!.state === 'free' && (!knobs.typesafeCache || !s.anonVmas[slot]!.rcuPending),
};

/** The ops a put or unlink runs, in order, with the refcounts they leave; lock and tree steps left out. */
function effects(s: S, ops: readonly Op[]): string {
  const refs = s.anonVmas.map((a) => a.refcount);
  const freed = new Set<number>();
  const state = (slot: number) => (freed.has(slot) ? 'free' : s.anonVmas[slot]!.state);
  const text = (o: Op): string | undefined =>
    match(o)
      .with({ op: 'peek' }, { op: 'unlink' }, () => undefined)
      .with({ op: 'touch' }, ({ slot, why }) => (why === 'lock_anon_vma_root' ? undefined : `${why} (anon_vma ${slot}${state(slot) === 'live' ? '' : `, ${state(slot).toUpperCase()}`})`))
      .with({ op: 'dec' }, ({ slot }) => `put anon_vma ${slot} (${refs[slot]} -> ${--refs[slot]!})`)
      .with({ op: 'free' }, ({ slot }) => {
        freed.add(slot);
        return `free anon_vma ${slot}`;
      })
      .exhaustive();
  return ops
    .map(text)
    .filter((t) => t !== undefined)
    .join(', ');
}

export function describeAnonAction(a: AnonAction, s: S, knobs: AnonKnobs): string {
  const r = s.reader;
  const av = s.anonVmas[r.slot]!;
  const obj = `anon_vma ${r.slot} [${av.state}, mm ${av.mm ?? '-'}, refcount ${av.refcount}]`;
  return match(a)
    .with({ kind: 'loadMapping' }, () => {
      const at = `T1 folio_get_anon_vma: folio->mapping -> anon_vma ${s.folio.mapping}`;
      if (!knobs.mappedCheck) return `${at}, no folio_mapped check: rcu_read_lock held`;
      return s.folio.mapped ? `${at}, folio_mapped -> yes: rcu_read_lock held` : `${at}, folio_mapped -> no: return NULL`;
    })
    .with({ kind: 'incNotZero' }, () =>
      av.state === 'live' && av.refcount > 0
        ? `T1 atomic_inc_not_zero(${obj}) -> ok (${av.refcount + 1})`
        : `T1 atomic_inc_not_zero(${obj}) -> zero: return NULL`,
    )
    .with({ kind: 'recheckMapped' }, () =>
      !knobs.mappedRecheck
        ? `T1 folio_get_anon_vma: no folio_mapped re-check, rcu_read_unlock, returns anon_vma ${r.slot}`
        : s.folio.mapped
          ? `T1 folio_get_anon_vma: folio_mapped -> yes, rcu_read_unlock, returns anon_vma ${r.slot}`
          : `T1 folio_get_anon_vma: folio_mapped -> no: rcu_read_unlock, put it, return NULL`,
    )
    .with({ kind: 'rmapWalk' }, () => `T1 rmap walk: anon_vma_lock_read(${obj}) -> down_read(&anon_vma ${av.root}->rwsem), unlock`)
    .with({ kind: 'putAnonVma' }, () => `T1 put_anon_vma(${obj}): ${effects(s, readerPutOps(s, knobs))}`)
    .with({ kind: 'zap' }, () => 'mm 1: exit_mmap -> unmap_vmas: folio unmapped (folio_mapped -> no)')
    .with({ kind: 'unlink' }, ({ mm }) => {
      const puts = effects(s, unlinkOps(s, mm, knobs));
      return `mm ${mm}: free_pgtables -> unlink_anon_vmas(anon_vma ${s.mms[mm]!.chain.join(', ')})${puts === '' ? '' : `: ${puts}`}`;
    })
    .with({ kind: 'prepare' }, ({ slot }) =>
      `mm 2: anon_vma_prepare -> anon_vma_alloc -> anon_vma ${slot}${s.anonVmas[slot]!.mm === null ? '' : ` (${s.anonVmas[slot]!.state === 'free' ? 'reused memory' : 'a new slab page'})`}`,
    )
    .with({ kind: 'discard' }, ({ slot }) =>
      `slab: anon_vma ${slot}'s slab page back to the page allocator${knobs.typesafeCache ? ' (after a grace period)' : ' (no grace period: not typesafe)'}`,
    )
    .exhaustive();
}
