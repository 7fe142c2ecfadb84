import { describe, expect, it } from 'vitest';
import { assertProposalHolds, assertScenario, assertVariantMet, runActions } from '../../src/testing.ts';
import { resolveConfiguration } from '../../src/index.ts';
import type { DevdaxAction } from '../../models/devdax/actions.ts';
import { canonicalDevdax } from '../../models/devdax/canonical.ts';
import { devdaxEnabled } from '../../models/devdax/guards.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import { alignValid, claimsOn, pgoffToPage, unitOf } from '../../models/devdax/region.ts';
import { initDevdaxState, type DaxDevice, type DevdaxState } from '../../models/devdax/state.ts';
import { models } from '../../registry/index.ts';

const devdaxModel = models.devdax;

const SEED = 5;
/** The model's own budget: 2000 runs of 40 steps (80,000 steps) for each design that must hold. */
const HOLD_BUDGET = { seed: SEED, runs: 2000, maxSteps: 40 };
/**
 * Known-bad variants are caught within a quarter of that, at their hand-counted length; the
 * 8-step reassign-unbound (unbind, reassign, rebind, then the old tenant faults) needs the
 * model's full 2000 runs.
 */
const BAD_BUDGET = { seed: SEED, runs: 500 };
const badBudget = (variant: string) => (variant === 'reassign-unbound' ? HOLD_BUDGET : BAD_BUDGET);

const knobs = resolveConfiguration(devdaxModel, 'proposal').knobs as DevdaxKnobs;
const run = (actions: DevdaxAction[]) => runActions<DevdaxState>(devdaxModel, 'proposal', actions);
/** dax0.0 of 2M, bound, mmap()ed by P0 (cgroup 0 holds devices.allow for dax0.0 from boot). */
const tenant: DevdaxAction[] = [
  { kind: 'grow', dev: 0 },
  { kind: 'bind', dev: 0 },
  { kind: 'mmap', proc: 0, dev: 0 },
];
const device = (align: DaxDevice['align'], extents: DaxDevice['extents']): DaxDevice => ({ state: 'disabled', align, extents, cgroup: 0 });

describe(`devdax model (seed ${SEED})`, () => {
  it('should hold for the proposal, every witness reached', () => {
    const result = assertProposalHolds(devdaxModel, HOLD_BUDGET);
    expect(result.witnesses.filter((w) => !w.reached).map((w) => w.name)).toEqual([]);
  });

  it.each(devdaxModel.variants.filter((v) => v.name !== 'proposal' && v.expect.kind === 'holds').map((v) => [v.name]))(
    'should hold for %s within the same budget',
    (variant) => {
      expect(assertVariantMet(devdaxModel, variant, HOLD_BUDGET).outcome.kind).toBe('holds');
    },
  );

  it.each(devdaxModel.variants.filter((v) => v.expect.kind === 'violates').map((v) => [v.name]))(
    'should catch %s with its property within the hand-counted length',
    (variant) => {
      expect(assertVariantMet(devdaxModel, variant, badBudget(variant)).outcome.kind).toBe('violated');
    },
  );

  it.each((devdaxModel.scenarios ?? []).map((s) => [s.name]))('should end scenario %s as expected', (name) => {
    expect(assertScenario(devdaxModel, name).result.kind).toBe('met');
  });
});

describe('device-DAX ranges and alignment', () => {
  it('should allocate in units of max(align, memremap_compat_align())', () => {
    expect(unitOf(device(1, []))).toBe(2); // a 4K device still takes whole 2 MiB subsections
    expect(unitOf(device(2, []))).toBe(2);
    expect(unitOf(device(4, []))).toBe(4);
  });

  it('should translate pgoffs through discontiguous ranges and refuse a leaf that spans two', () => {
    const split = device(2, [
      { start: 2, pages: 2 },
      { start: 0, pages: 2 },
    ]);
    expect(pgoffToPage(split, 0, 2)).toBe(2);
    expect(pgoffToPage(split, 2, 2)).toBe(0);
    expect(pgoffToPage(split, 3, 1)).toBe(1);
    expect(pgoffToPage(split, 0, 4)).toBeUndefined(); // a PUD over both ranges: VM_FAULT_SIGBUS
  });

  it('should reject a 1G align for a range on a 2M boundary unless only lengths are checked', () => {
    const offset = device(2, [{ start: 2, pages: 4 }]);
    expect(alignValid(offset, 4, knobs)).toBe(false);
    expect(alignValid(offset, 4, { ...knobs, extentAlign: 'length' })).toBe(true);
  });

  it('should see two claims on a page that two devices hold, and one on a page of a kmem device', () => {
    const s = initDevdaxState();
    const overlapping: DevdaxState = { ...s, devices: [device(2, [{ start: 0, pages: 2 }]), { ...device(2, [{ start: 0, pages: 4 }]), state: 'kmem', cgroup: 1 }] };
    expect(claimsOn(overlapping, 1).map((c) => c.kind)).toEqual(['device', 'kernel']);
    expect(claimsOn(overlapping, 3)).toEqual([{ kind: 'kernel', dev: 1 }]);
    expect(claimsOn(overlapping, 5)).toEqual([]);
  });

  it('should keep dax0.0 (delete_store() never deletes id 0) and delete dax0.1 only at size 0', () => {
    const boot = initDevdaxState();
    expect(boot.devices.map((d) => d.state)).toEqual(['disabled', 'absent']);
    expect(devdaxEnabled(boot, { kind: 'destroy', dev: 0 }, knobs)).toBe(false);
    expect(devdaxEnabled(boot, { kind: 'create', dev: 0 }, knobs)).toBe(false);
    const s = run([{ kind: 'create', dev: 1 }, { kind: 'grow', dev: 1 }]);
    expect(devdaxEnabled(s, { kind: 'destroy', dev: 1 }, knobs)).toBe(false);
    expect(devdaxEnabled(run([{ kind: 'create', dev: 1 }]), { kind: 'destroy', dev: 1 }, knobs)).toBe(true);
  });
});

describe('dax_srcu and the exhaustive representative', () => {
  it('should make kill_dax() wait for a fault inside dax_read_lock(), then let it go', () => {
    const racing = run([...tenant, { kind: 'fault', proc: 0, pgoff: 0, size: 2 }, { kind: 'unbindStart', dev: 0 }]);
    expect(devdaxEnabled(racing, { kind: 'unbindFinish', dev: 0 }, knobs)).toBe(false);
    const done = run([...tenant, { kind: 'fault', proc: 0, pgoff: 0, size: 2 }, { kind: 'unbindStart', dev: 0 }, { kind: 'faultInsert' }]);
    expect(devdaxEnabled(done, { kind: 'unbindFinish', dev: 0 }, knobs)).toBe(true);
  });

  it('should hash states that differ only in SRCU section numbers alike', () => {
    const plain = run(tenant);
    // a PTE fault on a 2M device SIGBUSes: nothing changes but the reader's section count
    const sigbus = run([...tenant, { kind: 'fault', proc: 0, pgoff: 0, size: 1 }]);
    expect(sigbus.srcu).not.toEqual(plain.srcu);
    expect(canonicalDevdax(sigbus)).toEqual(canonicalDevdax(plain));
    const waiting = run([...tenant, { kind: 'fault', proc: 0, pgoff: 1, size: 1 }, { kind: 'fault', proc: 0, pgoff: 0, size: 2 }, { kind: 'unbindStart', dev: 0 }]);
    expect(canonicalDevdax(waiting).devices[0]!.gp).toEqual({ waitsFor: [{ reader: 0, section: 1 }] });
  });
});
