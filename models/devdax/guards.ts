import { unreachable, type GuardTable, type Immutable } from '../../src/index.ts';
import { gracePeriodElapsed } from '../parts/rcu.ts';
import type { DevdaxAction } from './actions.ts';
import { pinnedOn } from './device.ts';
import { overlaps } from './fault.ts';
import type { DevdaxKnobs } from './knobs.ts';
import { deviceSize, unitOf } from './region.ts';
import type { DevdaxState } from './state.ts';

type S = Immutable<DevdaxState>;

/** Whether the design lets `dev` move to another cgroup now. */
function mayReassign(s: S, dev: number, knobs: DevdaxKnobs): boolean {
  const unbound = s.devices[dev]!.state === 'disabled';
  const noOpener = s.processes.every((p) => p.vma?.dev !== dev);
  switch (knobs.reassign) {
    case 'unbound-no-opener':
      return unbound && noOpener;
    case 'no-opener':
      return noOpener;
    case 'unbound':
      return unbound;
    case 'live':
      return true;
    default:
      return unreachable(knobs.reassign);
  }
}

const gpOver = (s: S, dev: number) => {
  const gp = s.devices[dev]!.gp;
  return gp !== undefined && gracePeriodElapsed(s.srcu, gp);
};

/** Unbound and not waiting to be re-created after kexec: its size, ranges and align may change. */
const configurable = (s: S, dev: number) => s.devices[dev]!.state === 'disabled' && s.kexec?.pending[dev] !== true;

/** Bound to nothing yet with ranges to bind: `device_dax` and `kmem` probe alike. */
const hasRanges = (s: S, { dev }: { readonly dev: number }) => configurable(s, dev) && s.devices[dev]!.extents.length > 0;

/** When each step can run; a disabled step is skipped by random runs. */
export const devdaxGuards: GuardTable<DevdaxState, DevdaxAction, DevdaxKnobs> = {
  create: (s, { dev }) => s.devices[dev]!.state === 'absent' && s.kexec?.pending[dev] !== true,
  // delete_store(): -EBUSY while a driver is bound or any range is left; id 0 always stays
  destroy: (s, { dev }) => dev > 0 && configurable(s, dev) && s.devices[dev]!.extents.length === 0,
  grow: (s, { dev }) => configurable(s, dev),
  // a bound of the model: `mapping` starts an empty device, as daxctl does to restore a layout
  mapping: (s, { dev }) => configurable(s, dev) && s.devices[dev]!.extents.length === 0,
  setAlign: (s, { dev, align }) => configurable(s, dev) && s.devices[dev]!.align !== align,
  shrink: (s, { dev }, knobs) => {
    const d = s.devices[dev]!;
    const live = d.state === 'enabled' && knobs.giveBack !== 'unbind' && d.draining === undefined;
    return (configurable(s, dev) || live) && deviceSize(d) >= unitOf(d);
  },
  shrinkFinish: (s, { dev }, knobs) => {
    const d = s.devices[dev]!;
    return d.draining !== undefined && gpOver(s, dev) && !(knobs.waitForPins && pinnedOn(s, dev, d.draining));
  },
  assign: (s, { dev, proc }, knobs) => {
    const d = s.devices[dev]!;
    return d.state !== 'absent' && d.cgroup !== s.processes[proc]!.cgroup && mayReassign(s, dev, knobs);
  },
  bind: hasRanges,
  unbindStart: (s, { dev }) => s.devices[dev]!.state === 'enabled' && s.devices[dev]!.draining === undefined,
  unbindFinish: (s, { dev }, knobs) => s.devices[dev]!.state === 'dying' && gpOver(s, dev) && !(knobs.waitForPins && pinnedOn(s, dev)),
  mmap: (s, { proc, dev }) => {
    const p = s.processes[proc]!;
    const d = s.devices[dev]!;
    return p.vma === undefined && d.state === 'enabled' && d.cgroup === p.cgroup && deviceSize(d) > 0;
  },
  munmap: (s, { proc }) => s.processes[proc]!.vma !== undefined && !(s.fault.pc === 'resolved' && s.fault.proc === proc),
  fault: (s, { proc, pgoff, size }) => {
    const p = s.processes[proc]!;
    return s.fault.pc === 'idle' && p.vma !== undefined && pgoff + size <= p.vma.pages && !p.leaves.some((l) => overlaps(l, pgoff, size));
  },
  faultInsert: (s) => s.fault.pc === 'resolved',
  pin: (s, { proc, pgoff }) => {
    const vma = s.processes[proc]!.vma;
    return s.pin === undefined && vma !== undefined && pgoff < vma.pages;
  },
  unpin: (s) => s.pin !== undefined,
  kmemOnline: hasRanges,
  // offlining can fail with pages in use; the model only takes the path where it succeeds
  kmemOffline: (s, { dev }) => s.devices[dev]!.state === 'kmem',
  kexec: (s) => !(s.kexec?.pending.some((p) => p) ?? false) && s.devices.some((d) => d.extents.length > 0),
  recreate: (s, { dev }) => s.kexec?.pending[dev] === true,
};

type AnyGuard = (s: S, a: DevdaxAction, knobs: DevdaxKnobs) => boolean;

/** The guard of an action of any kind, as the engine dispatches it; for tests that probe one step. */
export function devdaxEnabled(s: S, a: DevdaxAction, knobs: DevdaxKnobs): boolean {
  return (devdaxGuards[a.kind] as AnyGuard)(s, a, knobs);
}
