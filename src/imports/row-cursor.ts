// Row-at-a-time reading over a stream of row batches, for the header search and date sniffing at the start of a
// file, after which the rest is handed on in batches (a promise per batch, not per row, on the hot path).
import type { RawRow } from "./raw-row.js";

export class RowCursor {
  private batch: RawRow[] = [];
  private index = 0;
  private done = false;

  constructor(private readonly batches: AsyncGenerator<RawRow[]>) {}

  async next(): Promise<RawRow | null> {
    while (this.index >= this.batch.length) {
      if (this.done) return null;
      const next = await this.batches.next();
      if (next.done) {
        this.done = true;
        return null;
      }
      this.batch = next.value;
      this.index = 0;
    }
    return this.batch[this.index++] as RawRow;
  }

  /** `before` first, then every row not yet read, in batches; closes the source when done or abandoned. */
  async *rest(before: RawRow[] = []): AsyncGenerator<RawRow[]> {
    try {
      const first = [...before, ...this.batch.slice(this.index)];
      this.batch = [];
      if (first.length > 0) yield first;
      if (!this.done) yield* this.batches;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.done = true;
    await this.batches.return(undefined);
  }
}
