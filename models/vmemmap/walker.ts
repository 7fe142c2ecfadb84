import type { Draft } from '../../src/index.ts';
import { rcuReadLock, rcuReadUnlock } from '../parts/rcu.ts';
import { isFakeHead, readStructPage, writeStructPage } from './structPages.ts';
import type { VmemmapState } from './state.ts';

type S = Draft<VmemmapState>;

/**
 * A speculative PFN walker's `get_page_unless_zero()` as the fixed kernel has it: under
 * `rcu_read_lock()`, read the refcount first, then the fake-head check (`page_count_writable`),
 * then the atomic read-modify-write, which writes even when its compare fails.
 */
export function walkerStep(d: S, step: 'lock' | 'readRef' | 'fakeCheck' | 'atomic' | 'put' | 'unlock', pfn: number): void {
  const w = d.walker;
  switch (step) {
    case 'lock':
      rcuReadLock(d.rcu, 0);
      d.walker = { pc: 'loaded', pfn };
      return;
    case 'readRef': {
      if (w.pc !== 'loaded') return;
      const seen = readStructPage(d, w.pfn)?.refcount ?? 0;
      d.walker = seen === 0 ? { pc: 'done' } : { pc: 'ref-read', pfn: w.pfn, seen };
      return;
    }
    case 'fakeCheck':
      if (w.pc !== 'ref-read') return;
      if (isFakeHead(d, w.pfn)) {
        d.seen.walkerSawFakeHead = true;
        d.walker = { pc: 'done' };
      } else {
        d.walker = { pc: 'checked', pfn: w.pfn, seen: w.seen };
      }
      return;
    case 'atomic': {
      if (w.pc !== 'checked') return;
      let took = false;
      writeStructPage(d, w.pfn, 'get_page_unless_zero', (p) => {
        if (p.refcount === w.seen) {
          p.refcount++;
          took = true;
        }
      });
      d.walker = took ? { pc: 'got', pfn: w.pfn } : { pc: 'done' };
      return;
    }
    case 'put':
      if (w.pc !== 'got') return;
      writeStructPage(d, w.pfn, 'put_page', (p) => {
        p.refcount--;
      });
      d.walker = { pc: 'done' };
      return;
    case 'unlock':
      rcuReadUnlock(d.rcu, 0);
      d.walker = { pc: 'idle' };
      return;
  }
}
