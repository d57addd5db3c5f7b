// TikTok Shop webhooks (push events): the Authorization header is hex(HMAC-SHA256(app_secret, app_key + raw body)),
// as EcomPHP/tiktokshop-php src/Webhook.php::verify computes it (shared/reference/tiktok-shop-api-signing.md). The
// MAC is over the raw bytes, so verify before parsing, and compare in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Event types listed in the reference (EcomPHP Webhook constants and TikTok's webhook docs). */
export const TIKTOK_WEBHOOK_TYPES = {
  ORDER_STATUS_UPDATE: 1,
  REVERSE_ORDER_STATUS_UPDATE: 2,
  RECIPIENT_ADDRESS_UPDATE: 3,
  PACKAGE_UPDATE: 4,
  PRODUCT_STATUS_UPDATE: 5,
  SELLER_DEAUTHORIZATION: 6,
  UPCOMING_AUTHORIZATION_EXPIRATION: 7,
  RETURN_STATUS_UPDATE: 12,
} as const;

export function webhookSignature(rawBody: string | Buffer, appKey: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(appKey, "utf8").update(rawBody).digest("hex");
}

export function verifyWebhookSignature(
  rawBody: string | Buffer,
  authorizationHeader: string | undefined,
  appKey: string,
  appSecret: string,
): boolean {
  if (!authorizationHeader) return false;
  const expected = Buffer.from(webhookSignature(rawBody, appKey, appSecret), "utf8");
  const given = Buffer.from(authorizationHeader.trim().toLowerCase(), "utf8");
  // timingSafeEqual throws on different lengths; the length of a hex digest is public anyway.
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// shop_id and the ids inside data are 18-19 digit numbers sent as JSON strings; a JSON number would already have
// lost precision in JSON.parse, so a number there is refused rather than silently rounded.
export const tiktokWebhookEventSchema = z.object({
  type: z.number().int(),
  shop_id: z.string().regex(/^\d+$/),
  timestamp: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
});

export type TikTokWebhookEvent = z.infer<typeof tiktokWebhookEventSchema>;

/** Parses a body whose signature has already been verified; throws with zod's explanation when it is malformed. */
export function parseWebhookEvent(rawBody: string | Buffer): TikTokWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString());
  } catch {
    throw new Error("the TikTok Shop webhook body is not JSON");
  }
  const parsed = tiktokWebhookEventSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unexpected TikTok Shop webhook body: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
