import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import { COW_BACKINGS, COW_CASES } from '../../models/folio/cowSelftest.ts';
import { folioKnobs, type FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioAction } from '../../models/folio/actions.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { mapcountMatchesPtes } from '../../properties/folio/references.ts';
import { models } from '../../registry/index.ts';

const folioModel = models.folio;
const SEED = 3;
/** The proposal's budget: 800 runs of 25 steps (20,000 steps) with every witness reached, then 10,000 states breadth-first. */
const PROPOSAL_BUDGET = { seed: SEED, runs: 800, maxSteps: 25, exhaustive: { maxStates: 10_000 } };

const runSteps = (variant: string, actions: FolioAction[]) => runActions<FolioState>(folioModel, variant, actions);

describe(`folio model (seed ${SEED})`, () => {
  it('should hold for the proposal over 20,000 steps, every witness reached', () => {
    const result = assertProposalHolds(folioModel, PROPOSAL_BUDGET);
    expect(result.witnesses.every((w) => w.reached)).toBe(true);
  });

  it.each(folioModel.variants.filter((v) => v.name !== 'proposal').map((v) => [v.name, v.expect]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      const result = assertVariantMet(folioModel, variant, { seed: SEED });
      expect(result.outcome.kind).toBe('violated');
    },
  );

  it.each((folioModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(folioModel, name).result.kind).toBe('met');
  });
});

