import type { AlwaysProperty, StepProperty } from '../../src/index.ts';
import type { LazyZeroAction } from '../../models/lazy-zero/actions.ts';
import type { LazyZeroKnobs } from '../../models/lazy-zero/knobs.ts';
import { accessible, VPAGES, type LazyZeroState, type PageData } from '../../models/lazy-zero/state.ts';

const said = (data: PageData) => (data === 'stale' ? "the previous owner's data" : data === 'zero' ? 'zeroes' : `${data === 'written-by-cpu0' ? 'CPU0' : 'CPU1'}'s store`);

export const noStaleDataExposed: AlwaysProperty<LazyZeroState, LazyZeroKnobs> = {
  kind: 'always',
  name: 'no-stale-data-exposed',
  meaning: "user space can never reach old contents: every subpage a present PTE or the PMD maps holds zeroes or the process's stores",
  rule: 'a page is zeroed (clear_highpage) before any PTE lets user space at it; protnone keeps unzeroed parts out of reach',
  check: (s) => {
    const vpage = VPAGES.find((v) => accessible(s, v) && s.folio.data[v] === 'stale');
    if (vpage === undefined) return undefined;
    return `vpage ${vpage} is ${s.pmd.kind === 'huge' ? 'PMD-mapped' : 'mapped by a present PTE'} but folio page ${vpage} still holds the previous owner's data`;
  },
};

export const noLostWrite: AlwaysProperty<LazyZeroState, LazyZeroKnobs> = {
  kind: 'always',
  name: 'no-lost-write',
  meaning: 'a load returns what the process last stored there, or zeroes if it never stored',
  rule: 'a subpage is zeroed once, before its first use; access detection must not zero it again',
  check: (s) => {
    const r = s.badReads[0];
    return r === undefined ? undefined : `CPU${r.cpu} loaded vpage ${r.vpage} and got ${said(r.saw)}, not ${said(r.expected)}`;
  },
};

export const zeroOnlyInaccessible: StepProperty<LazyZeroState, LazyZeroAction, LazyZeroKnobs> = {
  kind: 'step',
  name: 'zero-only-inaccessible',
  meaning: 'a subpage is zeroed only while no present PTE or PMD lets user space at it',
  rule: 'clear_highpage on a page user space can reach tears its stores; the fault re-checks pte_same under the lock',
  check: (before, _action, after) => {
    const vpage = after.lastClear;
    if (after.clears === before.clears || vpage === undefined || !accessible(before, vpage)) return undefined;
    const how = before.pmd.kind === 'huge' ? 'the PMD maps it' : 'a present PTE maps it';
    return `clear_highpage(folio page ${vpage}) while ${how} (it holds ${said(before.folio.data[vpage]!)})`;
  },
};
