import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import { decodeMemdesc, memdescAligned } from '../../models/parts/memdesc.ts';
import type { SlabKnobs } from '../../models/slab-recursion/knobs.ts';
import { objectAddress, pageAddress, type AllocationState, type ObjectRef } from '../../models/slab-recursion/state.ts';

type Invariant = AlwaysProperty<AllocationState, SlabKnobs>;
const same = (a: ObjectRef, b: ObjectRef) => a.page === b.page && a.index === b.index;

/** Who holds a used object at quiescence: folio pages, slabs (as descriptors), kmalloc slots. */
function holders(s: Immutable<AllocationState>, obj: ObjectRef): number {
  const folios = s.owners.filter((o) => o.kind === 'folio' && same(o, obj)).length;
  const slabs = s.slabs.filter((slab) => slab?.descriptor.kind === 'object' && same(slab.descriptor, obj)).length;
  const kmallocs = s.kmallocs.filter((k) => k !== undefined && same(k, obj)).length;
  return folios + slabs + kmallocs;
}

export const conservation: Invariant = {
  kind: 'always',
  name: 'conservation',
  meaning: 'every page is free or owned by one memdesc; at quiescence every used object is owned exactly once',
  rule: 'kmem_cache_free of the descriptor when its slab is released',
  check: (s) => {
    for (const [page, owner] of s.owners.entries()) {
      if ((owner.kind === 'slab') !== (s.slabs[page] !== undefined)) return `page ${page}: owner ${owner.kind} but ${s.slabs[page] ? 'a' : 'no'} slab`;
      if (owner.kind === 'allocating' && s.stack.length === 0) return `page ${page} left allocating after the allocation ended`;
    }
    if (s.stack.length > 0) return undefined;
    for (const [page, slab] of s.slabs.entries()) {
      for (const [index, use] of (slab?.objects ?? []).entries()) {
        const n = use === 'used' ? holders(s, { page, index }) : 1;
        if (n !== 1) return `${slab!.cache} object ${page}.${index}: used, owned ${n} times`;
      }
    }
    return undefined;
  },
};

export const selfOnlyReleased: Invariant = {
  kind: 'always',
  name: 'self-only-released',
  meaning: 'at quiescence no slab holds nothing but its own descriptor',
  rule: 'slab treats a slab whose only object is itself as free (State of the Page reply)',
  check: (s) => {
    if (s.stack.length > 0) return undefined;
    const page = s.slabs.findIndex((slab) => slab !== undefined && slab.objects.every((o) => o !== 'used'));
    return page < 0 ? undefined : `slab on page ${page} holds only its own descriptor and is not released`;
  },
};

export const memdescDecodes: Invariant = {
  kind: 'always',
  name: 'memdesc-decodes',
  meaning: 'every owned page\'s memdesc word decodes to a live, 16-byte-aligned descriptor of its type',
  rule: 'a 4-bit tag in the low bits of an aligned pointer',
  check: (s) => {
    for (const [page, owner] of s.owners.entries()) {
      if (owner.kind !== 'slab' && owner.kind !== 'folio') continue;
      const decoded = decodeMemdesc(s.memdesc[page]!);
      if ('error' in decoded) return `page ${page}: ${decoded.error}`;
      const slab = s.slabs[page];
      const want =
        owner.kind === 'folio'
          ? { type: 'anon', address: objectAddress(owner) }
          : { type: 'slab', address: slab!.descriptor.kind === 'self' ? pageAddress(page) : objectAddress(slab!.descriptor) };
      if (decoded.type !== want.type || decoded.address !== want.address || !memdescAligned(decoded.address)) {
        return `page ${page}: memdesc decodes to ${decoded.type} at 0x${decoded.address.toString(16)}, expected ${want.type} at 0x${want.address.toString(16)}`;
      }
    }
    return undefined;
  },
};