describe('folio transitions', () => {
  const fault: FolioAction = { kind: 'anonFault', proc: 0, vpage: 0 };

  it('should account a small-folio pin as GUP_PIN_COUNTING_BIAS and a large one in _pincount', () => {
    const small = runSteps('proposal', [fault, { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin-rw' }]);
    expect(small.folios[0]).toMatchObject({ refcount: 1025, pincount: 0 });
    const large = runSteps('proposal', [{ kind: 'anonFaultLarge', proc: 0 }, { kind: 'gup', proc: 0, vpage: 1, flavor: 'pin-rw' }]);
    expect(large.folios[5]).toMatchObject({ refcount: 3, mapcount: 2, pincount: 1 });
  });

  it('should back off migration of a pinned folio and move an unpinned one', () => {
    const pinned = runSteps('proposal', [fault, { kind: 'get', proc: 0, vpage: 0 }, { kind: 'migrate', folio: 0 }]);
    expect(pinned.processes[0]!.vpages[0]!.pte?.folio).toBe(0);
    const moved = runSteps('proposal', [fault, { kind: 'migrate', folio: 0 }]);
    expect(moved.processes[0]!.vpages[0]!.pte?.folio).toBe(1);
    expect(moved.folios[0]!.allocated).toBe(false);
  });

  it('should write-protect and share a non-pinned page at fork, and copy a pinned one', () => {
    const shared = runSteps('proposal', [fault, { kind: 'fork' }]);
    expect(shared.processes[1]!.vpages[0]!.pte).toEqual({ folio: 0, page: 0, writable: false });
    expect(shared.folios[0]).toMatchObject({ mapcount: 2, refcount: 2 });
    const copied = runSteps('proposal', [fault, { kind: 'gup', proc: 0, vpage: 0, flavor: 'pin-ro' }, { kind: 'fork' }]);
    expect(copied.processes[1]!.vpages[0]!.pte?.folio).not.toBe(0);
    expect(copied.processes[0]!.vpages[0]!.pte).toEqual({ folio: 0, page: 0, writable: true });
  });
});

describe('folio mapcount-matches-ptes', () => {
  const check = (s: FolioState) => mapcountMatchesPtes.check(s, knobsOf('proposal'));
  // a THP mapped by PTEs in P0 (two pages) then forked: both page mapcounts 2, the folio's 4
  const shared = runSteps('proposal', [{ kind: 'anonFaultLarge', proc: 0 }, { kind: 'fork' }]);
  const withFolio = (slot: number, folio: Partial<FolioState['folios'][number]>): FolioState => ({
    ...shared,
    folios: shared.folios.map((f, i) => (i === slot ? { ...f, ...folio } : f)),
  });

  it('should hold when every PTE and PMD is counted', () => {
    expect(shared.folios[5]).toMatchObject({ mapcount: 4, entireMapcount: 0 });
    expect(check(shared)).toBeUndefined();
  });

  it("should name the folio, page and counters that disagree with the page tables", () => {
    expect(check(withFolio(5, { mapcount: 3 }))).toBe('folio 5: mapcount 3 but 4 PTE(s) and 0 PMD(s) map it');
    expect(check(withFolio(5, { entireMapcount: 1 }))).toBe('folio 5: entire mapcount 1 but 0 PMD(s) map it');
    const pages = shared.folios[5]!.pages.map((p, i) => (i === 1 ? { ...p, mapcount: 1 } : p));
    expect(check(withFolio(5, { pages }))).toBe('folio 5 page 1: page mapcount 1 but 2 PTE(s) map it');
  });
});

const knobsOf = (variant: string): FolioKnobs => {
  const proposal = Object.fromEntries(Object.entries(folioKnobs).map(([k, spec]) => [k, spec.proposal])) as FolioKnobs;
  return { ...proposal, ...folioModel.variants.find((v) => v.name === variant)!.knobs } as FolioKnobs;
};

describe('folio: cow.c anon cases, mprotect, GUP-fast, per-page mapcount', () => {
  const large: FolioAction = { kind: 'anonFaultLarge', proc: 0 };
  const fault: FolioAction = { kind: 'anonFault', proc: 0, vpage: 0 };

  it('should encode 14 cow.c anon cases on all 5 backings for today, v5.7 and v5.9 (210 scenarios)', () => {
    expect([COW_CASES.length, COW_BACKINGS.length]).toEqual([14, 5]);
    const cow = (folioModel.scenarios ?? []).filter((s) => s.name.startsWith('cow-'));
    expect(cow).toHaveLength(14 * 5 * 3);
    expect(cow.filter((s) => s.variant === 'kernel-5.7' && s.expect.kind === 'violates')).toHaveLength(7 * 5);
    // on the PMD-mapped THP, v5.9 still leaks through vmsplice and keeps its R/O and io_uring pins
    const pmd59 = cow.filter((s) => s.variant === 'kernel-5.9' && s.name.endsWith('-pmd-thp-kernel-5.9') && s.expect.kind === 'violates');
    expect(pmd59.map((s) => s.name.replace('-pmd-thp-kernel-5.9', '').replace('cow-', ''))).toEqual([
      'vmsplice-unmap-child',
      'vmsplice-unmap-child-mprotect',
      'vmsplice-before-fork-unmap-parent',
      'vmsplice-unmap-parent',
      'ro-pin-shared',
      'ro-fast-pin-shared',
    ]);
  });

  it('should make only an exclusive page writable on mprotect(PROT_READ|PROT_WRITE)', () => {
    const ro = { kind: 'mprotect', proc: 0, vpage: 0, prot: 'ro' } as const;
    const rw = { kind: 'mprotect', proc: 0, vpage: 0, prot: 'rw' } as const;
    const exclusive = runSteps('proposal', [fault, ro, rw]);
    expect(exclusive.processes[0]!.vpages[0]!.pte?.writable).toBe(true);
    const shared = runSteps('proposal', [fault, { kind: 'fork' }, ro, rw]);
    expect(shared.processes[0]!.vpages[0]!.pte?.writable).toBe(false);
    expect(runSteps('kernel-5.9', [fault, ro, rw]).processes[0]!.vpages[0]!.pte?.writable).toBe(false);
  });

  it('should let GUP-fast pin an exclusive page itself and leave a shared one to the slow path', () => {
    const pin = { kind: 'gupFast', proc: 0, vpage: 0, flavor: 'pin-ro' } as const;
    const own = runSteps('proposal', [fault, pin]);
    expect(own.seen.gupFast).toBe(true);
    const shared = runSteps('proposal', [fault, { kind: 'fork' }, pin]);
    expect(shared.seen.gupFast).toBe(false);
    expect(shared.processes[0]!.vpages[0]!.pte?.folio).not.toBe(shared.processes[1]!.vpages[0]!.pte?.folio);
  });

  it('should count mapcounts per page, and reuse under v5.7 when the largest is 1', () => {
    const steps: FolioAction[] = [large, { kind: 'fork' }, { kind: 'dontneed', proc: 1, vpage: 0 }, { kind: 'dontneed', proc: 1, vpage: 1 }];
    const s = runSteps('kernel-5.7', steps);
    expect(s.folios[5]!.pages.map((p) => p.mapcount)).toEqual([1, 1]);
    const write = { kind: 'write', proc: 0, vpage: 0 } as const;
    expect(folioModel.describe(write, s, knobsOf('kernel-5.7'))).toContain('do_wp_page -> reused (largest page mapcount 1)');
    expect(folioModel.describe(write, s, knobsOf('proposal'))).toMatch(/do_wp_page -> copied to folio 0 \(refcount 2, mapcount 1, not exclusive\)/);
  });

  it('should refuse a GUP while the refcount reads <= 0 in 11 bits, and wrap the word without the guard', () => {
    const pin = (vpage: number) => ({ kind: 'gup', proc: 0, vpage, flavor: 'pin-rw' }) as const;
    const steps: FolioAction[] = [fault, pin(0), pin(0)];
    const guarded = runSteps('proposal', steps);
    expect(guarded.folios[0]).toMatchObject({ refcount: 1025 });
    expect(guarded.seen.refRefused).toBe(true);
    expect(() => runSteps('gup-without-ref-guard', steps)).toThrow(/no-counter-wraps: folio 0: _refcount 2049 wraps a 11-bit word/);
  });
});
