// Words of an import in chat: started, progress (one message updated in place), and the summary.
import type { Block, OutgoingMessage } from "../chat/message.js";
import { message } from "../chat/message.js";
import { type Locale, type MessageKey, t } from "../domain/i18n.js";
import type { ImportProgress, ImportSummary } from "./service.js";

const count = (n: number) => n.toLocaleString("en-US");
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function renderImportStarted(fileName: string, locale: Locale): OutgoingMessage {
  return message([{ type: "section", text: `⏳ ${t(locale, "import.started", { file: fileName })}` }]);
}

export function renderImportProgress(fileName: string, p: ImportProgress, locale: Locale): OutgoingMessage {
  if (p.phase === "writing")
    return message([
      { type: "section", text: `⏳ ${t(locale, "import.writing", { file: fileName, rows: count(p.rowsRead) })}` },
    ]);
  // Reading and writing overlap: rows read by the worker, and rows already written while it reads on.
  if (p.rowsWritten !== undefined)
    return message([
      {
        type: "section",
        text: `⏳ ${t(locale, "import.staging", { file: fileName, rows: count(p.rowsRead), written: count(p.rowsWritten), size: megabytes(p.totalBytes ?? 0) })}`,
      },
    ]);
  const share =
    p.totalBytes && p.bytesRead !== null ? Math.min(99, Math.floor((p.bytesRead / p.totalBytes) * 100)) : null;
  const bar =
    share === null
      ? ""
      : `${"▓".repeat(Math.round(share / 10))}${"░".repeat(10 - Math.round(share / 10))} ${share}% · `;
  return message([
    {
      type: "section",
      text: `⏳ ${t(locale, "import.progress", { file: fileName, bar, rows: count(p.rowsRead), read: megabytes(p.bytesRead ?? p.totalBytes ?? 0) })}`,
    },
  ]);
}

export function renderImportSummary(s: ImportSummary, locale: Locale): OutgoingMessage {
  if (s.duplicateOf) {
    return message([
      {
        type: "section",
        text: `ℹ️ ${t(locale, "import.duplicate", { file: s.fileName, at: s.duplicateOf.at.toISOString().slice(0, 16).replace("T", " "), shop: s.shop.name })}`,
      },
    ]);
  }
  const blocks: Block[] = [
    { type: "header", text: `✅ ${t(locale, "import.done_title", { file: s.fileName })}` },
    {
      type: "section",
      text: t(locale, "import.done", {
        kind: t(locale, `import.kind.${s.kind}` as MessageKey),
        shop: s.shop.name,
        read: count(s.rowsRead),
        imported: count(s.imported),
        created: count(s.created),
        updated: count(s.updated),
        skipped: count(s.skipped),
      }),
    },
  ];
  if (s.dates) {
    blocks.push({
      type: "section",
      text: t(locale, "import.dates", { from: s.dates.from, to: s.dates.to, facts: count(s.facts) }),
    });
  }
  if (s.skips.length) {
    const lines = s.skips.slice(0, 10).map((k) => t(locale, "import.skip_line", { line: k.line, reason: k.reason }));
    const more = s.skipped > 10 ? `\n${t(locale, "import.skips_more", { count: count(s.skipped - 10) })}` : "";
    blocks.push({ type: "section", text: `${t(locale, "import.skips_title")}\n${lines.join("\n")}${more}` });
  }
  const notes = [
    ...s.notes,
    ...(s.missingRates.length
      ? [t(locale, "import.missing_rates", { list: s.missingRates.slice(0, 5).join(", ") })]
      : []),
    ...(s.unknownCreators.length
      ? [t(locale, "import.unknown_creators", { list: s.unknownCreators.map((h) => `@${h}`).join(", ") })]
      : []),
  ];
  if (notes.length) blocks.push({ type: "context", text: notes.join("\n") });
  return message(blocks);
}
