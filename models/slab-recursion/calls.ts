import type { Draft } from '../../src/index.ts';
import { encodeMemdesc } from '../parts/memdesc.ts';
import type { SlabKnobs } from './knobs.ts';
import { FREE_MEMDESC, OBJECTS_PER_SLAB, objectAddress, pageAddress, type AllocationState, type Cache, type ObjectRef, type Ret } from './state.ts';

type S = Draft<AllocationState>;

/** Pop the top frame and hand `ret` to its caller (or end the allocation). */
function ret(d: S, value: Ret): void {
  d.stack.pop();
  const caller = d.stack.at(-1);
  if (caller !== undefined) caller.ret = value;
  else d.returned = value;
}

function call(d: S, frame: AllocationState['stack'][number]): void {
  d.stack.push(frame);
  d.seen.deepest = Math.max(d.seen.deepest, d.stack.length);
}

/** `page_alloc()`: the lowest free page, or NULL when none is free or the step is made to fail. */
function pageAlloc(d: S, fail: boolean): number | undefined {
  const page = d.owners.findIndex((o) => o.kind === 'free');
  if (fail || page < 0) {
    if (d.stack.length === d.seen.deepest && d.stack.length >= 5) d.seen.oomAtDeepest = true;
    return undefined;
  }
  d.owners[page] = { kind: 'allocating' };
  return page;
}

function pageFree(d: S, page: number): void {
  d.owners[page] = { kind: 'free' };
  d.memdesc[page] = FREE_MEMDESC;
}

/** Whether the slab on `page` has nothing allocated but, at most, its own descriptor. */
function slabEmpty(d: S, page: number, knobs: SlabKnobs): boolean {
  const objects = d.slabs[page]!.objects;
  return objects.every((o) => o === 'free' || (o === 'self' && knobs.selfOnlyIsFree));
}

/** `kmem_cache_free()`: an empty slab goes back at once, and with it its descriptor object. */
export function cacheFree(d: S, obj: ObjectRef, knobs: SlabKnobs): void {
  const slab = d.slabs[obj.page]!;
  slab.objects[obj.index] = 'free';
  if (!slabEmpty(d, obj.page, knobs)) return;
  const descriptor = slab.descriptor;
  d.slabs[obj.page] = undefined;
  pageFree(d, obj.page);
  if (descriptor.kind === 'object' && knobs.releaseFreesDescriptor) cacheFree(d, descriptor, knobs);
}

/** One step of the call on top of the stack; `fail` makes its page allocation fail. */
export function stepCall(d: S, knobs: SlabKnobs, fail: boolean): void {
  const frame = d.stack.at(-1)!;
  if (d.current) d.current.steps++;
  switch (frame.fn) {
    case 'folio_alloc':
      if (frame.pc === 'start') {
        frame.pc = 'waiting';
        call(d, { fn: 'kmem_cache_alloc', cache: 'folio', pc: 'start' });
      } else if (frame.pc === 'waiting') {
        if (frame.ret?.kind !== 'object') return ret(d, { kind: 'fail' });
        frame.desc = { page: frame.ret.page, index: frame.ret.index };
        frame.pc = 'desc';
      } else {
        // page_alloc_desc(order, folio): the page and its memdesc word
        const desc = frame.desc!;
        const page = pageAlloc(d, fail);
        if (page === undefined) {
          if (knobs.freeDescOnFailure) cacheFree(d, desc, knobs);
          return ret(d, { kind: 'fail' });
        }
        d.owners[page] = { kind: 'folio', ...desc };
        d.memdesc[page] = encodeMemdesc('anon', objectAddress(desc));
        ret(d, { kind: 'object', ...desc });
      }
      return;
    case 'kmalloc':
      if (frame.pc === 'start') {
        frame.pc = 'waiting';
        call(d, { fn: 'kmem_cache_alloc', cache: 'kmalloc', pc: 'start' });
      } else {
        ret(d, frame.ret ?? { kind: 'fail' });
      }
      return;
    case 'kmem_cache_alloc': {
      if (frame.pc === 'start') {
        const page = d.slabs.findIndex((s) => s?.cache === frame.cache && s.objects.includes('free'));
        if (page >= 0) return ret(d, takeObject(d, page));
        frame.pc = 'waiting';
        return call(d, { fn: 'slab_alloc', cache: frame.cache, pc: 'start' });
      }
      return ret(d, frame.ret?.kind === 'slab' ? takeObject(d, frame.ret.page) : { kind: 'fail' });
    }
    case 'slab_alloc':
      if (frame.pc === 'start') {
        const page = pageAlloc(d, fail);
        if (page === undefined) return ret(d, { kind: 'fail' });
        frame.page = page;
        frame.pc = 'have-page';
      } else if (frame.pc === 'have-page') {
        if (frame.cache === 'slab' && knobs.selfEmbed) {
          // sizeof(*slab) == size: the descriptor lives in its own page (slab_init(slab, 1))
          return installSlab(d, frame.page!, frame.cache, { kind: 'self' }, pageAddress(frame.page!) + knobs.embeddedOffset);
        }
        frame.pc = 'waiting';
        call(d, { fn: 'kmem_cache_alloc', cache: 'slab', pc: 'start' });
      } else {
        if (frame.ret?.kind !== 'object') {
          pageFree(d, frame.page!);
          return ret(d, { kind: 'fail' });
        }
        const desc = { page: frame.ret.page, index: frame.ret.index };
        installSlab(d, frame.page!, frame.cache, { kind: 'object', ...desc }, objectAddress(desc));
      }
      return;
  }
}

function takeObject(d: S, page: number): Ret {
  const index = d.slabs[page]!.objects.indexOf('free');
  d.slabs[page]!.objects[index] = 'used';
  return { kind: 'object', page, index };
}

/** `page_set_memdesc(page, order, slab)` and return the new slab. */
function installSlab(d: S, page: number, cache: Cache, descriptor: { kind: 'self' } | ({ kind: 'object' } & ObjectRef), address: number): void {
  const objects = Array.from({ length: OBJECTS_PER_SLAB }, (_, i) => (i === 0 && descriptor.kind === 'self' ? 'self' : 'free') as 'free' | 'self');
  d.slabs[page] = { cache, objects, descriptor };
  d.owners[page] = { kind: 'slab' };
  d.memdesc[page] = encodeMemdesc('slab', address);
  ret(d, { kind: 'slab', page });
}
