// The importer's contract (parsed.ts) on top of parseExport: every kind, CSV and XLSX.
import { UserError } from "../domain/errors.js";
import { ExportError } from "./errors.js";
import { type ExportItem, parseExport } from "./export-parser.js";
import type { AffiliateCreatorStats } from "./formats/affiliate-creators.js";
import type { AffiliateVideoStats } from "./formats/affiliate-videos.js";
import type { LiveSession } from "./formats/live-sessions.js";
import type { SettlementLine } from "./formats/settlements.js";
import type { ExportKind, ExportRecords } from "./kinds.js";
import type { OrderLine } from "./order-line.js";
import type { ParsedExport, ParsedItem, ParseOptions, RecordRow } from "./parsed.js";

const DATE_ORDER_NOTES = {
  override: (o: string) => `Dates read as ${words(o)}, as asked.`,
  file: (o: string) => `Dates read as ${words(o)}: the file's own dates say so.`,
  am_pm: (o: string) => `Dates read as ${words(o)}: every date fits both ways, and AM/PM times are the US layout.`,
  market: (o: string) => `Dates read as ${words(o)}: every date fits both ways, so the shop's market decided.`,
};

function words(order: string): string {
  return order === "DMY" ? "day/month/year" : "month/day/year";
}

export async function parseExportForImport(path: string, options: ParseOptions): Promise<ParsedExport> {
  let parsed: Awaited<ReturnType<typeof parseExport>>;
  try {
    parsed = await parseExport(path, {
      ...(options.kind && { kind: options.kind }),
      ...(options.dateOrder && { dateOrder: options.dateOrder }),
      // The shop's settings may hold values the parser's option checks refuse ("" or a market name): pass only
      // what it can use.
      ...(options.market && /^[A-Za-z]{2}$/.test(options.market) && { market: options.market }),
      ...(options.currency && /^[A-Za-z]{3}$/.test(options.currency) && { currency: options.currency }),
    });
  } catch (err) {
    if (err instanceof ExportError) throw new UserError("import.not_an_export", { detail: err.message });
    throw err;
  }
  const notes: string[] = [];
  const { order, source } = parsed.dateOrder;
  if (order && source !== "not_needed") notes.push(DATE_ORDER_NOTES[source](order));
  const kind = parsed.kind;
  const records = parsed.records as AsyncIterable<ExportItem<ExportRecords[ExportKind]>>;
  async function* items(): AsyncGenerator<ParsedItem> {
    for await (const item of records) {
      // The description row under the header is part of the format, not a row someone needs to hear about.
      if (item.type === "skipped") {
        if (item.reason !== "description row") yield { line: item.line, skip: item.reason };
      } else if (kind === "orders") yield { order: item.record as OrderLine };
      else yield { record: toRecordRow(kind, item.record) };
    }
  }
  return { kind, items: items(), notes };
}

function toRecordRow(kind: Exclude<ExportKind, "orders">, record: ExportRecords[ExportKind]): RecordRow {
  switch (kind) {
    case "affiliate_creators": {
      const { line, creatorHandle, ...data } = record as AffiliateCreatorStats;
      return {
        line,
        kind: "affiliate_creator",
        naturalKey: `${creatorHandle}|${data.periodStart ?? ""}|${data.periodEnd ?? ""}`,
        // A one-day report belongs to that day; a longer range to no single day.
        localDate: data.periodStart !== null && data.periodStart === data.periodEnd ? data.periodStart : null,
        creatorHandle,
        data,
      };
    }
    case "affiliate_videos": {
      const { line, key, creatorHandle, ...data } = record as AffiliateVideoStats;
      return { line, kind: "affiliate_video", naturalKey: key, localDate: data.postDate, creatorHandle, data };
    }
    case "live_sessions": {
      const { line, key, creatorHandle, ...data } = record as LiveSession;
      return {
        line,
        kind: "live_session",
        naturalKey: key,
        localDate: data.startedAt.slice(0, 10),
        creatorHandle,
        data,
      };
    }
    case "settlements": {
      const { line, ...data } = record as SettlementLine;
      return {
        line,
        kind: "settlement",
        naturalKey: `${data.id}|${data.type}`,
        localDate: (data.settledAt ?? data.createdAt)?.slice(0, 10) ?? null,
        creatorHandle: null,
        data,
      };
    }
  }
}
