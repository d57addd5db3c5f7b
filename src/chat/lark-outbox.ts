// Lark allows 5 messages a second into one chat, and its gateway answers 429 with x-ogw-ratelimit-reset (seconds)
// when an app goes faster. Every send goes through here: one queue per chat, spaced to stay under the limit, and a
// 429 waits for the reset and sends again, so a burst (a digest to every lead, a standup to every member) arrives
// late rather than never. A network error or a 5xx is sent again too, with backoff, a few times; a send that still
// fails is logged once and thrown to the caller. A refusal (Lark's code in a 200, a 4xx) is not retried: it would
// only be refused again. Uploads (a chart's image, a CSV file) take the same retries in a lane of their own.
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

/**
 * The lane uploads queue in. Lark limits uploads per app, not per chat, and an upload is not a message in any chat,
 * so uploads do not eat into a chat's 5 a second; one lane keeps them under the app's limit. No chat or open id
 * has parentheses, so it cannot be a chat's queue.
 */
const UPLOADS_LANE = "(uploads)";

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

  /** `what` names the call in the log: "a send to oc_…", "an upload of chart.png". */
  async function attempt<T>(lane: string, what: string, call: () => Promise<T>): Promise<T> {
    let transientFailures = 0;
    for (let n = 1; ; n++) {
      const wait = (lastSent.get(lane) ?? 0) + spacingMs - Date.now();
      if (wait > 0) await sleep(wait);
      lastSent.set(lane, Date.now());
      try {
        return await call();
      } catch (error) {
        const retryIn = rateLimitWaitMs(error);
        if (retryIn !== null && n < maxAttempts) {
          options.log.warn(`lark: rate limited on ${what}; trying again in ${Math.round(retryIn / 1000)} s`);
          await sleep(retryIn);
          continue;
        }
        if (retryIn === null && isTransient(error) && transientFailures < LARK_TRANSIENT_RETRIES) {
          const backoff = LARK_RETRY_BASE_MS * 2 ** transientFailures;
          transientFailures++;
          options.log.warn(`lark: ${what} failed (${describe(error)}); trying again in ${backoff} ms`);
          await sleep(backoff);
          continue;
        }
        if (n > 1 || isTransient(error)) {
          options.log.warn(`lark: gave up on ${what} after ${n} attempt(s): ${describe(error)}`);
        }
        throw error;
      }
    }
  }

  /** Runs `call` after every earlier call in the same lane, within the lane's rate and with its retries. */
  function enqueue<T>(lane: string, what: string, call: () => Promise<T>): Promise<T> {
    const previous = tails.get(lane) ?? Promise.resolve();
    // The previous call's failure belongs to its own caller; this one only waits for its turn.
    const result = previous.catch(() => undefined).then(() => attempt(lane, what, call));
    tails.set(lane, result);
    // Forget idle lanes so the maps do not grow with every chat ever seen.
    void result
      .catch(() => undefined)
      .finally(() => {
        if (tails.get(lane) === result) {
          tails.delete(lane);
          setTimeout(() => {
            if (!tails.has(lane)) lastSent.delete(lane);
          }, spacingMs).unref();
        }
      });
    return result;
  }

  return {
    /** Runs `call` after every earlier send to the same chat, within the chat's rate. */
    send<T>(chat: string, call: () => Promise<T>): Promise<T> {
      return enqueue(chat, `a send to ${chat}`, call);
    },
    /** Runs an upload (`what`: the file's name, for the log) with the same retries as a send. */
    upload<T>(what: string, call: () => Promise<T>): Promise<T> {
      return enqueue(UPLOADS_LANE, `an upload of ${what}`, call);
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
