import { describe, expect, it } from 'vitest';
import { runActions } from '../../src/testing.ts';
import type { FolioAction } from '../../models/folio/actions.ts';
import { folioKnobs, type FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { models } from '../../registry/index.ts';

const folioModel = models.folio;
const run = (variant: string, actions: FolioAction[]) => runActions<FolioState>(folioModel, variant, actions);
const knobsOf = (variant: string): FolioKnobs => {
  const proposal = Object.fromEntries(Object.entries(folioKnobs).map(([k, spec]) => [k, spec.proposal])) as FolioKnobs;
  return { ...proposal, ...folioModel.variants.find((v) => v.name === variant)!.knobs } as FolioKnobs;
};

const thp: FolioAction = { kind: 'anonFaultHuge', proc: 0 };
const fork: FolioAction = { kind: 'fork' };
const write = (proc: number, vpage: number): FolioAction => ({ kind: 'write', proc, vpage });
const pin = (vpage: number): FolioAction => ({ kind: 'gup', proc: 0, vpage, flavor: 'pin-rw' });

describe('folio: PMD-mapped THP', () => {
  it('should count a PMD once in folio_mapcount and _entire_mapcount, and none in the pages', () => {
    const s = run('proposal', [thp]);
    expect(s.processes[0]!.pmd).toEqual({ folio: 5, writable: true });
    expect(s.folios[5]).toMatchObject({ refcount: 1, mapcount: 1, entireMapcount: 1 });
    expect(s.folios[5]!.pages.map((p) => [p.mapcount, p.exclusive])).toEqual([[0, true], [0, true]]);
  });

  it('should split the PMD on a partial MADV_DONTNEED: a PTE and a reference per page, then zap one', () => {
    const s = run('proposal', [thp, { kind: 'dontneed', proc: 0, vpage: 1 }]);
    expect(s.processes[0]!.pmd).toBeNull();
    expect(s.processes[0]!.vpages[0]!.pte).toEqual({ folio: 5, page: 0, writable: true });
    expect(s.folios[5]).toMatchObject({ refcount: 1, mapcount: 1, entireMapcount: 0 });
    expect(s.folios[5]!.pages.map((p) => p.mapcount)).toEqual([1, 0]);
  });

  it('should share the PMD at fork and split it on the write fault, copying the page', () => {
    const shared = run('proposal', [thp, fork]);
    expect(shared.processes[1]!.pmd).toEqual({ folio: 5, writable: false });
    expect(shared.folios[5]).toMatchObject({ refcount: 2, mapcount: 2, entireMapcount: 2 });
    expect(folioModel.describe(write(0, 0), shared, knobsOf('proposal'))).toContain('do_huge_pmd_wp_page -> __split_huge_pmd');
    const s = run('proposal', [thp, fork, write(0, 0)]);
    expect(s.processes[0]!.pmd).toBeNull();
    expect(s.processes[0]!.vpages[0]!.pte?.folio).toBe(0);
    expect(s.processes[0]!.vpages[1]!.pte).toEqual({ folio: 5, page: 1, writable: false });
    expect(s.folios[5]).toMatchObject({ mapcount: 2, entireMapcount: 1 });
  });

  it('should reuse a R/O PMD when exclusive, and under reuse_swap_page() once the child unmapped it', () => {
    const ro: FolioAction = { kind: 'mprotectRange', proc: 0, prot: 'ro' };
    const rw: FolioAction = { kind: 'mprotectRange', proc: 0, prot: 'rw' };
    expect(run('proposal', [thp, ro, rw]).processes[0]!.pmd?.writable).toBe(true);
    const steps: FolioAction[] = [thp, fork, { kind: 'get', proc: 1, vpage: 0 }, { kind: 'dontneedRange', proc: 1 }];
    expect(() => run('kernel-5.9', [...steps, write(0, 0)])).toThrow(/no-private-write-leak/);
    expect(run('proposal', [...steps, write(0, 0)]).processes[0]!.vpages[0]!.pte?.folio).toBe(0);
  });

  it('should split a maybe-pinned exclusive PMD at fork and copy both pages for the child', () => {
    const s = run('proposal', [thp, pin(0), fork]);
    expect(s.processes[0]!.pmd).toBeNull();
    expect(s.processes[0]!.vpages.slice(0, 2).map((v) => v.pte)).toEqual([
      { folio: 5, page: 0, writable: true },
      { folio: 5, page: 1, writable: true },
    ]);
    expect(s.processes[1]!.vpages.slice(0, 2).map((v) => v.pte?.folio)).toEqual([0, 1]);
    expect(s.seen.pinnedPmdSplit).toBe(true);
    expect(() => run('copy-huge-pmd-shares-pinned', [thp, pin(0), fork, write(0, 0)])).toThrow(/pin-coherent/);
  });

  it('should unshare a shared PMD for a R/O pin by splitting it and copying the page', () => {
    const s = run('proposal', [thp, fork, { kind: 'gup', proc: 0, vpage: 1, flavor: 'pin-ro' }]);
    const g = s.gups[0]!;
    expect(g.kind === 'held' && g.folio).toBe(0);
    expect(s.processes[0]!.vpages[1]!.pte).toEqual({ folio: 0, page: 0, writable: false });
    expect(() => run('split-pmd-without-refs', [thp, { kind: 'munmap', proc: 0, vpage: 1 }])).toThrow(/refcount-accounts-holders|no-use-after-free/);
  });
});
