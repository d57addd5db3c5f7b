// Lark allows 5 messages a second into one chat, and its gateway answers 429 with x-ogw-ratelimit-reset (seconds)
// when an app goes faster. Every send goes through here: one queue per chat, spaced to stay under the limit, and a
// 429 waits for the reset and sends again, so a burst (a digest to every lead, a standup to every member) arrives
// late rather than never. A network error or a 5xx is sent again too, with backoff, a few times; a send that still
// fails is logged once and thrown to the caller. A refusal (Lark's code in a 200, a 4xx) is not retried: it would
// only be refused again.
import type { Logger } from "../log.js";

export interface LarkOutboxOptions {
  perChatPerSecond?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log: Pick<Logger, "warn">;
}

/** A 429 is waited out up to 8 times: a burst to one chat clears in seconds, so 8 resets is a stuck gateway. */
export const LARK_MAX_RATE_LIMIT_ATTEMPTS = 8;
/**
 * A network error or 5xx is sent again up to 4 times, 0.5 s, 1 s, 2 s, 4 s apart: about 8 s of waiting, enough for
 * a blip of Lark's gateway, short enough that the member is not left waiting for minutes. (The attempt itself is
 * bounded by the client's timeout, LARK_CALL_TIMEOUT_MS.)
 */
export const LARK_TRANSIENT_RETRIES = 4;
export const LARK_RETRY_BASE_MS = 500;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type HttpFailure = {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: { code?: number } };
};

/** How long Lark asks us to wait, when the error is a rate limit; null for any other failure. */
export function rateLimitWaitMs(error: unknown): number | null {
  const response = (error as HttpFailure)?.response;
  if (!response) return null;
  const limited = response.status === 429 || response.data?.code === 99991400;
  if (!limited) return null;
  const reset = Number(response.headers?.["x-ogw-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ECONNABORTED", "EPIPE", "EAI_AGAIN"]);

/** A failure worth sending again: the request never got an answer, or Lark's side failed (5xx). */
export function isTransient(error: unknown): boolean {
  const failure = error as HttpFailure;
  if (!failure || typeof failure !== "object") return false;
  const status = failure.response?.status;
  if (status !== undefined) return status >= 500;
  return (failure.code !== undefined && NETWORK_CODES.has(failure.code)) || failure.isAxiosError === true;
}

export function createLarkOutbox(options: LarkOutboxOptions) {
  const spacingMs = 1000 / (options.perChatPerSecond ?? 5);
  const maxAttempts = options.maxAttempts ?? LARK_MAX_RATE_LIMIT_ATTEMPTS;
  const sleep = options.sleep ?? defaultSleep;
  const tails = new Map<string, Promise<unknown>>();
  const lastSent = new Map<string, number>();

  async function attempt<T>(chat: string, call: () => Promise<T>): Promise<T> {
    let transientFailures = 0;
    for (let n = 1; ; n++) {
      const wait = (lastSent.get(chat) ?? 0) + spacingMs - Date.now();
      if (wait > 0) await sleep(wait);
      lastSent.set(chat, Date.now());
      try {
        return await call();
      } catch (error) {
        const retryIn = rateLimitWaitMs(error);
        if (retryIn !== null && n < maxAttempts) {
          options.log.warn(`lark: rate limited in ${chat}; sending again in ${Math.round(retryIn / 1000)} s`);
          await sleep(retryIn);
          continue;
        }
        if (retryIn === null && isTransient(error) && transientFailures < LARK_TRANSIENT_RETRIES) {
          const backoff = LARK_RETRY_BASE_MS * 2 ** transientFailures;
          transientFailures++;
          options.log.warn(`lark: a send to ${chat} failed (${describe(error)}); sending again in ${backoff} ms`);
          await sleep(backoff);
          continue;
        }
        if (n > 1 || isTransient(error)) {
          options.log.warn(`lark: gave up sending to ${chat} after ${n} attempt(s): ${describe(error)}`);
        }
        throw error;
      }
    }
  }

  return {
    /** Runs `call` after every earlier send to the same chat, within the chat's rate. */
    send<T>(chat: string, call: () => Promise<T>): Promise<T> {
      const previous = tails.get(chat) ?? Promise.resolve();
      // The previous send's failure belongs to its own caller; this one only waits for its turn.
      const result = previous.catch(() => undefined).then(() => attempt(chat, call));
      tails.set(chat, result);
      // Forget idle chats so the maps do not grow with every chat ever seen.
      void result
        .catch(() => undefined)
        .finally(() => {
          if (tails.get(chat) === result) {
            tails.delete(chat);
            setTimeout(() => {
              if (!tails.has(chat)) lastSent.delete(chat);
            }, spacingMs).unref();
          }
        });
      return result;
    },
  };
}

function describe(error: unknown): string {
  const failure = error as HttpFailure;
  if (failure?.response?.status) return `HTTP ${failure.response.status}`;
  if (failure?.code) return failure.code;
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}

export type LarkOutbox = ReturnType<typeof createLarkOutbox>;
