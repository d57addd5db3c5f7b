// One export, from the database to a sink: the same rows and bytes whether a chat file or the CLI asked.
import { CREATOR_COLUMNS, FACT_COLUMNS, LOG_COLUMNS } from "./columns.js";
import { type CsvResult, type CsvSink, streamCsv } from "./csv-stream.js";
import type { ExportRepository } from "./repository.js";
import type { DateRange, ExportKind, ExportScope } from "./types.js";

export interface ExportJob {
  kind: ExportKind;
  scope: ExportScope;
  /** Local dates for facts and logs; creators are exported as they are now. */
  range: DateRange | null;
}

export function writeExport(
  repo: ExportRepository,
  job: ExportJob,
  sink: CsvSink,
  options: { maxBytes?: number } = {},
): Promise<CsvResult> {
  switch (job.kind) {
    case "facts":
      return streamCsv(FACT_COLUMNS, repo.factPages(job.scope, rangeOf(job)), sink, options);
    case "logs":
      return streamCsv(LOG_COLUMNS, repo.logPages(job.scope, rangeOf(job)), sink, options);
    case "creators":
      return streamCsv(CREATOR_COLUMNS, repo.creatorPages(job.scope), sink, options);
  }
}

function rangeOf(job: ExportJob): DateRange {
  if (!job.range) throw new Error(`an export of ${job.kind} needs a date range`);
  return job.range;
}
