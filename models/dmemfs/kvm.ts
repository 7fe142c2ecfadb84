import type { Draft } from '../../src/index.ts';
import { hostFault } from './host.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { touchStructPage } from './pool.ts';
import type { DmemfsState } from './state.ts';

type S = Draft<DmemfsState>;

/** `kvm_faultin_pfn()` begins: `mmu_seq = kvm->mmu_invalidate_seq; smp_rmb();` */
export function kvmFaultStart(d: S, gfn: number): void {
  d.kvmFault = { pc: 'seq-read', gfn, invalidated: false };
}

/**
 * `hva_to_pfn()`: GUP-fast first (`hva_to_pfn_fast`), which grabs the struct page of any leaf
 * not marked special; GUP then refuses the VM_PFNMAP VMA, so `hva_to_pfn_remapped()` faults
 * the page in (`fixup_user_fault`) and reads the pfn with `follow_pte()`, taking no reference.
 */
export function kvmFaultPfn(d: S, knobs: DmemfsKnobs): void {
  const f = d.kvmFault;
  if (f.pc !== 'seq-read') return;
  const p0 = d.processes[0]!;
  const leaf = p0.entries[f.gfn];
  if (!p0.mapped) {
    d.kvmFault = { pc: 'idle' }; // no VMA at the hva: -EFAULT
    return;
  }
  if (leaf !== undefined && !leaf.special) {
    touchStructPage(d, leaf.frame, 'KVM hva_to_pfn_fast() try_grab_folio_fast()');
    d.kvmFault = { pc: 'idle' };
    return;
  }
  if (leaf === undefined && hostFault(d, 0, f.gfn, knobs) !== 'ok') {
    d.kvmFault = { pc: 'idle' }; // KVM_PFN_ERR_HWPOISON or -EFAULT: the vCPU exits
    return;
  }
  d.kvmFault = { pc: 'pfn', gfn: f.gfn, frame: p0.entries[f.gfn]!.frame, invalidated: f.invalidated };
}

/**
 * `kvm_tdp_mmu_map()` under mmu_lock: `mmu_invalidate_retry()` sends the fault back when an
 * invalidation ran since the sequence was read; otherwise the spte maps the pfn.
 */
export function kvmFaultMap(d: S, knobs: DmemfsKnobs): void {
  const f = d.kvmFault;
  if (f.pc !== 'pfn') return;
  if (knobs.kvmRetry && f.invalidated) d.seen.kvmRetried = true;
  else d.ept[f.gfn] = f.frame;
  d.kvmFault = { pc: 'idle' };
}
