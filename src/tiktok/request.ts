// One signed call to the TikTok Shop Open API, with retries. Each attempt gets a fresh timestamp and signature (the
// API refuses a timestamp more than a few minutes old), signs the exact body string it sends, and sends the token
// in the x-tts-access-token header as the official SDK does (never in the query, where it would end up in logs).
// Network errors are retried like 5xx: every endpoint called through here only reads, so a repeat is harmless; a
// write endpoint added later would need an idempotency key before it could be retried the same way.
import { z } from "zod";
import type { Logger } from "../log.js";
import { parseRetryAfterMs, retryDelayMs } from "./backoff.js";
import { TikTokApiError, type TikTokFailure, TikTokRetriesExhaustedError } from "./errors.js";
import { envelopeSchema } from "./schemas.js";
import { type QueryValue, signRequest } from "./signing.js";

/**
 * Envelope codes worth retrying, from TikTok's common error table (partner.tiktokshop.com/docv2/page/common-errors,
 * as quoted in the error tables of the Partner docs mirrored in public code):
 * 36009002 "Too many requests. You've made too many requests in a short period of time." — the rate limit, which
 * TikTok may send with HTTP 200 or alongside HTTP 429; 36009003 "Internal error. Please try again."
 */
export const TIKTOK_RATE_LIMITED_CODE = 36009002;
export const TIKTOK_INTERNAL_ERROR_CODE = 36009003;
const RETRYABLE_CODES = new Set([TIKTOK_RATE_LIMITED_CODE, TIKTOK_INTERNAL_ERROR_CODE]);

export interface SignedCallerOptions {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  fetch?: typeof fetch;
  /** Epoch milliseconds, like Date.now. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1), like Math.random: the backoff jitter. */
  random?: () => number;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  timeoutMs?: number;
  log?: Pick<Logger, "warn">;
}

export interface SignedRequest {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, QueryValue>;
  /** Serialised once here, so the signed string and the sent bytes cannot differ. */
  body?: Record<string, unknown>;
}

export type SignedCaller = <T extends z.ZodType>(request: SignedRequest, dataSchema: T) => Promise<z.infer<T>>;

type Attempt =
  | { ok: true; data: unknown; requestId: string | null }
  | { ok: false; retryable: boolean; failure: TikTokFailure; waitMs?: number };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function queryText(value: Exclude<QueryValue, undefined>): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

export function createSignedCaller(options: SignedCallerOptions): SignedCaller {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 4;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");

  async function attempt(request: SignedRequest, endpoint: string): Promise<Attempt> {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const query: Record<string, QueryValue> = {
      ...request.query,
      app_key: options.appKey,
      timestamp: Math.floor(now() / 1000),
    };
    const sign = signRequest({ appSecret: options.appSecret, path: request.path, query, body });
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, queryText(value));
    params.set("sign", sign);

    const failure = (httpStatus: number | null, code: number | null, message: string, requestId?: string) => ({
      endpoint,
      httpStatus,
      code,
      message,
      requestId: requestId ?? null,
    });

    let response: Response;
    let text: string;
    try {
      response = await fetchFn(`${baseUrl}${request.path}?${params}`, {
        method: request.method,
        headers: { "x-tts-access-token": options.accessToken, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return { ok: false, retryable: true, failure: failure(null, null, `network error: ${String(error)}`) };
    }

    let envelope: z.infer<typeof envelopeSchema> | null = null;
    try {
      const parsed = envelopeSchema.safeParse(JSON.parse(text));
      if (parsed.success) envelope = parsed.data;
    } catch {
      // Not JSON: a gateway error page. Judged by its HTTP status below.
    }
    const httpRetryable = response.status === 429 || response.status >= 500;
    if (httpRetryable || (envelope && RETRYABLE_CODES.has(envelope.code))) {
      const message = envelope?.message ?? (text.slice(0, 200) || response.statusText);
      return {
        ok: false,
        retryable: true,
        failure: failure(response.status, envelope?.code ?? null, message, envelope?.request_id),
        waitMs: parseRetryAfterMs(response.headers.get("retry-after"), now()) ?? undefined,
      };
    }
    if (!envelope) {
      const message = `unexpected response (not a TikTok envelope): ${text.slice(0, 200)}`;
      return { ok: false, retryable: false, failure: failure(response.status, null, message) };
    }
    if (envelope.code !== 0 || !response.ok) {
      return {
        ok: false,
        retryable: false,
        failure: failure(response.status, envelope.code, envelope.message, envelope.request_id),
      };
    }
    return { ok: true, data: envelope.data, requestId: envelope.request_id ?? null };
  }

  return async (request, dataSchema) => {
    const endpoint = `${request.method} ${request.path}`;
    for (let tries = 1; ; tries++) {
      const result = await attempt(request, endpoint);
      if (result.ok) {
        const parsed = dataSchema.safeParse(result.data);
        if (parsed.success) return parsed.data;
        throw new TikTokApiError({
          endpoint,
          httpStatus: 200,
          code: 0,
          message: `unexpected response shape: ${z.prettifyError(parsed.error)}`,
          requestId: result.requestId,
        });
      }
      if (!result.retryable) throw new TikTokApiError(result.failure);
      if (tries > maxRetries) throw new TikTokRetriesExhaustedError(tries, result.failure);
      const wait = retryDelayMs({ attempt: tries, retryAfterMs: result.waitMs ?? null, random });
      options.log?.warn(
        `TikTok Shop ${endpoint}: ${result.failure.httpStatus ?? "no response"} / code ${result.failure.code ?? "-"} ` +
          `"${result.failure.message}"; retry ${tries} of ${maxRetries} in ${wait} ms`,
      );
      await sleep(wait);
    }
  };
}
