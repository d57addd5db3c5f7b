// Slack request signing: "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body)), compared in
// constant time, with the timestamp within five minutes either way (a replayed or a forged-future request fails).
import { createHmac, timingSafeEqual } from "node:crypto";

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function slackSignature(signingSecret: string, timestamp: string, rawBody: string | Buffer): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest("hex")}`;
}

export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: "missing signature headers" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "the timestamp is not a number" };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "the timestamp is more than five minutes away (stale or replayed)" };
  }
  if (!signature.startsWith("v0=")) return { ok: false, reason: "unknown signature version" };
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "the signature does not match" };
  }
  return { ok: true };
}
