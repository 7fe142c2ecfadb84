import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import { claimsOn, devName, inExtents, pgoffToPage, type PageClaim } from '../../models/devdax/region.ts';
import { leafName, sizeName, type DevdaxState, type Leaf, type Pin } from '../../models/devdax/state.ts';

type S = Immutable<DevdaxState>;

/*
 * The holders of device pages are every page of every leaf of a process that maps a device
 * (in process order), then the pin. The invariants run on every state, so they walk them in
 * place and name a holder only when it breaks the rule.
 */
const leafHolder = (proc: number, l: Leaf, i: number) => `P${proc}'s ${leafName(l.size)} at pgoff ${l.pgoff + i}`;
const pinHolder = (pin: Pin) => `P${pin.proc}'s FOLL_LONGTERM pin`;

/** What a page is now, as seen from a holder of `dev`. */
function describeClaim(c: PageClaim | undefined, dev: number): string {
  if (c === undefined) return 'free in the region';
  if (c.kind === 'kernel') return `System RAM (${devName(c.dev)} under kmem)`;
  if (c.kind === 'draining') return `in ${devName(c.dev)}'s draining tail`;
  return c.dev === dev ? `its pgoff ${c.pgoff}` : `in ${devName(c.dev)}`;
}

const mapsAt = (proc: number, dev: number, align: number, l: Leaf) => `P${proc} maps ${devName(dev)} (align ${sizeName(align)}) pgoff ${l.pgoff} -> page ${l.page}`;

export const mappingGranularity: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'mapping-granularity',
  meaning: 'a process maps a device only with leaves of at least its align, naturally aligned',
  rule: '__dev_dax_pte_fault()/_pmd_fault(): VM_FAULT_SIGBUS when the fault size is below dev_dax->align',
  check: (s) => {
    for (let proc = 0; proc < s.processes.length; proc++) {
      const p = s.processes[proc]!;
      if (p.vma === undefined) continue;
      const device = s.devices[p.vma.dev]!;
      for (const l of p.leaves) {
        if (l.size < device.align) return `${mapsAt(proc, p.vma.dev, device.align, l)} with a ${sizeName(l.size)} ${leafName(l.size)}`;
        if (l.pgoff % l.size !== 0 || l.page % l.size !== 0) return `${mapsAt(proc, p.vma.dev, device.align, l)} with a ${leafName(l.size)} that is not ${sizeName(l.size)} aligned`;
      }
    }
    return undefined;
  },
};

/**
 * Why the holder of `page` of `dev` (a leaf at `pgoff`, or the pin) holds a page its device
 * gave back, or undefined when the device still owns it there.
 */
function givenBack(s: S, dev: number, page: number, pgoff: number | undefined): string | undefined {
  const device = s.devices[dev]!;
  // unbind ran memunmap_pages(): the page has no struct page any more
  if (device.state === 'disabled' || device.state === 'kmem') {
    return `, now ${device.state === 'kmem' ? 'System RAM under kmem' : 'unbound'}: memunmap_pages() released its pagemap`;
  }
  // the device's own claim: one of its extents (at the pgoff the leaf maps), or its draining tail
  if (device.state !== 'absent') {
    if (inExtents(device.extents, page)) {
      if (pgoff === undefined || pgoffToPage(device, pgoff, 1) === page) return undefined;
    } else if (inExtents(device.draining, page)) {
      return undefined;
    }
  }
  return `, which is now ${describeClaim(claimsOn(s, page)[0], dev)}`;
}

export const unmappedBeforeGiveBack: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'unmapped-before-give-back',
  meaning: "no leaf or pin outlives its device's pagemap, and none holds a page its device gave back",
  rule: 'kill_dev_dax(): kill_dax() + synchronize_srcu(), unmap_mapping_range(); memunmap_pages() waits for page refs',
  check: (s) => {
    for (let proc = 0; proc < s.processes.length; proc++) {
      const p = s.processes[proc]!;
      if (p.vma === undefined) continue;
      const dev = p.vma.dev;
      for (const l of p.leaves) {
        for (let i = 0; i < l.size; i++) {
          const why = givenBack(s, dev, l.page + i, l.pgoff + i);
          if (why !== undefined) return `${leafHolder(proc, l, i)} holds page ${l.page + i} of ${devName(dev)}${why}`;
        }
      }
    }
    const pin = s.pin;
    const why = pin === undefined ? undefined : givenBack(s, pin.dev, pin.page, undefined);
    return pin === undefined || why === undefined ? undefined : `${pinHolder(pin)} holds page ${pin.page} of ${devName(pin.dev)}${why}`;
  },
};

const foreign = (s: S, what: string, dev: number, mine: number) =>
  `${what} on ${devName(dev)} is from cgroup ${mine}, but ${devName(dev)} is assigned to cgroup ${s.devices[dev]!.cgroup}`;

export const tenantIsolation: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'tenant-isolation',
  meaning: "only processes of the cgroup a device is assigned to map or pin the device's memory",
  rule: 'devcgroup checks open() only: a device changes tenant once unbound (zapped, pins drained) and closed by all',
  check: (s) => {
    // every page of a process's leaves has the same process and device: its first one speaks
    for (let proc = 0; proc < s.processes.length; proc++) {
      const p = s.processes[proc]!;
      const first = p.leaves[0];
      if (p.vma === undefined || first === undefined) continue;
      if (s.devices[p.vma.dev]!.cgroup !== p.cgroup) return foreign(s, leafHolder(proc, first, 0), p.vma.dev, p.cgroup);
    }
    const pin = s.pin;
    if (pin === undefined) return undefined;
    const mine = s.processes[pin.proc]!.cgroup;
    return s.devices[pin.dev]!.cgroup === mine ? undefined : foreign(s, pinHolder(pin), pin.dev, mine);
  },
};
