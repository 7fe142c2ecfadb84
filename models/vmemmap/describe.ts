import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { gracePeriodElapsed } from '../parts/rcu.ts';
import type { VmemmapAction } from './actions.ts';
import { keptPages } from './hugetlb.ts';
import type { VmemmapKnobs } from './knobs.ts';
import { compoundHead, isFakeHead, readStructPage } from './structPages.ts';
import { STRUCT_PAGES_PER_VMEMMAP, VMEMMAP_PER_HUGE, type VmemmapState } from './state.ts';

type S = Immutable<VmemmapState>;

const refcount = (s: S, pfn: number) => readStructPage(s, pfn)?.refcount ?? 0;
const vmemmapPage = (pfn: number) => Math.floor(pfn / STRUCT_PAGES_PER_VMEMMAP);
const writable = (s: S, pfn: number) => s.vmemmap[vmemmapPage(pfn)]?.writable !== false;
/** What a write to struct page `pfn` does when its vmemmap page is mapped read-only. */
const roFault = (s: S, pfn: number) => (writable(s, pfn) ? '' : `: vmemmap page ${vmemmapPage(pfn)} is read-only, the write faults`);
const freeFrames = (s: S) => s.frames.flatMap((f, i) => (f.kind === 'free' ? [i] : []));

/** `synchronize_rcu()` as this design runs it: whom it waits for, or that it is skipped. */
function rcuSync(s: S, knobs: VmemmapKnobs): string {
  const reader = s.rcu[0]!;
  if (!knobs.syncRcu) return `no synchronize_rcu()${reader.inside ? ' (CPU0 is inside rcu_read_lock())' : ''}`;
  return reader.inside ? `synchronize_rcu() waits for CPU0's read section ${reader.section}` : 'synchronize_rcu(), no reader inside';
}

/** The walker's `get_page_unless_zero()` step: a cmpxchg on the refcount it read earlier. */
function walkerAtomic(s: S, pfn: number): string {
  const seen = 'seen' in s.walker ? s.walker.seen : 0;
  const now = refcount(s, pfn);
  const head = `CPU0 PFN walker: get_page_unless_zero(pfn ${pfn}): atomic_add_unless(_refcount, 1, 0) on refcount ${now}`;
  if (!writable(s, pfn)) {
    return `${head}${now === 0 ? ' (frozen)' : ''}: a locked cmpxchg writes even when it fails${roFault(s, pfn)}`;
  }
  if (now !== seen) return `${head} -> fails (read ${seen} before${now === 0 ? ', now frozen' : ''})`;
  return `${head} -> got it (refcount ${now} -> ${now + 1})`;
}

/**
 * Each step in kernel words with the branch it takes and the counters behind it, in pfns,
 * vmemmap pages and frames.
 */
