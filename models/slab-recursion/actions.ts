import { match } from 'ts-pattern';
import type { Draft, GuardTable, Immutable, TransitionTable } from '../../src/index.ts';
import { stepCall, cacheFree } from './calls.ts';
import type { SlabKnobs } from './knobs.ts';
import { FOLIO_SLOTS, FREE_MEMDESC, KMALLOC_SLOTS, snapshot, type AllocationState, type Frame, type ObjectRef } from './state.ts';

export type SlabAction =
  | { readonly kind: 'folioAlloc'; readonly slot: number }
  | { readonly kind: 'kmalloc'; readonly slot: number }
  | { readonly kind: 'step' }
  | { readonly kind: 'stepPageAllocFails' }
  | { readonly kind: 'folioFree'; readonly slot: number }
  | { readonly kind: 'kfree'; readonly slot: number };

export function slabActions(): SlabAction[] {
  return [
    ...FOLIO_SLOTS.map((slot) => ({ kind: 'folioAlloc' as const, slot })),
    ...KMALLOC_SLOTS.map((slot) => ({ kind: 'kmalloc' as const, slot })),
    { kind: 'step' },
    { kind: 'stepPageAllocFails' },
    ...FOLIO_SLOTS.map((slot) => ({ kind: 'folioFree' as const, slot })),
    ...KMALLOC_SLOTS.map((slot) => ({ kind: 'kfree' as const, slot })),
  ];
}

/** The top frame is about to call `page_alloc()`. */
const atPageAlloc = (f: Immutable<Frame> | undefined) =>
  f !== undefined && ((f.fn === 'slab_alloc' && f.pc === 'start') || (f.fn === 'folio_alloc' && f.pc === 'desc'));

const idle = (s: Immutable<AllocationState>) => s.stack.length === 0;

/** When each step can run: a new call or a free only between allocations, a step only inside one. */
export const slabGuards: GuardTable<AllocationState, SlabAction, SlabKnobs> = {
  folioAlloc: (s, { slot }) => idle(s) && s.folios[slot] === undefined,
  kmalloc: (s, { slot }) => idle(s) && s.kmallocs[slot] === undefined,
  step: (s) => !idle(s) && (!atPageAlloc(s.stack.at(-1)) || s.owners.some((o) => o.kind === 'free')),
  stepPageAllocFails: (s) => atPageAlloc(s.stack.at(-1)),
  folioFree: (s, { slot }) => idle(s) && s.folios[slot] !== undefined,
  kfree: (s, { slot }) => idle(s) && s.kmallocs[slot] !== undefined,
};

/** `folio_alloc()` or `kmalloc()` from an idle CPU: push the outermost frame. */
function startCall(d: Draft<AllocationState>, { kind, slot }: { readonly kind: 'folioAlloc' | 'kmalloc'; readonly slot: number }): void {
  const fn = kind === 'folioAlloc' ? 'folio_alloc' : 'kmalloc';
  d.current = { fn, slot, steps: 0, before: snapshot(d) };
  delete d.returned;
  d.stack.push({ fn, pc: 'start' });
  d.seen.deepest = Math.max(d.seen.deepest, 1);
}

/** One step of the top frame, its `page_alloc()` made to fail for `stepPageAllocFails`. */
function stepTop(d: Draft<AllocationState>, { kind }: { readonly kind: 'step' | 'stepPageAllocFails' }, knobs: SlabKnobs): void {
  stepCall(d, knobs, kind === 'stepPageAllocFails');
  if (d.stack.length > 0 || d.current === undefined) return;
  // the outermost call returned: store the result where the caller keeps it
  const { fn, slot } = d.current;
  const result = d.returned;
  if (result?.kind === 'object') (fn === 'folio_alloc' ? d.folios : d.kmallocs)[slot] = { page: result.page, index: result.index };
  delete d.current;
}

/** What each step does to the call stack, the pages and the slabs. */
export const slabTransitions: TransitionTable<AllocationState, SlabAction, SlabKnobs> = {
  folioAlloc: startCall,
  kmalloc: startCall,
  step: stepTop,
  stepPageAllocFails: stepTop,
  folioFree: (d, { slot }, knobs) => {
    // folio_free: the page goes back, then kmem_cache_free(folio_cache, folio)
    const desc = d.folios[slot]!;
    const page = d.owners.findIndex((o) => o.kind === 'folio' && o.page === desc.page && o.index === desc.index);
    d.owners[page] = { kind: 'free' };
    d.memdesc[page] = FREE_MEMDESC;
    d.folios[slot] = undefined;
    cacheFree(d, desc, knobs);
  },
  kfree: (d, { slot }, knobs) => {
    const obj = d.kmallocs[slot]!;
    d.kmallocs[slot] = undefined;
    cacheFree(d, obj, knobs);
  },
};

/** The page `page_alloc()` would take next: the lowest free one. */
const nextFreePage = (s: Immutable<AllocationState>) => {
  const page = s.owners.findIndex((o) => o.kind === 'free');
  return page < 0 ? 'NULL' : `page ${page}`;
};

