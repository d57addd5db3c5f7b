// Lark allows 5 messages a second into one chat, and its gateway answers 429 with x-ogw-ratelimit-reset (seconds)
// when an app goes faster. Every send goes through here: one queue per chat, spaced to stay under the limit, and a
// 429 waits for the reset and sends again, so a burst (a digest to every lead, a standup to every member) arrives
// late rather than never.
import type { Logger } from "../log.js";

export interface LarkOutboxOptions {
  perChatPerSecond?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log: Pick<Logger, "warn">;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long Lark asks us to wait, when the error is a rate limit; null for any other failure. */
export function rateLimitWaitMs(error: unknown): number | null {
  const response = (
    error as { response?: { status?: number; headers?: Record<string, unknown>; data?: { code?: number } } }
  )?.response;
  if (!response) return null;
  const limited = response.status === 429 || response.data?.code === 99991400;
  if (!limited) return null;
  const reset = Number(response.headers?.["x-ogw-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000;
}

export function createLarkOutbox(options: LarkOutboxOptions) {
  const spacingMs = 1000 / (options.perChatPerSecond ?? 5);
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? defaultSleep;
  const tails = new Map<string, Promise<unknown>>();
  const lastSent = new Map<string, number>();

  async function attempt<T>(chat: string, call: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      const wait = (lastSent.get(chat) ?? 0) + spacingMs - Date.now();
      if (wait > 0) await sleep(wait);
      lastSent.set(chat, Date.now());
      try {
        return await call();
      } catch (error) {
        const retryIn = rateLimitWaitMs(error);
        if (retryIn === null || n >= maxAttempts) throw error;
        options.log.warn(`lark: rate limited in ${chat}; sending again in ${Math.round(retryIn / 1000)} s`);
        await sleep(retryIn);
      }
    }
  }

  return {
    /** Runs `call` after every earlier send to the same chat, within the chat's rate. */
    send<T>(chat: string, call: () => Promise<T>): Promise<T> {
      const previous = tails.get(chat) ?? Promise.resolve();
      const result = previous.catch(() => {}).then(() => attempt(chat, call));
      tails.set(chat, result);
      // Forget idle chats so the maps do not grow with every chat ever seen.
      void result
        .catch(() => {})
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

export type LarkOutbox = ReturnType<typeof createLarkOutbox>;
