// Replies through a slash command's or a button's response_url. Slack's Web API client queues and retries on
// 429 by itself; a response_url is a plain HTTPS endpoint, so the same care is taken here: on 429 wait for
// Retry-After and send again, on a network error back off and send again, and give up only after a few minutes.
import type { Logger } from "../log.js";

export interface RespondOptions {
  fetchFn?: typeof fetch;
  /** How long to wait in total before giving up (response_urls expire after 30 minutes). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function postToResponseUrl(
  url: string,
  body: Record<string, unknown>,
  log: Pick<Logger, "warn">,
  options: RespondOptions = {},
): Promise<void> {
  const fetchFn = options.fetchFn ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    let wait: number;
    try {
      const response = await fetchFn(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const text = await response.text();
      if (response.status !== 429 && response.status < 500) {
        throw new Error(`Slack refused the reply (${response.status}): ${text.slice(0, 200)}`);
      }
      const retryAfter = Number(response.headers.get("retry-after"));
      wait = response.status === 429 && retryAfter > 0 ? retryAfter * 1000 : Math.min(30_000, 500 * 2 ** attempt);
      log.warn(`Slack answered ${response.status} to a reply; sending it again in ${Math.round(wait / 1000)} s`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("Slack refused")) throw error;
      wait = Math.min(30_000, 500 * 2 ** attempt);
      log.warn(`could not reach Slack for a reply (${String(error)}); trying again in ${Math.round(wait / 1000)} s`);
    }
    if (waited + wait > maxWaitMs) throw new Error(`gave up sending a reply to Slack after ${attempt} attempts`);
    await sleep(wait);
    waited += wait;
  }
}