export function describeVmemmapAction(a: VmemmapAction, s: S, knobs: VmemmapKnobs): string {
  const wpfn = 'pfn' in s.walker ? s.walker.pfn : 0;
  const kept = keptPages(knobs);
  return match(a)
    .with({ kind: 'buddyAlloc' }, ({ pfn }) => `CPU1 alloc_page() -> pfn ${pfn} (refcount 0 -> 1)${roFault(s, pfn)}`)
    .with({ kind: 'buddyFree' }, ({ pfn }) => `CPU1 __free_page(pfn ${pfn}) (refcount 1 -> 0)${roFault(s, pfn)}`)
    .with({ kind: 'hugetlbPrep' }, () => 'CPU1 alloc_buddy_hugetlb_folio: prep_compound_page(pfn 0-15), refcount frozen at 0')
    .with({ kind: 'hugetlbHandOut' }, () => `CPU1 alloc_hugetlb_folio: folio_ref_unfreeze(pfn 0, 1)${roFault(s, 0)}`)
    .with({ kind: 'hugetlbTakeBack' }, () => `CPU1 free_huge_folio: folio_ref_freeze(pfn 0, 1)${roFault(s, 0)}`)
    .with({ kind: 'hvoOptimize' }, () => {
      const ref = refcount(s, 0);
      const frozen = ref === 0 ? 'frozen' : `refcount ${ref}, not frozen`;
      return `CPU1 hugetlb_vmemmap_optimize_folio(pfn 0, ${frozen}): ${rcuSync(s, knobs)}`;
    })
    .with({ kind: 'hvoRemap' }, () => {
      const reuse = s.vmemmap[kept - 1]?.frame;
      const freed = Array.from({ length: VMEMMAP_PER_HUGE - kept }, (_, i) => s.vmemmap[kept + i]?.frame).join(', ');
      const waited = s.hvo.kind === 'optimizing' && s.hvo.gp.waitsFor.length > 0 && gracePeriodElapsed(s.rcu, s.hvo.gp);
      return (
        `CPU1 vmemmap_remap_free${waited ? ' (grace period over)' : ''}: vmemmap pages ${kept}-${VMEMMAP_PER_HUGE - 1} ` +
        `-> frame ${reuse} read-only (keep${kept}); frames ${freed} freed`
      );
    })
    .with({ kind: 'dissolveStart' }, () =>
      s.region0.kind === 'hugetlb' && s.region0.optimized
        ? `CPU1 dissolve_free_hugetlb_folio(pfn 0): optimised, restore the vmemmap first: ${rcuSync(s, knobs)}`
        : 'CPU1 dissolve_free_hugetlb_folio(pfn 0): not optimised, pages 0-15 back to buddy',
    )
    .with({ kind: 'dissolveRestore' }, () => {
      const needed = VMEMMAP_PER_HUGE - kept;
      const free = freeFrames(s);
      const head = `CPU1 hugetlb_vmemmap_restore_folio: alloc ${needed} vmemmap pages`;
      if (free.length >= needed) return `${head} -> frames ${free.slice(0, needed).join(', ')}, remap read-write; dissolved to buddy`;
      const enomem = `${head} -> -ENOMEM (${free.length} free frame${free.length === 1 ? '' : 's'})`;
      return knobs.rollbackOnEnomem
        ? `${enomem}: rolled back, the folio stays in the pool`
        : `${enomem}: no rollback, pfn 0-15 go to buddy with the tail vmemmap still shared read-only`;
    })
    .with({ kind: 'otherAlloc' }, ({ frame }) => `CPU2 alloc_page() takes free frame ${frame}`)
    .with({ kind: 'otherFree' }, ({ frame }) => `CPU2 __free_page(frame ${frame})`)
    .with({ kind: 'devdaxPopulate' }, () => {
      const [head, tails] = freeFrames(s);
      return `devm_memremap_pages: vmemmap_populate_compound_pages(pfn 16-31): vmemmap page 4 -> frame ${head}, 5-7 -> frame ${tails}`;
    })
    .with({ kind: 'devdaxMap' }, ({ pfn }) => {
      const ref = refcount(s, 16);
      const index = knobs.devdaxPerPageState ? `; page->index = ${pfn} in a tail struct page other pfns share` : '';
      return `device-dax fault maps pfn ${pfn}: get_page(pfn 16) (refcount ${ref} -> ${ref + 1})${index}`;
    })
    .with({ kind: 'devdaxUnmap' }, ({ pfn }) => {
      const ref = refcount(s, 16);
      return `device-dax unmaps pfn ${pfn}: put_page(pfn 16) (refcount ${ref} -> ${ref - 1})`;
    })
    .with({ kind: 'walkerLock' }, ({ pfn }) => `CPU0 PFN walker: rcu_read_lock() (section ${s.rcu[0]!.section + 1}); pfn_to_page(${pfn})`)
    .with({ kind: 'walker' }, ({ step }) =>
      match(step)
        .with('readRef', () => {
          const ref = refcount(s, wpfn);
          return `CPU0 PFN walker: page_ref_count(pfn ${wpfn}) = ${ref}${ref === 0 ? ' -> free, gives up' : ''}`;
        })
        .with('fakeCheck', () =>
          isFakeHead(s, wpfn)
            ? `CPU0 PFN walker: page_is_fake_head(pfn ${wpfn}) -> fake head, gives up`
            : `CPU0 PFN walker: page_is_fake_head(pfn ${wpfn}) -> no, goes on`,
        )
        .with('atomic', () => walkerAtomic(s, wpfn))
        .with('put', () => `CPU0 PFN walker: put_page(pfn ${wpfn}) (refcount ${refcount(s, wpfn)} -> ${refcount(s, wpfn) - 1})`)
        .with('unlock', () => `CPU0 PFN walker: rcu_read_unlock() (ends section ${s.rcu[0]!.section})`)
        .exhaustive(),
    )
    .with({ kind: 'compoundHead' }, ({ pfn }) => {
      const head = compoundHead(s, pfn, knobs.fakeHeadFixup);
      const fake = isFakeHead(s, pfn) ? (knobs.fakeHeadFixup ? ', fake head fixed up' : ', fake head taken as a head') : '';
      return `compound_head(pfn ${pfn}) -> pfn ${head}${fake}`;
    })
    .exhaustive();
}
