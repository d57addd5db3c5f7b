// What the parse worker (parse-worker.ts) and its parent (parse-in-worker.ts) say to each other, and how many rows
// may be in flight between them.
import type { MessageKey } from "../domain/i18n.js";
import type { ExportKind } from "./kinds.js";
import type { ParsedItem } from "./parsed.js";

/**
 * Rows per message: one structured clone per thousand rows keeps the per-message cost negligible, and a batch is
 * still small (about 0.5 MB of order lines), so the first rows reach the database at once.
 */
export const BATCH_ITEMS = 1000;
/**
 * Batches sent and not yet written by the parent: enough that neither thread waits for the other in the steady
 * state, few enough that the rows in flight stay a few MB whatever the file's size.
 */
export const MAX_BATCHES_IN_FLIGHT = 8;

/** What the worker posts: the kind once the header is read, rows in batches, then one outcome. */
export type WorkerReply =
  | { type: "start"; kind: ExportKind }
  /** `rows`: rows read so far, this batch included. */
  | { type: "items"; items: ParsedItem[]; rows: number }
  | { type: "done"; notes: string[]; rows: number }
  | { type: "refused"; key: MessageKey; params: Record<string, string | number>; example: string | null }
  | { type: "failed"; message: string };

/** What the parent posts: one credit per batch it has written (the worker may then send another). */
export type ParentMessage = { type: "credit" };
