import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import { claimsOn, devName, pgoffToPage, type PageClaim } from '../../models/devdax/region.ts';
import { leafName, sizeName, type DevdaxState } from '../../models/devdax/state.ts';

type S = Immutable<DevdaxState>;

/** Every leaf and the pin, as (process, device, page, what) to check. */
function holders(s: S): { proc: number; dev: number; page: number; pgoff?: number; what: string }[] {
  const leaves = s.processes.flatMap((p, proc) =>
    p.vma === undefined
      ? []
      : p.leaves.flatMap((l) =>
          Array.from({ length: l.size }, (_, i) => ({ proc, dev: p.vma!.dev, page: l.page + i, pgoff: l.pgoff + i, what: `P${proc}'s ${leafName(l.size)} at pgoff ${l.pgoff + i}` })),
        ),
  );
  const pin = s.pin === undefined ? [] : [{ proc: s.pin.proc, dev: s.pin.dev, page: s.pin.page, what: `P${s.pin.proc}'s FOLL_LONGTERM pin` }];
  return [...leaves, ...pin];
}

/** What a page is now, as seen from a holder of `dev`. */
function describeClaim(c: PageClaim | undefined, dev: number): string {
  if (c === undefined) return 'free in the region';
  if (c.kind === 'kernel') return `System RAM (${devName(c.dev)} under kmem)`;
  if (c.kind === 'draining') return `in ${devName(c.dev)}'s draining tail`;
  return c.dev === dev ? `its pgoff ${c.pgoff}` : `in ${devName(c.dev)}`;
}

export const mappingGranularity: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'mapping-granularity',
  meaning: 'a process maps a device only with leaves of at least its align, naturally aligned',
  rule: '__dev_dax_pte_fault()/_pmd_fault(): VM_FAULT_SIGBUS when the fault size is below dev_dax->align',
  check: (s) => {
    for (const [proc, p] of s.processes.entries()) {
      if (p.vma === undefined) continue;
      const device = s.devices[p.vma.dev]!;
      for (const l of p.leaves) {
        const at = `P${proc} maps ${devName(p.vma.dev)} (align ${sizeName(device.align)}) pgoff ${l.pgoff} -> page ${l.page}`;
        if (l.size < device.align) return `${at} with a ${sizeName(l.size)} ${leafName(l.size)}`;
        if (l.pgoff % l.size !== 0 || l.page % l.size !== 0) return `${at} with a ${leafName(l.size)} that is not ${sizeName(l.size)} aligned`;
      }
    }
    return undefined;
  },
};

export const unmappedBeforeGiveBack: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'unmapped-before-give-back',
  meaning: "no leaf or pin outlives its device's pagemap, and none holds a page its device gave back",
  rule: 'kill_dev_dax(): kill_dax() + synchronize_srcu(), unmap_mapping_range(); memunmap_pages() waits for page refs',
  check: (s) => {
    for (const h of holders(s)) {
      // unbind ran memunmap_pages(): the page has no struct page any more
      const state = s.devices[h.dev]!.state;
      if (state === 'disabled' || state === 'kmem') {
        const now = state === 'kmem' ? 'System RAM under kmem' : 'unbound';
        return `${h.what} holds page ${h.page} of ${devName(h.dev)}, now ${now}: memunmap_pages() released its pagemap`;
      }
      const claims = claimsOn(s, h.page);
      const own = claims.find((c) => c.kind !== 'kernel' && c.dev === h.dev);
      const coherent =
        own !== undefined && (own.kind === 'draining' || h.pgoff === undefined || pgoffToPage(s.devices[h.dev]!, h.pgoff, 1) === h.page);
      if (coherent) continue;
      const now = describeClaim(claims[0], h.dev);
      return `${h.what} holds page ${h.page} of ${devName(h.dev)}, which is now ${now}`;
    }
    return undefined;
  },
};

export const tenantIsolation: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'tenant-isolation',
  meaning: "only processes of the cgroup a device is assigned to map or pin the device's memory",
  rule: 'devcgroup checks open() only: a device changes tenant once unbound (zapped, pins drained) and closed by all',
  check: (s) => {
    for (const h of holders(s)) {
      const cgroup = s.devices[h.dev]!.cgroup;
      const mine = s.processes[h.proc]!.cgroup;
      if (cgroup !== mine) return `${h.what} on ${devName(h.dev)} is from cgroup ${mine}, but ${devName(h.dev)} is assigned to cgroup ${cgroup}`;
    }
    return undefined;
  },
};
