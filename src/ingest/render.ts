// Chat replies of /ingest: a new token (shown once), the token list, and the API's help with a curl example.
import { DateTime } from "luxon";
import { type Block, message, type OutgoingMessage } from "../chat/message.js";
import { type Locale, t } from "../domain/i18n.js";
import { CSV_HEADER } from "./csv.js";
import { INGEST_PATH } from "./routes.js";
import type { StoredToken } from "./token-repository.js";
import type { TokenView } from "./token-service.js";

/** A request that works as typed once the host and token are filled in. */
export function curlExample(token = "stk_…"): string {
  const body = JSON.stringify({
    facts: [
      { date: "2026-11-20", metric: "gmv_gross", shop: "7495000000000000101", value: "1250.50", currency: "USD" },
      { date: "2026-11-20", metric: "orders", team: "ID-beauty", value: "37", contentType: "live" },
    ],
  });
  return [
    `curl -X POST https://<your host>${INGEST_PATH}`,
    `  -H "Authorization: Bearer ${token}"`,
    '  -H "Idempotency-Key: erp-2026-11-20-1"',
    '  -H "Content-Type: application/json"',
    `  -d '${body}'`,
  ].join(" \\\n");
}

const at = (date: Date, zone: string) => DateTime.fromJSDate(date).setZone(zone).toFormat("yyyy-MM-dd HH:mm");

export function renderHelp(locale: Locale): OutgoingMessage {
  return message(
    [
      { type: "header", text: t(locale, "ingest.help_title") },
      { type: "section", text: t(locale, "ingest.help_intro", { path: INGEST_PATH }) },
      { type: "section", text: `\`\`\`\n${curlExample()}\n\`\`\`` },
      { type: "context", text: t(locale, "ingest.help_csv", { columns: CSV_HEADER }) },
      { type: "context", text: t(locale, "ingest.help_complete") },
    ],
    { ephemeral: true },
  );
}

// Ephemeral: the token is for the admin who asked, and for nobody else in the channel.
export function renderCreated(token: string, stored: StoredToken, locale: Locale): OutgoingMessage {
  return message(
    [
      { type: "header", text: t(locale, "ingest.token_created_title", { name: stored.name }) },
      { type: "section", text: `\`${token}\`` },
      { type: "section", text: t(locale, "ingest.token_created") },
      { type: "context", text: t(locale, "ingest.token_use", { path: INGEST_PATH, prefix: stored.prefix }) },
      { type: "section", text: `\`\`\`\n${curlExample(token)}\n\`\`\`` },
    ],
    { ephemeral: true },
  );
}

export function renderTokenList(tokens: TokenView[], locale: Locale, zone: string): OutgoingMessage {
  if (tokens.length === 0)
    return message([{ type: "section", text: t(locale, "ingest.no_tokens") }], { ephemeral: true });
  const line = (token: TokenView) =>
    t(locale, "ingest.token_line", {
      prefix: token.prefix,
      name: token.name,
      created: at(token.createdAt, zone),
      by: token.createdBy ? `@${token.createdBy}` : "?",
      used: token.lastUsedAt
        ? t(locale, "ingest.last_used", { at: at(token.lastUsedAt, zone) })
        : t(locale, "ingest.never_used"),
    }) + (token.revokedAt ? ` · ${t(locale, "ingest.revoked_at", { at: at(token.revokedAt, zone) })}` : "");
  const blocks: Block[] = [
    { type: "header", text: t(locale, "ingest.tokens_title") },
    { type: "section", text: tokens.map(line).join("\n") },
  ];
  return message(blocks, { ephemeral: true });
}

export function renderRevoked(token: StoredToken, locale: Locale): OutgoingMessage {
  return message(
    [{ type: "section", text: `🔒 ${t(locale, "ingest.token_revoked", { prefix: token.prefix, name: token.name })}` }],
    {
      ephemeral: true,
    },
  );
}
