// The reply to /export: how many rows, of what, for which period and scope, the file itself, and, when the file
// had to stop at the chat cap, how many rows were left out and the CLI command that writes them all.
import { Decimal } from "decimal.js";
import { type Block, message, type OutgoingMessage } from "../chat/message.js";
import { formatDay } from "../domain/day-format.js";
import { type Locale, t } from "../domain/i18n.js";
import { formatNumber } from "../domain/numbers.js";
import { spanNotes } from "../freshness/render.js";
import type { ChatExport } from "./service.js";
import type { ExportScope } from "./types.js";

const count = (n: number, locale: Locale) => formatNumber(new Decimal(n), { locale, unit: "count" });

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;

export function scopeLabel(scope: ExportScope, locale: Locale): string {
  if (scope.kind === "member") return `@${scope.handle}`;
  if (scope.kind === "team") return t(locale, "export.scope_team", { team: scope.slug });
  return t(locale, "export.scope_all");
}

export function renderExport(result: ChatExport, locale: Locale): OutgoingMessage {
  const params = {
    what: t(locale, `export.kind.${result.kind}`),
    period: result.period
      ? locale === "zh"
        ? result.period.labelZh
        : result.period.labelEn
      : t(locale, "export.as_of", { date: result.asOf }),
    scope: scopeLabel(result.scope, locale),
  };
  // Exports are private: an ephemeral reply, and on Slack the file goes to the member's DM.
  if (!result.file) {
    return message([{ type: "section", text: `📭 ${t(locale, "export.none", params)}` }], { ephemeral: true });
  }
  const blocks: Block[] = [
    { type: "section", text: `📤 ${t(locale, "export.done", { ...params, rows: count(result.rows, locale) })}` },
  ];
  if (result.truncated) {
    blocks.push({
      type: "section",
      text: `✂️ ${t(locale, "export.cut", {
        rows: count(result.rows, locale),
        total: count(result.total, locale),
        limit: size(result.limitBytes),
        command: result.cliCommand,
      })}`,
    });
  }
  if (result.span && (result.span.notInYet || result.span.behind.length)) {
    blocks.push({
      type: "context",
      text: [
        t(locale, "export.complete_through", { date: formatDay(result.span.through, locale) }),
        ...spanNotes(result.span, locale, undefined, result.scope.kind === "workspace"),
      ].join("\n"),
    });
  }
  blocks.push({ type: "context", text: `${result.file.name} · ${t(locale, "export.csv_note")}` });
  return message(blocks, { ephemeral: true, files: [result.file] });
}
