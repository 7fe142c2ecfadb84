import type { AlwaysProperty } from '../../src/index.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import { claimCount, claimsOn, devName, extentName, unitOf, type PageClaim } from '../../models/devdax/region.ts';
import { REGION_PAGES, sizeName, type DevdaxState, type Extent } from '../../models/devdax/state.ts';

const claimName = (c: PageClaim) => (c.kind === 'kernel' ? `System RAM (${devName(c.dev)} under kmem)` : c.kind === 'draining' ? `${devName(c.dev)}'s draining tail` : devName(c.dev));

export const extentsDisjoint: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'extents-disjoint',
  meaning: 'no region page belongs to two extents (of one device or two) or to an extent and System RAM',
  rule: 'alloc_dev_dax_range(): __request_region() on the dax region refuses a range already held',
  check: (s) => {
    // counted without building the claims; they are named only for an overlap
    for (let page = 0; page < REGION_PAGES; page++) {
      if (claimCount(s, page) > 1) return `page ${page} is in ${claimsOn(s, page).map(claimName).join(' and ')}`;
    }
    return undefined;
  },
};

/** The first extent not in whole aligned units. */
function misaligned(extents: readonly Extent[], unit: number): Extent | undefined {
  for (const e of extents) if (e.start % unit !== 0 || e.pages % unit !== 0) return e;
  return undefined;
}

export const extentsAligned: AlwaysProperty<DevdaxState, DevdaxKnobs> = {
  kind: 'always',
  name: 'extents-aligned',
  meaning: 'every extent of a device starts and ends on its page size (and on a 2 MiB subsection)',
  rule: 'alloc_is_aligned() / dev_dax_validate_align(): ranges in units of max(align, memremap_compat_align())',
  check: (s) => {
    for (let dev = 0; dev < s.devices.length; dev++) {
      const device = s.devices[dev]!;
      if (device.state === 'absent') continue;
      const unit = unitOf(device);
      const bad = misaligned(device.extents, unit);
      if (bad) return `${devName(dev)} (align ${sizeName(device.align)}) has extent ${extentName(bad)}, not in whole aligned ${sizeName(unit)} units`;
    }
    return undefined;
  },
};
