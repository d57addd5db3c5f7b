// Refreshing a seller's access token (they live about 7 days; the refresh token much longer). The call goes to the
// auth host, not the Open API host, and is not signed: app_key and app_secret travel in the query, as EcomPHP
// src/Auth.php::refreshNewToken sends them (GET https://auth.tiktok-shops.com/api/v2/token/refresh).
import { z } from "zod";
import { TikTokApiError } from "./errors.js";
import { envelopeSchema, type TikTokToken, tokenDataSchema } from "./schemas.js";

export const TIKTOK_AUTH_BASE_URL = "https://auth.tiktok-shops.com";
export const TOKEN_REFRESH_PATH = "/api/v2/token/refresh";

export async function refreshAccessToken(input: {
  appKey: string;
  appSecret: string;
  refreshToken: string;
  authBaseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<TikTokToken> {
  const endpoint = `GET ${TOKEN_REFRESH_PATH}`;
  const params = new URLSearchParams({
    app_key: input.appKey,
    app_secret: input.appSecret,
    refresh_token: input.refreshToken,
    grant_type: "refresh_token",
  });
  const base = (input.authBaseUrl ?? TIKTOK_AUTH_BASE_URL).replace(/\/+$/, "");
  const response = await (input.fetch ?? fetch)(`${base}${TOKEN_REFRESH_PATH}?${params}`, {
    signal: AbortSignal.timeout(input.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let envelope: z.infer<typeof envelopeSchema>;
  try {
    envelope = envelopeSchema.parse(JSON.parse(text));
  } catch {
    const message = `unexpected response (not a TikTok envelope): ${text.slice(0, 200)}`;
    throw new TikTokApiError({ endpoint, httpStatus: response.status, code: null, message, requestId: null });
  }
  const requestId = envelope.request_id ?? null;
  if (envelope.code !== 0) {
    throw new TikTokApiError({
      endpoint,
      httpStatus: response.status,
      code: envelope.code,
      message: envelope.message,
      requestId,
    });
  }
  const data = tokenDataSchema.safeParse(envelope.data);
  if (!data.success) {
    const message = `unexpected response shape: ${z.prettifyError(data.error)}`;
    throw new TikTokApiError({ endpoint, httpStatus: response.status, code: 0, message, requestId });
  }
  return data.data;
}
