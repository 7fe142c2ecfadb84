import type { FinalCheck, StepPlan, StepView, TriggerPlanner, TriggerTable } from './plan.ts';

/**
 * The folio model's steps in user space (tools/testing/selftests/mm/cow.c style). Only the
 * fields read here are typed: the model may grow kinds and fields, and a kind not in the
 * table falls back to "no user-space trigger".
 */
interface Held {
  readonly kind: 'held';
  readonly flavor: string;
  readonly owner: number;
  readonly vpage: number;
}
interface FolioView {
  readonly gups: readonly ({ readonly kind: string } | Held)[];
}
type Fields = Readonly<Record<string, unknown>>;

const num = (a: Fields, field: string) => Number(a[field]);
const ANON_VPAGES = 2;

/** The slot a GUP step filled: the first that was not held before and is after. */
function filledSlot(step: StepView): number | undefined {
  const before = (step.before as FolioView).gups;
  const after = (step.after as FolioView).gups;
  const slot = after.findIndex((g, i) => g.kind === 'held' && before[i]?.kind !== 'held');
  return slot < 0 ? undefined : slot;
}

export const folioTriggers: TriggerTable = {
  triggers: {
    anonFault: 'a store to the untouched anon page (do_anonymous_page)',
    fileFault: 'a load from the MAP_SHARED memfd page (filemap_fault)',
    write: 'a store (do_wp_page when write-protected)',
    fork: 'fork(); the child then runs its steps on command',
    gup: 'FOLL_GET: vmsplice() into a pipe; FOLL_PIN|FOLL_WRITE and FOLL_LONGTERM: io_uring buffer registration',
    release: 'reading the vmsplice pipe empty / unregistering the io_uring buffer',
    dontneed: 'madvise(MADV_DONTNEED)',
    dontfork: 'madvise(MADV_DONTFORK)',
    munmap: 'munmap()',
    exit: 'the child exits (P1 only; P0 is the test itself)',
    pagecacheAdd: 'pwrite() into the memfd',
    truncate: 'ftruncate() the memfd to 0 and back',
  },
  planner: () => new FolioPlanner(),
};

interface SlotRecord {
  readonly flavor: 'get' | 'pin';
  readonly owner: number;
  readonly vpage: number;
  readonly taken: number;
}

class FolioPlanner implements TriggerPlanner {
  private readonly slots = new Map<number, SlotRecord>();
  /** Private stores after each step, for the vmsplice checks: step, process, anon vpage. */
  private readonly stores: { step: number; proc: number; vpage: number }[] = [];
  private childAlive = false;

  /** Markers a vmsplice reference of `slot` must never show: stores by another process after it was taken. */
  private forbidden(record: SlotRecord): number[] {
    if (record.vpage >= ANON_VPAGES) return []; // MAP_SHARED: every process's store is meant to show
    return this.stores.filter((s) => s.step > record.taken && s.proc !== record.owner && s.vpage === record.vpage).map((s) => s.step + 1);
  }

  private checkCode(slot: number, record: SlotRecord): string[] {
    const bad = this.forbidden(record);
    return [`static const unsigned char bad[] = { 0${bad.map((b) => `, ${b}`).join('')} };`, `return check_pipe(${slot}, bad + 1, ${bad.length});`];
  }

