// The two places an export goes: a buffer that becomes a chat file, and a Node stream (a file or stdout) that
// is written with back-pressure, so the CLI's memory stays flat however many rows there are.
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { CsvSink } from "./csv-stream.js";

export function memorySink(): CsvSink & { bytes(): Uint8Array } {
  const parts: Uint8Array[] = [];
  let size = 0;
  return {
    write(bytes) {
      parts.push(bytes);
      size += bytes.byteLength;
    },
    bytes() {
      const all = new Uint8Array(size);
      let at = 0;
      for (const part of parts) {
        all.set(part, at);
        at += part.byteLength;
      }
      return all;
    },
  };
}

export function streamSink(out: Writable): CsvSink {
  return {
    async write(bytes) {
      // A full buffer means the reader (a pipe, a slow disk) is behind: wait for it instead of queueing rows.
      if (!out.write(bytes)) await once(out, "drain");
    },
  };
}
