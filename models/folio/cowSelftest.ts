import type { Immutable, Scenario } from '../../src/index.ts';
import type { FolioAction } from './actions.ts';
import type { FolioKnobs } from './knobs.ts';
import { leafOf } from './pmd.ts';
import type { FolioState, PinFlavor } from './state.ts';

/**
 * The anon cases of tools/testing/selftests/mm/cow.c, on the backings folio can build, as
 * scenarios `cow-<case>-<backing>` (the kernel today) and `cow-<case>-<backing>-kernel-5.x`.
 * A case runs on the backing's range of virtual pages, as cow.c runs on the whole THP.
 */
type Steps = readonly FolioAction[];

const write = (proc: number, vpage: number): FolioAction => ({ kind: 'write', proc, vpage });
const gup = (proc: number, vpage: number, flavor: PinFlavor, fast = false): FolioAction => ({ kind: fast ? 'gupFast' : 'gup', proc, vpage, flavor });
const get = (proc: number, vpage: number): FolioAction => ({ kind: 'get', proc, vpage });
const prot = (vpage: number, p: 'ro' | 'rw'): FolioAction => ({ kind: 'mprotect', proc: 0, vpage, prot: p });
const fork: FolioAction = { kind: 'fork' };
const childExits: FolioAction = { kind: 'exit', proc: 1 };

interface Backing {
  readonly name: string;
  readonly meaning: string;
  readonly setup: Steps;
  /** The virtual pages the case runs on. */
  readonly range: readonly number[];
  /** mprotect() and MADV_DONTNEED cover the range in one call (on a PMD: change_huge_pmd, zap_huge_pmd). */
  readonly whole?: boolean;
}

/**
 * cow.c's run_with_*: a base page; a PMD-mapped THP; a PTE-mapped THP (order 1 here); one PTE
 * of it; a THP whose upper page was never shared.
 */
export const COW_BACKINGS: readonly Backing[] = [
  { name: 'base', meaning: 'base page', setup: [{ kind: 'anonFault', proc: 0, vpage: 0 }], range: [0] },
  { name: 'pmd-thp', meaning: 'PMD-mapped THP', setup: [{ kind: 'anonFaultHuge', proc: 0 }], range: [0, 1], whole: true },
  { name: 'pte-thp', meaning: 'PTE-mapped THP', setup: [{ kind: 'anonFaultLarge', proc: 0 }], range: [0, 1] },
  {
    name: 'single-pte-thp',
    meaning: 'single PTE of a THP (MADV_DONTNEED of the rest)',
    setup: [{ kind: 'anonFaultLarge', proc: 0 }, { kind: 'dontneed', proc: 0, vpage: 1 }],
    range: [0],
  },
  {
    name: 'partial-shared-thp',
    meaning: 'partially shared THP (MADV_DONTFORK of the upper page, fork, child exits, MADV_DOFORK)',
    setup: [
      { kind: 'anonFaultLarge', proc: 0 },
      { kind: 'dontfork', proc: 0, vpage: 1 },
      fork,
      childExits,
      { kind: 'dofork', proc: 0, vpage: 1 },
    ],
    range: [0, 1],
  },
];

/** The pages a case runs on, and whether range-wide calls cover them in one step. */
interface Range {
  readonly pages: readonly number[];
  readonly whole: boolean;
}

interface Case {
  readonly name: string;
  /** cow.c's description of the case. */
  readonly title: string;
  readonly steps: (range: Range) => Steps;
}