  plan(step: StepView): StepPlan {
    const a = step.action as unknown as Fields;
    const proc = num(a, 'proc');
    const store = (vpage: number): StepPlan => {
      if (vpage < ANON_VPAGES) this.stores.push({ step: step.index, proc, vpage });
      return { kind: 'user', proc, code: [`memset(page_addr(${vpage}), ${step.index + 1}, ps);`, 'return STEP_OK;'] };
    };
    switch (step.action.kind) {
      case 'anonFault':
        return store(num(a, 'vpage'));
      case 'write':
        return store(num(a, 'vpage'));
      case 'fileFault':
        return { kind: 'user', proc, code: ['(void)*(volatile char *)page_addr(2);', 'return STEP_OK;'] };
      case 'fork':
        this.childAlive = true;
        return { kind: 'fork' };
      case 'get':
      // io_uring and vmsplice take the fast path first, so GUP-fast has the same triggers
      case 'gupFast':
      case 'gup': {
        const slot = filledSlot(step);
        const vpage = num(a, 'vpage');
        const flavor = step.action.kind === 'get' ? 'get' : String(a.flavor);
        if (slot === undefined) return { kind: 'kernel', what: 'the GUP backs off in this design (no reference taken)' };
        if (flavor === 'get') {
          this.slots.set(slot, { flavor: 'get', owner: proc, vpage, taken: step.index });
          return { kind: 'user', proc, code: [`return vmsplice_get(${slot}, page_addr(${vpage}));`] };
        }
        if (flavor === 'pin-rw' || flavor === 'longterm') {
          this.slots.set(slot, { flavor: 'pin', owner: proc, vpage, taken: step.index });
          return { kind: 'user', proc, code: [`return io_uring_pin(${slot}, page_addr(${vpage}));`] };
        }
        return {
          kind: 'kernel',
          what: 'a R/O FOLL_PIN of the page',
          provoke: 'no unprivileged trigger; with CONFIG_GUP_TEST, PIN_LONGTERM_TEST_START on /sys/kernel/debug/gup_test (as selftests/mm/cow.c)',
        };
      }
      case 'release': {
        const slot = num(a, 'slot');
        const record = this.slots.get(slot);
        this.slots.delete(slot);
        if (record === undefined) return { kind: 'kernel', what: 'release a reference taken without a user-space trigger' };
        if (record.flavor === 'pin') return { kind: 'user', proc: record.owner, code: [`return io_uring_unpin(${slot});`] };
        return { kind: 'user', proc: record.owner, code: this.checkCode(slot, record) };
      }
      case 'mprotect': {
        const prot = a.prot === 'ro' ? 'PROT_READ' : 'PROT_READ | PROT_WRITE';
        return { kind: 'user', proc, code: [`if (mprotect(page_addr(${num(a, 'vpage')}), ps, ${prot})) return fail_errno("mprotect");`, 'return STEP_OK;'] };
      }
      case 'dofork':
        return { kind: 'user', proc, code: [`if (madvise(page_addr(${num(a, 'vpage')}), ps, MADV_DOFORK)) return fail_errno("madvise(MADV_DOFORK)");`, 'return STEP_OK;'] };
      case 'dontneed':
        return { kind: 'user', proc, code: [`if (madvise(page_addr(${num(a, 'vpage')}), ps, MADV_DONTNEED)) return fail_errno("madvise(MADV_DONTNEED)");`, 'return STEP_OK;'] };
      case 'dontfork':
        return { kind: 'user', proc, code: [`if (madvise(page_addr(${num(a, 'vpage')}), ps, MADV_DONTFORK)) return fail_errno("madvise(MADV_DONTFORK)");`, 'return STEP_OK;'] };
      case 'munmap':
        return { kind: 'user', proc, code: [`if (munmap(page_addr(${num(a, 'vpage')}), ps)) return fail_errno("munmap");`, 'return STEP_OK;'] };
      case 'exit':
        if (proc === 1) {
          this.childAlive = false;
          for (const [slot, r] of this.slots) if (r.owner === 1) this.slots.delete(slot); // exit drops them
          return { kind: 'exit-child' };
        }
        return { kind: 'kernel', what: 'P0 exits', provoke: 'P0 is the test itself: run the sequence in a child of the test to reproduce it' };
      case 'pagecacheAdd':
        return { kind: 'user', proc: 0, code: ['memset(scratch, 0x5a, ps);', 'if (pwrite(memfd, scratch, ps, 0) != (ssize_t)ps) return fail_errno("pwrite");', 'return STEP_OK;'] };
      case 'truncate':
        return { kind: 'user', proc: 0, code: ['if (ftruncate(memfd, 0) || ftruncate(memfd, ps)) return fail_errno("ftruncate");', 'return STEP_OK;'] };
      case 'migrate':
        return {
          kind: 'kernel',
          what: 'migrate_pages() of the folio (freeze at the expected refcount)',
          provoke: 'move_pages(2) or mbind(MPOL_MF_MOVE) to another NUMA node, or compaction: echo 1 > /proc/sys/vm/compact_memory',
        };
      case 'deviceWrite':
        return {
          kind: 'kernel',
          what: 'a device DMA write through the pinned page',
          provoke: 'for an io_uring fixed buffer, an IORING_OP_READ_FIXED from a file into it',
        };
      case 'anonFaultLarge':
        return {
          kind: 'kernel',
          what: 'an order-1 anon folio over two pages',
          provoke: 'only where an 8 KiB mTHP size exists (hugepages-8kB/enabled under /sys/kernel/mm/transparent_hugepage)',
        };
      case 'anonFaultHuge':
        return {
          kind: 'kernel',
          what: 'a PMD-mapped THP over the two anon pages (do_huge_pmd_anonymous_page)',
          provoke: 'the model scales a PMD to two pages: rerun on a 2 MiB-aligned MADV_HUGEPAGE area, cow.c style, touching every page',
        };
      default:
        return { kind: 'kernel', what: `a '${step.action.kind}' step`, provoke: 'no user-space trigger known to this reproducer' };
    }
  }

  finalChecks(): readonly FinalCheck[] {
    return [...this.slots.entries()]
      .filter(([, r]) => r.flavor === 'get' && (r.owner === 0 || this.childAlive))
      .map(([slot, r]) => ({
        proc: r.owner,
        text: `the vmsplice reference of P${r.owner} (gup ${slot}) shows no other process's later store`,
        code: this.checkCode(slot, r),
      }));
  }
}
