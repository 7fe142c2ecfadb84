import type { GuardTable, Immutable } from '../../src/index.ts';
import { gracePeriodElapsed } from '../parts/rcu.ts';
import type { VmemmapKnobs } from './knobs.ts';
import { readStructPage } from './structPages.ts';
import type { VmemmapState, Walker } from './state.ts';

export type WalkerStep = 'readRef' | 'fakeCheck' | 'atomic' | 'put' | 'unlock';

export type VmemmapAction =
  | { readonly kind: 'buddyAlloc'; readonly pfn: number }
  | { readonly kind: 'buddyFree'; readonly pfn: number }
  | { readonly kind: 'hugetlbPrep' }
  | { readonly kind: 'hugetlbHandOut' }
  | { readonly kind: 'hugetlbTakeBack' }
  | { readonly kind: 'hvoOptimize' }
  | { readonly kind: 'hvoRemap' }
  | { readonly kind: 'dissolveStart' }
  | { readonly kind: 'dissolveRestore' }
  | { readonly kind: 'otherAlloc'; readonly frame: number }
  | { readonly kind: 'otherFree'; readonly frame: number }
  | { readonly kind: 'devdaxPopulate' }
  | { readonly kind: 'devdaxMap'; readonly pfn: number }
  | { readonly kind: 'devdaxUnmap'; readonly pfn: number }
  | { readonly kind: 'walkerLock'; readonly pfn: number }
  | { readonly kind: 'walker'; readonly step: WalkerStep }
  | { readonly kind: 'compoundHead'; readonly pfn: number };

/** Pfns the walker and buddy use: a head-aligned tail (4), a plain tail (5), a remapped tail (9). */
const BUDDY_PFNS = [4, 5, 9];
const WALKER_STEPS: WalkerStep[] = ['readRef', 'fakeCheck', 'atomic', 'put', 'unlock'];

export function vmemmapActions(): VmemmapAction[] {
  return [
    ...BUDDY_PFNS.map((pfn) => ({ kind: 'buddyAlloc' as const, pfn })),
    ...BUDDY_PFNS.map((pfn) => ({ kind: 'buddyFree' as const, pfn })),
    { kind: 'hugetlbPrep' },
    { kind: 'hugetlbHandOut' },
    { kind: 'hugetlbTakeBack' },
    { kind: 'hvoOptimize' },
    { kind: 'hvoRemap' },
    { kind: 'dissolveStart' },
    { kind: 'dissolveRestore' },
    ...[4, 5, 6, 7].map((frame) => ({ kind: 'otherAlloc' as const, frame })),
    ...[4, 5, 6, 7].map((frame) => ({ kind: 'otherFree' as const, frame })),
    { kind: 'devdaxPopulate' },
    ...[21, 24].map((pfn) => ({ kind: 'devdaxMap' as const, pfn })),
    ...[21, 24].map((pfn) => ({ kind: 'devdaxUnmap' as const, pfn })),
    ...BUDDY_PFNS.map((pfn) => ({ kind: 'walkerLock' as const, pfn })),
    ...WALKER_STEPS.map((step) => ({ kind: 'walker' as const, step })),
    ...[4, 5, 9, 20, 24].map((pfn) => ({ kind: 'compoundHead' as const, pfn })),
  ];
}

/** The walker state each of its steps runs from. */
const WALKER_READY: Readonly<Record<WalkerStep, Walker['pc']>> = {
  readRef: 'loaded',
  fakeCheck: 'ref-read',
  atomic: 'checked',
  put: 'got',
  unlock: 'done',
};

type S = Immutable<VmemmapState>;

const isBuddy = (s: S): boolean => s.region0.kind === 'buddy';
const isHugetlb = (s: S): boolean => s.region0.kind === 'hugetlb';
const headRef = (s: S): number => readStructPage(s, 0)?.refcount ?? 0;
const hvoIdle = (s: S): boolean => s.hvo.kind === 'idle';
/** A free, unused HugeTLB folio: what hand-out and dissolve both start from. */
const hugetlbFreeIdle = (s: S): boolean => isHugetlb(s) && hvoIdle(s) && headRef(s) === 0;
const devdaxHeadRef = (s: S): number => readStructPage(s, 16)?.refcount ?? 0;

/** Every buddy pfn of region 0 is free (refcount 0): loops, as guards run on every state. */
function allBuddyFree(s: S): boolean {
  for (const pfn of BUDDY_PFNS) if (readStructPage(s, pfn)?.refcount !== 0) return false;
  return true;
}

/** The vmemmap frames not in use. */
export function freeFrames(s: S): number {
  let n = 0;
  for (const f of s.frames) if (f.kind === 'free') n++;
  return n;
}

export const vmemmapGuards: GuardTable<VmemmapState, VmemmapAction, VmemmapKnobs> = {
  buddyAlloc: (s, { pfn }) => isBuddy(s) && readStructPage(s, pfn)?.refcount === 0,
  buddyFree: (s, { pfn }) => isBuddy(s) && readStructPage(s, pfn)?.refcount === 1,
  hugetlbPrep: (s) => isBuddy(s) && allBuddyFree(s),
  hugetlbHandOut: hugetlbFreeIdle,
  hugetlbTakeBack: (s) => isHugetlb(s) && hvoIdle(s) && headRef(s) === 1,
  hvoOptimize: (s, _a, knobs) =>
    knobs.hvo !== 'off' && s.region0.kind === 'hugetlb' && !s.region0.optimized && hvoIdle(s) && (!knobs.requireFrozen || headRef(s) === 0),
  hvoRemap: (s) => s.hvo.kind === 'optimizing' && gracePeriodElapsed(s.rcu, s.hvo.gp),
  dissolveStart: hugetlbFreeIdle,
  dissolveRestore: (s) => s.hvo.kind === 'restoring' && gracePeriodElapsed(s.rcu, s.hvo.gp),
  otherAlloc: (s, { frame }) => s.frames[frame]!.kind === 'free',
  otherFree: (s, { frame }) => s.frames[frame]!.kind === 'other',
  devdaxPopulate: (s) => s.devdax === 'unpopulated' && freeFrames(s) >= 2,
  devdaxMap: (s) => s.devdax === 'populated' && devdaxHeadRef(s) < 2,
  devdaxUnmap: (s) => s.devdax === 'populated' && devdaxHeadRef(s) > 0,
  walkerLock: (s) => s.walker.pc === 'idle',
  walker: (s, { step }) => s.walker.pc === WALKER_READY[step],
  compoundHead: () => true,
};
