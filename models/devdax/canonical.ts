import type { Immutable } from '../../src/index.ts';
import type { DevdaxState } from './state.ts';

/**
 * The representative the exhaustive search hashes: SRCU section numbers renamed. Only whether a
 * grace period still waits for the section the fault thread is in can change what happens next
 * (`gracePeriodElapsed()`), so waits that are over are dropped and the open section is called 1.
 * Without this every fault, even one that SIGBUSes, would make a new state.
 */
export function canonicalDevdax(s: Immutable<DevdaxState>): Immutable<DevdaxState> {
  const reader = s.srcu[0]!;
  const open = (w: { readonly reader: number; readonly section: number }) => reader.inside && w.section === reader.section;
  return {
    ...s,
    srcu: [{ inside: reader.inside, section: reader.inside ? 1 : 0 }],
    devices: s.devices.map((d) => (d.gp === undefined ? d : { ...d, gp: { waitsFor: d.gp.waitsFor.filter(open).map((w) => ({ ...w, section: 1 })) } })),
  };
}
