// What a delivery does when the database goes away while it is handled: the member is told to send the command
// again (in their language when we know it, in both otherwise), and the delivery's claim is given back, now or, if
// the database is still away, as soon as it answers again, so that Slack's retry or Lark's redelivery acts instead
// of being skipped as a repeat.
import { message, type OutgoingMessage } from "../chat/message.js";
import { type Locale, t } from "../domain/i18n.js";
import type { Logger } from "../log.js";
import type { DeliveryRepository } from "./repository.js";

/** Try-again replies built here, so an adapter can tell that a command failed for the database's sake. */
const tryAgainReplies = new WeakSet<OutgoingMessage>();

/** "Nothing was changed, send it again": `both` when the member's language is unknown (their row is unreachable). */
export function tryAgainMessage(locale: Locale | "both"): OutgoingMessage {
  const text =
    locale === "both" ? `${t("en", "error.try_again")}\n${t("zh", "error.try_again")}` : t(locale, "error.try_again");
  const reply = message([{ type: "section", text: `⏳ ${text}` }], { ephemeral: true });
  tryAgainReplies.add(reply);
  return reply;
}

export function isTryAgain(reply: OutgoingMessage): boolean {
  return tryAgainReplies.has(reply);
}

/** First retry of a release one second after the failure, doubling: the database is often back within seconds. */
export const RELEASE_RETRY_BASE_MS = 1_000;
/** Never more than 30 s apart, so a claim is free within half a minute of the database's return. */
export const RELEASE_RETRY_MAX_MS = 30_000;
/** Slack stops retrying within minutes and Lark within hours; a claim still held after 6 hours no longer matters. */
export const RELEASE_GIVE_UP_MS = 6 * 3600_000;

export interface ClaimReleaser {
  /** Gives a claim back now, or keeps trying in the background until the database answers. */
  release(platform: string, key: string): Promise<void>;
  /** Claims still waiting for the database (health, tests). */
  readonly pending: number;
  stop(): void;
}

export function createClaimReleaser(deps: {
  deliveries: Pick<DeliveryRepository, "release">;
  log: Pick<Logger, "info" | "warn" | "error">;
  now?: () => number;
}): ClaimReleaser {
  const now = deps.now ?? Date.now;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  async function attempt(platform: string, key: string, since: number, n: number): Promise<boolean> {
    try {
      await deps.deliveries.release(platform, key);
      if (n > 1) deps.log.info(`${platform}: released the claim on ${key} after the database came back`);
      return true;
    } catch (error) {
      if (stopped) return false;
      if (now() - since > RELEASE_GIVE_UP_MS) {
        deps.log.error(`${platform}: gave up releasing the claim on ${key}; a retry of it will be skipped`, error);
        return false;
      }
      const wait = Math.min(RELEASE_RETRY_MAX_MS, RELEASE_RETRY_BASE_MS * 2 ** (n - 1));
      if (n === 1)
        deps.log.warn(`${platform}: could not release the claim on ${key}; retrying while the database is away`, error);
      const timer = setTimeout(() => {
        timers.delete(timer);
        void attempt(platform, key, since, n + 1);
      }, wait);
      timer.unref();
      timers.add(timer);
      return false;
    }
  }

  return {
    async release(platform, key) {
      await attempt(platform, key, now(), 1);
    },
    get pending() {
      return timers.size;
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