/** What the top frame does on its next step, in kernel words, with the branch this design takes. */
function nextStep(f: Immutable<Frame>, s: Immutable<AllocationState>, knobs: SlabKnobs): string {
  const failed = f.ret?.kind === 'fail';
  switch (f.fn) {
    case 'folio_alloc':
      if (f.pc === 'start') return 'folio_alloc: kmem_cache_alloc(folio_cache)';
      if (f.pc === 'waiting') return failed ? 'folio_alloc: no descriptor, return NULL' : 'folio_alloc: got the folio descriptor';
      return `folio_alloc: page_alloc_desc(folio) -> ${nextFreePage(s)}, page_set_memdesc(folio)`;
    case 'kmalloc':
      return f.pc === 'start' ? 'kmalloc: kmem_cache_alloc(kmalloc-1k)' : `kmalloc: return ${failed ? 'NULL' : 'the object'}`;
    case 'kmem_cache_alloc': {
      if (f.pc === 'waiting') return `kmem_cache_alloc(${f.cache}): ${failed ? 'return NULL' : 'take an object of the new slab'}`;
      const partial = s.slabs.some((slab) => slab?.cache === f.cache && slab.objects.includes('free'));
      return `kmem_cache_alloc(${f.cache}): ${partial ? 'take a free object' : `no free object -> slab_alloc(${f.cache})`}`;
    }
    case 'slab_alloc':
      if (f.pc === 'start') return `slab_alloc(${f.cache}): page_alloc() -> ${nextFreePage(s)}`;
      if (f.pc === 'have-page') {
        if (f.cache === 'slab' && knobs.selfEmbed) return `slab_alloc(slab): slab_init(slab, 1), descriptor at page ${f.page} +${knobs.embeddedOffset}`;
        return `slab_alloc(${f.cache}): kmem_cache_alloc(slab) for its descriptor`;
      }
      return `slab_alloc(${f.cache}): ${failed ? `no descriptor, page_free(${f.page}), return NULL` : 'page_set_memdesc(slab)'}`;
  }
}

/** `page_alloc()` failing in the top frame, and how that frame unwinds in this design. */
function pageAllocFails(f: Immutable<Frame> | undefined, knobs: SlabKnobs): string {
  if (f?.fn === 'folio_alloc') {
    const desc = f.desc === undefined ? '' : ` (page ${f.desc.page} obj ${f.desc.index})`;
    return knobs.freeDescOnFailure
      ? `folio_alloc: page_alloc_desc() -> NULL (out of memory): kmem_cache_free(folio_cache)${desc}, return NULL`
      : `folio_alloc: page_alloc_desc() -> NULL (out of memory): return NULL, descriptor${desc} kept`;
  }
  return `${f?.fn}(${f?.fn === 'slab_alloc' ? f.cache : ''}): page_alloc() -> NULL (out of memory), return NULL`;
}

/** `kmem_cache_free` of the object at `obj`: does it empty its slab (and release the page)? */
function freeBranch(s: Immutable<AllocationState>, obj: ObjectRef, knobs: SlabKnobs): string {
  const slab = s.slabs[obj.page]!;
  const left = slab.objects.filter((o, i) => i !== obj.index && (o === 'used' || (o === 'self' && !knobs.selfOnlyIsFree)));
  if (left.length > 0) return `slab on page ${obj.page} keeps ${left.length} object(s)`;
  const only = slab.objects.includes('self') ? ' (only its own descriptor left)' : '';
  const desc = slab.descriptor.kind === 'object' ? (knobs.releaseFreesDescriptor ? ', its descriptor freed' : ', its descriptor kept') : '';
  return `slab on page ${obj.page} empty${only}: released${desc}`;
}

/** A step with the call stack's depth as indentation, so a trace reads as the stack. */
export function describeSlabAction(a: SlabAction, s: Immutable<AllocationState>, knobs: SlabKnobs): string {
  const frame = s.stack.at(-1);
  const depth = `[${s.stack.length}] ${'  '.repeat(Math.max(0, s.stack.length - 1))}`;
  return match(a)
    .with({ kind: 'folioAlloc' }, ({ slot }) => `folio_alloc() for folio slot ${slot}`)
    .with({ kind: 'kmalloc' }, ({ slot }) => `kmalloc() for slot ${slot}`)
    .with({ kind: 'step' }, () => (frame ? `${depth}${nextStep(frame, s, knobs)}` : 'step'))
    .with({ kind: 'stepPageAllocFails' }, () => `${depth}${pageAllocFails(frame, knobs)}`)
    .with({ kind: 'folioFree' }, ({ slot }) => {
      const obj = s.folios[slot];
      return `folio_free(folio slot ${slot}): free the page, kmem_cache_free(folio_cache)${obj === undefined ? '' : ` -> ${freeBranch(s, obj, knobs)}`}`;
    })
    .with({ kind: 'kfree' }, ({ slot }) => {
      const obj = s.kmallocs[slot];
      return `kfree(slot ${slot})${obj === undefined ? '' : ` -> ${freeBranch(s, obj, knobs)}`}`;
    })
    .exhaustive();
}