const each = (range: Range, f: (vpage: number) => FolioAction) => range.pages.map(f);
/** mprotect() of the range: one call over the PMD range, else page by page. */
const protect = (r: Range, p: 'ro' | 'rw'): Steps => (r.whole ? [{ kind: 'mprotectRange', proc: 0, prot: p }] : each(r, (v) => prot(v, p)));
/** madvise(MADV_DONTNEED) of the range by `proc`. */
const dontneed = (r: Range, proc: number): Steps => (r.whole ? [{ kind: 'dontneedRange', proc }] : each(r, (vpage) => ({ kind: 'dontneed', proc, vpage })));
const mprotectRoRw = (range: Range) => [...protect(range, 'ro'), ...protect(range, 'rw')];
const roPinShared = (fast: boolean) => (r: Range) => [fork, ...each(r, (v) => gup(0, v, 'longterm-ro', fast)), ...each(r, (v) => write(0, v))];
const roPinPrevShared = (fast: boolean) => (r: Range) => [
  fork,
  childExits,
  ...each(r, (v) => gup(0, v, 'longterm-ro', fast)),
  ...each(r, (v) => write(0, v)),
];
const roPinRoExclusive = (fast: boolean) => (r: Range) => [
  ...protect(r, 'ro'),
  ...each(r, (v) => gup(0, v, 'longterm-ro', fast)),
  ...protect(r, 'rw'),
  ...each(r, (v) => write(0, v)),
];
const vmspliceInChild = (mprotect: boolean) => (r: Range) => [
  fork,
  ...each(r, (v) => get(1, v)),
  ...dontneed(r, 1),
  ...(mprotect ? mprotectRoRw(r) : []),
  ...each(r, (v) => write(0, v)),
];

/** cow.c's anon_test_cases[], in its order (the io_uring ones need liburing there). */
export const COW_CASES: readonly Case[] = [
  { name: 'basic', title: 'Basic COW after fork()', steps: (r) => [fork, ...each(r, (v) => write(0, v))] },
  {
    name: 'basic-mprotect',
    title: 'Basic COW after fork() with mprotect() optimization',
    steps: (r) => [fork, ...mprotectRoRw(r), ...each(r, (v) => write(0, v))],
  },
  { name: 'vmsplice-unmap-child', title: 'vmsplice() + unmap in child', steps: vmspliceInChild(false) },
  { name: 'vmsplice-unmap-child-mprotect', title: 'vmsplice() + unmap in child with mprotect() optimization', steps: vmspliceInChild(true) },
  {
    name: 'vmsplice-before-fork-unmap-parent',
    title: 'vmsplice() before fork(), unmap in parent after fork()',
    steps: (r) => [...each(r, (v) => get(0, v)), fork, ...dontneed(r, 0), ...each(r, (v) => write(1, v))],
  },
  {
    name: 'vmsplice-unmap-parent',
    title: 'vmsplice() + unmap in parent after fork()',
    steps: (r) => [fork, ...each(r, (v) => get(0, v)), ...dontneed(r, 0), ...each(r, (v) => write(1, v))],
  },
  {
    name: 'iouring-ro',
    title: 'R/O-mapping a page registered as iouring fixed buffer',
    steps: (r) => [...each(r, (v) => gup(0, v, 'longterm')), ...mprotectRoRw(r), ...each(r, (v) => write(0, v))],
  },
  {
    name: 'iouring-fork',
    title: 'fork() with an iouring fixed buffer',
    steps: (r) => [...each(r, (v) => gup(0, v, 'longterm')), fork, ...each(r, (v) => write(0, v))],
  },
  { name: 'ro-pin-shared', title: 'R/O GUP pin on R/O-mapped shared page', steps: roPinShared(false) },
  { name: 'ro-fast-pin-shared', title: 'R/O GUP-fast pin on R/O-mapped shared page', steps: roPinShared(true) },
  { name: 'ro-pin-previously-shared', title: 'R/O GUP pin on R/O-mapped previously-shared page', steps: roPinPrevShared(false) },
  { name: 'ro-fast-pin-previously-shared', title: 'R/O GUP-fast pin on R/O-mapped previously-shared page', steps: roPinPrevShared(true) },
  { name: 'ro-pin-ro-exclusive', title: 'R/O GUP pin on R/O-mapped exclusive page', steps: roPinRoExclusive(false) },
  { name: 'ro-fast-pin-ro-exclusive', title: 'R/O GUP-fast pin on R/O-mapped exclusive page', steps: roPinRoExclusive(true) },
];

/** Where a historical kernel fails a case: the rule broken, at the first write or the first pin of the case. */
type Failure = { readonly property: string; readonly at: 'write' | 'pin' };
const leakAtWrite: Failure = { property: 'no-private-write-leak', at: 'write' };
const pinLostAtWrite: Failure = { property: 'pin-coherent', at: 'write' };
const sharedPin: Failure = { property: 'pinned-anon-exclusive', at: 'pin' };

/**
 * What cow.c reports on each kernel (the model flags a R/O pin of a page another process maps
 * at the pin, where cow.c sees the unreliable pin at the next write). Today: every case passes.
 */
