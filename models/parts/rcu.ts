import type { Draft } from '../../src/index.ts';

/**
 * RCU as state. A reader thread is inside a read-side section or not; each `rcu_read_lock`
 * starts a new section (its number goes up), so a grace period can tell "still in the section
 * that was open when I started" from "left and came back".
 */
export interface RcuReader {
  readonly inside: boolean;
  /** Counts the sections this reader has entered. */
  readonly section: number;
}

/** A grace period in progress: the sections it must outlive. */
export interface GracePeriod {
  readonly waitsFor: readonly { readonly reader: number; readonly section: number }[];
}

export function rcuReaders(count: number): RcuReader[] {
  return Array.from({ length: count }, () => ({ inside: false, section: 0 }));
}

/** `rcu_read_lock()` */
export function rcuReadLock(readers: Draft<RcuReader[]>, reader: number): void {
  const r = readers[reader]!;
  r.inside = true;
  r.section += 1;
}

/** `rcu_read_unlock()` */
export function rcuReadUnlock(readers: Draft<RcuReader[]>, reader: number): void {
  readers[reader]!.inside = false;
}

/** `synchronize_rcu()` begins (or `call_rcu()` queues): it waits for every open section. */
export function startGracePeriod(readers: readonly RcuReader[]): { waitsFor: { reader: number; section: number }[] } {
  const waitsFor: { reader: number; section: number }[] = [];
  for (let reader = 0; reader < readers.length; reader++) {
    const r = readers[reader]!;
    if (r.inside) waitsFor.push({ reader, section: r.section });
  }
  return { waitsFor };
}

/** The grace period has elapsed once every section it waits for has ended. */
export function gracePeriodElapsed(readers: readonly RcuReader[], gp: GracePeriod): boolean {
  // a plain loop: guards ask this on every state
  for (const w of gp.waitsFor) {
    const r = readers[w.reader]!;
    if (r.inside && r.section === w.section) return false;
  }
  return true;
}
