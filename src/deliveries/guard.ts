// How a chat adapter runs one delivery (a command, a click, an event) exactly once: claim its keys first, give the
// claims back when it fails (now, or when the database answers again) so the platform's retry acts, and ask the
// member to try again when the database is what failed. The same rules for Slack and Lark.
import type { OutgoingMessage } from "../chat/message.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import type { Logger } from "../log.js";
import { createClaimReleaser, tryAgainMessage } from "./outage.js";
import type { DeliveryRepository } from "./repository.js";

export type ClaimOutcome = "claimed" | "repeat" | "unavailable";
/** What a delivery's work says when it is done: "retry" when it already asked the member to try again. */
export type WorkOutcome = "done" | "retry";

export function createDeliveryGuard(deps: {
  platform: "slack" | "lark";
  deliveries: Pick<DeliveryRepository, "claim" | "release">;
  log: Logger;
}) {
  const { platform, deliveries, log } = deps;
  const releaser = createClaimReleaser({ deliveries, log });

  async function releaseAll(keys: string[]): Promise<void> {
    for (const key of keys) await releaser.release(platform, key);
  }

  /**
   * Claims every key of a delivery. "repeat" when one was claimed before; "unavailable" when the database could not
   * be asked (the caller tells the member to try again; nothing was claimed, or what was is given back).
   */
  async function claimAll(keys: string[]): Promise<ClaimOutcome> {
    const taken: string[] = [];
    try {
      for (const key of keys) {
        if (!(await deliveries.claim(platform, key))) {
          log.info(`${platform}: skipped a repeated delivery (${key})`);
          await releaseAll(taken);
          return "repeat";
        }
        taken.push(key);
      }
      return "claimed";
    } catch (error) {
      await releaseAll(taken);
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn(
        `${platform}: the database is unavailable; ${keys.join(", ")} not handled, the member is asked to try again`,
        error,
      );
      return "unavailable";
    }
  }

  /** `tryAgain` is where the member can be answered; some deliveries (an App Home open) have nowhere to say it. */
  async function sendTryAgain(tryAgain?: (reply: OutgoingMessage) => Promise<unknown>): Promise<void> {
    if (!tryAgain) return;
    await tryAgain(tryAgainMessage("both")).catch((error: unknown) =>
      log.error(`${platform}: could not send the try-again reply`, error),
    );
  }

  /**
   * Runs a claimed delivery. Any failure gives the claims back, so the platform's retry acts instead of being
   * skipped; with the database away, the member is asked to try again.
   */
  async function runClaimed(
    keys: string[],
    work: () => Promise<WorkOutcome>,
    tryAgain?: (reply: OutgoingMessage) => Promise<unknown>,
  ): Promise<void> {
    try {
      if ((await work()) === "retry") await releaseAll(keys);
    } catch (error) {
      await releaseAll(keys);
      if (!isDatabaseUnavailable(error)) {
        log.error(`${platform}: could not handle ${keys.join(", ")}`, error);
        return;
      }
      log.warn(`${platform}: the database is unavailable; asked the member to send ${keys.join(", ")} again`, error);
      await sendTryAgain(tryAgain);
    }
  }

  return {
    claimAll,
    releaseAll,
    runClaimed,

    /** Claims the keys and runs the work once; a repeat is dropped, a database outage answered with try-again. */
    async once(
      keys: string[],
      work: () => Promise<WorkOutcome>,
      tryAgain?: (reply: OutgoingMessage) => Promise<unknown>,
    ): Promise<void> {
      const claimed = await claimAll(keys);
      if (claimed === "unavailable") await sendTryAgain(tryAgain);
      if (claimed !== "claimed") return;
      await runClaimed(keys, work, tryAgain);
    },

    /**
     * Sends what a delivery answered once it has acted. A send that fails (after its retries) is logged and the
     * delivery stays claimed: giving the claims back would let the platform's retry act a second time.
     */
    async afterActing(what: string, send: () => Promise<unknown>): Promise<void> {
      try {
        await send();
      } catch (error) {
        log.error(`${platform}: could not send ${what}; the command acted, so its delivery stays claimed`, error);
      }
    },

    stop(): void {
      releaser.stop();
    },
  };
}