export const HISTORICAL_FAILURES: Readonly<Record<'kernel-5.7' | 'kernel-5.9', Readonly<Record<string, Failure>>>> = {
  'kernel-5.7': {
    'vmsplice-unmap-child': leakAtWrite,
    'vmsplice-unmap-child-mprotect': leakAtWrite,
    'vmsplice-before-fork-unmap-parent': leakAtWrite,
    'vmsplice-unmap-parent': leakAtWrite,
    'iouring-fork': pinLostAtWrite,
    'ro-pin-shared': sharedPin,
    'ro-fast-pin-shared': sharedPin,
  },
  'kernel-5.9': {
    'iouring-ro': pinLostAtWrite,
    'ro-pin-shared': sharedPin,
    'ro-fast-pin-shared': sharedPin,
    'ro-pin-previously-shared': pinLostAtWrite,
    'ro-fast-pin-previously-shared': pinLostAtWrite,
    'ro-pin-ro-exclusive': pinLostAtWrite,
    'ro-fast-pin-ro-exclusive': pinLostAtWrite,
  },
};

/**
 * Where a PMD-mapped THP differs: up to v5.17 `do_huge_pmd_wp_page` reused by
 * `reuse_swap_page()` (the largest page_mapcount), never by refcount. v5.7 fails what it fails
 * on small pages; v5.9 keeps the vmsplice leaks there, and its lost R/O and io_uring pins (a
 * refcount rule) do not happen: the mapcount rule reuses the pinned THP.
 */
export const PMD_HISTORICAL_FAILURES: typeof HISTORICAL_FAILURES = {
  'kernel-5.7': HISTORICAL_FAILURES['kernel-5.7'],
  'kernel-5.9': {
    'vmsplice-unmap-child': leakAtWrite,
    'vmsplice-unmap-child-mprotect': leakAtWrite,
    'vmsplice-before-fork-unmap-parent': leakAtWrite,
    'vmsplice-unmap-parent': leakAtWrite,
    'ro-pin-shared': sharedPin,
    'ro-fast-pin-shared': sharedPin,
  },
};

const isPin = (a: FolioAction) => a.kind === 'gup' || a.kind === 'gupFast';

/** The pass check: where both processes map an address of the range, they map different pages. */
function noSharedWritablePage(range: readonly number[]) {
  return (s: Immutable<FolioState>) => {
    for (const vpage of range) {
      const [p0, p1] = [leafOf(s, 0, vpage), leafOf(s, 1, vpage)];
      if (p0 && p1 && p0.folio === p1.folio && p0.page === p1.page) return `P0 and P1 both map folio ${p0.folio} page ${p0.page} at vpage ${vpage} after the writes`;
    }
    return undefined;
  };
}

function cell(c: Case, b: Backing, kernel?: keyof typeof HISTORICAL_FAILURES): Scenario<FolioState, FolioAction, FolioKnobs> {
  const body = c.steps({ pages: b.range, whole: b.whole === true });
  const steps = [...b.setup, ...body];
  const table = b.name === 'pmd-thp' ? PMD_HISTORICAL_FAILURES : HISTORICAL_FAILURES;
  const failure = kernel === undefined ? undefined : table[kernel][c.name];
  const suffix = kernel === undefined ? '' : `-${kernel}`;
  const base = { name: `cow-${c.name}-${b.name}${suffix}`, meaning: `cow.c "${c.title}" on a ${b.meaning}`, steps };
  const withVariant = kernel === undefined ? base : { ...base, variant: kernel };
  if (failure === undefined) {
    return { ...withVariant, expect: { kind: 'final', meaning: 'no leak, every pin coherent', check: noSharedWritablePage(b.range) } };
  }
  const first = body.findIndex(failure.at === 'pin' ? isPin : (a) => a.kind === 'write');
  return { ...withVariant, expect: { kind: 'violates', property: failure.property, atStep: b.setup.length + first + 1 } };
}

/** Every case x backing for today's kernel, then for v5.7 and v5.9 (v5.11 has v5.9's rules). */
export const cowSelftestScenarios: readonly Scenario<FolioState, FolioAction, FolioKnobs>[] = [undefined, 'kernel-5.7' as const, 'kernel-5.9' as const].flatMap(
  (kernel) => COW_CASES.flatMap((c) => COW_BACKINGS.map((b) => cell(c, b, kernel))),
);
