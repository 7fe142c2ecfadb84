import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { LazyZeroAction } from './actions.ts';
import type { LazyZeroKnobs } from './knobs.ts';
import { believesAllZeroed } from './remap.ts';
import { accessible, mappings, SUBPAGES, VPAGES, type LazyZeroState } from './state.ts';

type S = Immutable<LazyZeroState>;

/** What maps the vpage now. */
function entry(s: S, vpage: number): string {
  if (s.pmd.kind === 'none') return 'pmd_none';
  return s.pmd.kind === 'huge' ? 'PMD-mapped' : `PTE ${s.pmd.ptes[vpage]}`;
}

/** Whether the design takes the subpage for unzeroed, and what it reads that from. */
function zeroBelief(s: S, vpage: number, knobs: LazyZeroKnobs): string {
  if (knobs.zeroedState === 'protnone') return 'needs zeroing (protnone means unzeroed)';
  return s.folio.zeroed[vpage] ? `zeroed already (bit ${vpage} set)` : `needs zeroing (bit ${vpage} clear)`;
}

/** A load or store that reaches the subpage: what it reads, against what the process may see. */
function perform(s: S, vpage: number, access: 'read' | 'write'): string {
  if (access === 'write') return 'the store lands';
  const [saw, may] = [s.folio.data[vpage]!, s.expected[vpage]!];
  return saw === may ? `reads ${saw}` : `reads ${saw}, not ${may}`;
}

/** The protnone fault under the folio lock: re-check or not, zero or not, in this design's order. */
function handle(s: S, cpu: number, knobs: LazyZeroKnobs): string {
  const h = s.cpus[cpu]!;
  if (h.pc !== 'entered') return `CPU${cpu} fault handler`;
  const head = `CPU${cpu} protnone fault vpage ${h.vpage}, folio_lock`;
  let zero = h.zero;
  let why: string;
  if (knobs.faultRecheck) {
    if (accessible(s, h.vpage)) return `${head}: re-check: ${entry(s, h.vpage)} now, backs off; the access retries`;
    zero = knobs.zeroedState === 'protnone' || !s.folio.zeroed[h.vpage];
    why = `re-check: ${zeroBelief(s, h.vpage, knobs)}`;
  } else {
    why = `no re-check: acts on the unlocked look (${zero ? 'needs zeroing' : 'zeroed'})`;
  }
  if (knobs.zeroOrder === 'map-then-zero') return `${head}: ${why}; PTE present first, the lock held until zeroed`;
  const act = zero ? `clear_highpage(vpage ${h.vpage}), PTE present` : 'no zeroing (access detected), PTE present';
  return `${head}: ${why}; ${act}, folio_unlock; ${h.access === 'read' ? 'load' : 'store'} retried`;
}

/** Each step in kernel words with the branch it takes; CPU0 and CPU1 are two threads of the process. */
export function describeLazyZeroAction(a: LazyZeroAction, s: S, knobs: LazyZeroKnobs): string {
  return match(a)
    .with({ kind: 'access' }, ({ cpu, vpage, access }) => {
      const head = `CPU${cpu} ${access === 'read' ? 'loads from' : 'stores to'} vpage ${vpage} [${entry(s, vpage)}]`;
      if (s.pmd.kind === 'none') {
        return `${head}: do_huge_pmd_anonymous_page: folio unzeroed, ${SUBPAGES} protnone PTEs; protnone fault: needs zeroing`;
      }
      if (accessible(s, vpage)) return `${head}: ${perform(s, vpage, access)}`;
      return `${head}: protnone fault, unlocked look: ${zeroBelief(s, vpage, knobs)}`;
    })
    .with({ kind: 'handleFault' }, ({ cpu }) => handle(s, cpu, knobs))
    .with({ kind: 'finishZero' }, ({ cpu }) => {
      const h = s.cpus[cpu]!;
      if (h.pc === 'idle') return `CPU${cpu} zero`;
      const zero = h.zero ? `clear_highpage(vpage ${h.vpage}) after the PTE went present` : 'no zeroing';
      return `CPU${cpu} fault: ${zero}, folio_unlock; ${h.access === 'read' ? 'load' : 'store'} retried`;
    })
    .with({ kind: 'remapByPmd' }, () => {
      const n = mappings(s);
      const unzeroed = VPAGES.filter((v) => s.folio.data[v] !== 'zero' && s.expected[v] === 'zero');
      const when = believesAllZeroed(s, knobs)
        ? knobs.zeroedState === 'bitmap'
          ? 'every zeroed bit set'
          : 'no protnone PTE left'
        : `remap any time${unzeroed.length > 0 ? `, vpage ${unzeroed.join(', ')} not zeroed` : ''}`;
      const refs = knobs.remapAccounting === 'exact' ? `refcount ${s.folio.refcount} -> ${s.folio.refcount - (n - 1)}` : `refcount kept at ${s.folio.refcount}`;
      return `remap (${when}): pmdp_collapse_flush, set_pmd_at(huge PMD); mapcount ${s.folio.mapcount} -> ${s.folio.mapcount - (n - 1)}, ${refs}`;
    })
    .with({ kind: 'splitForAccess' }, () => {
      const more = SUBPAGES - 1;
      return `__split_huge_pmd: ${SUBPAGES} protnone PTEs (access detection); mapcount ${s.folio.mapcount} -> ${s.folio.mapcount + more}, refcount ${s.folio.refcount} -> ${s.folio.refcount + more}`;
    })
    .with({ kind: 'protectForAccess' }, ({ vpage }) => `change_prot_numa(vpage ${vpage}): PTE protnone (access detection)`)
    .exhaustive();
}
