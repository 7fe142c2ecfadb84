/** A grown-on-demand Int32Array queue of packed states. */
export class CodeQueue {
  data = new Int32Array(1 << 14);
  length = 0;
  push(code: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = code;
  }
}
