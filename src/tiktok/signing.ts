// TikTok Shop Open API request signing (the "202309" versioned Partner API), as the official Node SDK does it
// (utils/generate-sign.ts, vendored in github.com/yxiZo/tiktok-partner-backend sdk/) and as EcomPHP/tiktokshop-php
// src/Client.php::prepareSignature does; see shared/reference/tiktok-shop-api-signing.md:
//   sign = hex(HMAC-SHA256(app_secret, app_secret + path + Σ sorted {key}{value} + body + app_secret))
// `sign` and `access_token` never take part (the token travels in the x-tts-access-token header anyway). The body
// is the exact string sent, so callers must serialise once and send those same bytes.
import { createHmac } from "node:crypto";

export type QueryValue = string | number | readonly (string | number)[] | undefined;

export interface SignInput {
  appSecret: string;
  /** Path only: no host, no query string ("/order/202309/orders/search"). */
  path: string;
  query: Readonly<Record<string, QueryValue>>;
  /** The exact body string sent ("" or undefined for none). */
  body?: string;
  /** A multipart body is not signed (official SDK); every other body is. */
  contentType?: string;
}

const EXCLUDED_KEYS = new Set(["sign", "access_token"]);

/** The official SDK joins array values with "," before signing; undefined values are not sent, so not signed. */
function valueText(value: Exclude<QueryValue, undefined>): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

export function stringToSign(input: Omit<SignInput, "appSecret">): string {
  const keys = Object.keys(input.query)
    .filter((key) => !EXCLUDED_KEYS.has(key) && input.query[key] !== undefined)
    // Plain code-unit comparison: ASCII order, as the SDK's Array.prototype.sort() and PHP's ksort() agree on.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let text = input.path;
  for (const key of keys) text += `${key}${valueText(input.query[key] as Exclude<QueryValue, undefined>)}`;
  const multipart = input.contentType?.toLowerCase().startsWith("multipart/form-data") ?? false;
  if (input.body && !multipart) text += input.body;
  return text;
}

export function signRequest(input: SignInput): string {
  const wrapped = `${input.appSecret}${stringToSign(input)}${input.appSecret}`;
  return createHmac("sha256", input.appSecret).update(wrapped, "utf8").digest("hex");
}
