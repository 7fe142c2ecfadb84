import { unreachable, type Immutable } from '../../src/index.ts';
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

/** When each step can run; a disabled step is skipped by random runs. (A switch: random runs call this for the whole alphabet at every step.) */
export function devdaxEnabled(s: S, a: DevdaxAction, knobs: DevdaxKnobs): boolean {
  switch (a.kind) {
    case 'create':
      return s.devices[a.dev]!.state === 'absent' && s.kexec?.pending[a.dev] !== true;
    case 'destroy':
      // delete_store(): -EBUSY while a driver is bound or any range is left; id 0 always stays
      return a.dev > 0 && configurable(s, a.dev) && s.devices[a.dev]!.extents.length === 0;
    case 'grow':
      return configurable(s, a.dev);
    case 'mapping':
      // a bound of the model: `mapping` starts an empty device, as daxctl does to restore a layout
      return configurable(s, a.dev) && s.devices[a.dev]!.extents.length === 0;
    case 'setAlign':
      return configurable(s, a.dev) && s.devices[a.dev]!.align !== a.align;
    case 'shrink': {
      const d = s.devices[a.dev]!;
      const live = d.state === 'enabled' && knobs.giveBack !== 'unbind' && d.draining === undefined;
      return (configurable(s, a.dev) || live) && deviceSize(d) >= unitOf(d);
    }
    case 'shrinkFinish': {
      const d = s.devices[a.dev]!;
      return d.draining !== undefined && gpOver(s, a.dev) && !(knobs.waitForPins && pinnedOn(s, a.dev, d.draining));
    }
    case 'assign': {
      const d = s.devices[a.dev]!;
      return d.state !== 'absent' && d.cgroup !== s.processes[a.proc]!.cgroup && mayReassign(s, a.dev, knobs);
    }
    case 'bind':
      return configurable(s, a.dev) && s.devices[a.dev]!.extents.length > 0;
    case 'unbindStart':
      return s.devices[a.dev]!.state === 'enabled' && s.devices[a.dev]!.draining === undefined;
    case 'unbindFinish':
      return s.devices[a.dev]!.state === 'dying' && gpOver(s, a.dev) && !(knobs.waitForPins && pinnedOn(s, a.dev));
    case 'mmap': {
      const p = s.processes[a.proc]!;
      const d = s.devices[a.dev]!;
      return p.vma === undefined && d.state === 'enabled' && d.cgroup === p.cgroup && deviceSize(d) > 0;
    }
    case 'munmap':
      return s.processes[a.proc]!.vma !== undefined && !(s.fault.pc === 'resolved' && s.fault.proc === a.proc);
    case 'fault': {
      const p = s.processes[a.proc]!;
      return s.fault.pc === 'idle' && p.vma !== undefined && a.pgoff + a.size <= p.vma.pages && !p.leaves.some((l) => overlaps(l, a.pgoff, a.size));
    }
    case 'faultInsert':
      return s.fault.pc === 'resolved';
    case 'pin': {
      const vma = s.processes[a.proc]!.vma;
      return s.pin === undefined && vma !== undefined && a.pgoff < vma.pages;
    }
    case 'unpin':
      return s.pin !== undefined;
    case 'kmemOnline':
      return configurable(s, a.dev) && s.devices[a.dev]!.extents.length > 0;
    case 'kmemOffline':
      // offlining can fail with pages in use; the model only takes the path where it succeeds
      return s.devices[a.dev]!.state === 'kmem';
    case 'kexec':
      return !(s.kexec?.pending.some((p) => p) ?? false) && s.devices.some((d) => d.extents.length > 0);
    case 'recreate':
      return s.kexec?.pending[a.dev] === true;
    default:
      return unreachable(a);
  }
}
