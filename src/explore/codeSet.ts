/**
 * The visited set of the packed search (`packed.ts`): the states' codes themselves, integers
 * 0..2^31-1, in an open-addressing Int32Array table (-1 marks an empty slot; linear probing,
 * grown at half load). Four bytes a slot, half what `VisitedSet`'s fingerprints take, so twice
 * the states fit in the processor's caches: a search is mostly misses in this table.
 */
export class CodeSet {
  private table: Int32Array;
  // 32 slots at first, so that it grows before the search is optimised (as `CodeQueue`)
  private bits = 5;
  private count = 0;

  constructor() {
    this.table = new Int32Array(1 << this.bits).fill(-1);
  }

  /** How many codes the set holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes the table takes. */
  get bytes(): number {
    return this.table.byteLength;
  }

  /** Add a code (0..2^31-1); true when it was new. */
  add(code: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    // Fibonacci hashing: the product's top bits mix every bit of the code
    let slot = Math.imul(code, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const at = table[slot]!;
      if (at === code) return false;
      if (at === -1) break;
      slot = (slot + 1) & mask;
    }
    table[slot] = code;
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  /**
   * Read the slot each of `codes[0..count)` hashes to, and nothing else: loads that do not
   * wait for one another, so their cache misses overlap, and the `add`s after them hit.
   */
  touch(codes: Int32Array, count: number): void {
    const table = this.table;
    const shift = 32 - this.bits;
    let sum = 0;
    for (let i = 0; i < count; i++) sum ^= table[Math.imul(codes[i]!, 0x9e3779b1) >>> shift]!;
    this.touched = sum;
  }

  /** What `touch` read, kept so that its loads are not optimised away. */
  touched = 0;

  private grow(): void {
    const old = this.table;
    this.bits++;
    const table = (this.table = new Int32Array(1 << this.bits).fill(-1));
    const mask = table.length - 1;
    for (let i = 0; i < old.length; i++) {
      const code = old[i]!;
      if (code === -1) continue;
      let slot = Math.imul(code, 0x9e3779b1) >>> (32 - this.bits);
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = code;
    }
  }
}
