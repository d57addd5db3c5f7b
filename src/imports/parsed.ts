// What the importer reads from a parsed export: rows already normalised (orders as OrderLine, the other exports as
// keyed records), or a skipped row with its line and reason. The parsers in formats/ produce it.
import type { OrderLine } from "./order-line.js";

export type ExportKind = "orders" | "affiliate_creators" | "affiliate_videos" | "live_sessions" | "settlements";

export interface ParseOptions {
  kind?: ExportKind;
  /** How to read "03/04/2026": day first (most markets) or month first (US). Sniffed from the file when absent. */
  dateOrder?: "DMY" | "MDY";
  /** The shop's market (ID, TH, US...): the day/month fallback and the local words to expect. */
  market?: string;
  /** The shop's currency, for money cells without one. */
  currency?: string;
}

/** A row of one of the other exports, stored by its natural key (see ImportedRecord). */
export interface RecordRow {
  line: number;
  kind: "affiliate_creator" | "affiliate_video" | "live_session" | "settlement";
  naturalKey: string;
  /** The shop-local day it belongs to (a video's post date, a LIVE's start), when it has one. */
  localDate: string | null;
  /** The creator it is about, lower-case handle without "@". */
  creatorHandle: string | null;
  /** Normalised fields (money as decimal strings, durations in seconds, counts as numbers). */
  data: Record<string, string | number | null>;
}

export type ParsedItem = { order: OrderLine } | { record: RecordRow } | { line: number; skip: string };

export interface ParsedExport {
  kind: ExportKind;
  items: AsyncIterable<ParsedItem>;
  /** What the parser decided that a person should know ("dates read as day/month: 31/05/2024 on line 3"). */
  notes?: string[];
  /** How many items there are, when the file was read to its end before the import (parse-in-worker.ts). */
  rowCount?: number;
  /** Releases what the parse holds (the worker's spool file); called once the import is done with the items. */
  dispose?: () => Promise<void>;
}
