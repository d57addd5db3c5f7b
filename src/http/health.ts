// GET /healthz, and the checks that feed it. The database decides the status code: 200 when it answers, 503
// otherwise (load balancers take a replica out on 503). Each chat platform reports its own state beside it
// ("slack": "degraded", with the reason): a Slack or Lark outage is the same for every replica, so answering 503 for
// it would take the whole fleet out and stop the ingest API and the scheduler too, which still work.
import type { Logger } from "../log.js";
import { type HttpServer, sendJson } from "./server.js";

export type PlatformKey = "slack" | "lark";
export type PlatformStatus = "starting" | "ok" | "degraded";

export interface PlatformHealth {
  report(platform: PlatformKey, status: PlatformStatus, reason?: string): void;
  /** What /healthz shows for each configured platform. */
  snapshot(): Partial<Record<PlatformKey, { status: PlatformStatus; reason?: string }>>;
}

export function createPlatformHealth(): PlatformHealth {
  const states = new Map<PlatformKey, { status: PlatformStatus; reason?: string }>();
  return {
    report(platform, status, reason) {
      states.set(platform, status === "degraded" ? { status, reason } : { status });
    },
    snapshot: () => Object.fromEntries(states),
  };
}

export function mountHealth(
  http: HttpServer,
  db: { ping(timeoutMs?: number): Promise<boolean> },
  platforms: PlatformHealth = createPlatformHealth(),
): void {
  http.add({
    method: "GET",
    path: "/healthz",
    async handler(_req, res) {
      const dbOk = await db.ping(2000);
      const states = platforms.snapshot();
      const body: Record<string, unknown> = { status: dbOk ? "ok" : "unavailable", db: dbOk ? "ok" : "down" };
      const reasons: Record<string, string> = {};
      for (const [name, state] of Object.entries(states)) {
        body[name] = state.status;
        if (state.reason) reasons[name] = state.reason;
      }
      if (Object.keys(reasons).length) {
        if (dbOk) body.status = "degraded";
        body.reasons = reasons;
      }
      sendJson(res, dbOk ? 200 : 503, body);
    },
  });
}

/** The first retry of a failed start-up check one second later, doubling each time… */
export const CHECK_RETRY_BASE_MS = 1_000;
/** …up to five minutes apart: a revoked token is fixed by a person, and an outage is rarely shorter. */
export const CHECK_RETRY_MAX_MS = 5 * 60_000;
/** One attempt may take this long; a platform that does not answer in 10 s is down for our purposes. */
export const CHECK_TIMEOUT_MS = 10_000;

export interface PlatformCheck {
  /** Resolves after the first attempt, passed or not: start-up waits this long and no longer. */
  readonly firstAttempt: Promise<void>;
  readonly ok: boolean;
  /** One attempt now (unless one is running: then its result), for a caller that cannot wait for the next one. */
  tryNow(): Promise<boolean>;
  /** The platform stopped answering after the check had passed (a token revoked later): check again, with backoff. */
  lost(reason: string): void;
  stop(): void;
}

/**
 * Runs a platform's start-up check (Slack auth.test, Lark's token and bot info) until it passes: each attempt with a
 * timeout, failures logged and reported as "degraded" with the reason, retried with capped exponential backoff, so
 * the platform recovers without a restart when it comes back.
 */
export function superviseCheck(input: {
  platform: PlatformKey;
  /** Throws (with a reason fit for an operator's eyes, never a secret) when the platform is not usable. */
  check: () => Promise<void>;
  health: PlatformHealth;
  log: Pick<Logger, "info" | "warn">;
  baseMs?: number;
  maxMs?: number;
  timeoutMs?: number;
}): PlatformCheck {
  const { platform, health, log } = input;
  const baseMs = input.baseMs ?? CHECK_RETRY_BASE_MS;
  const maxMs = input.maxMs ?? CHECK_RETRY_MAX_MS;
  const timeoutMs = input.timeoutMs ?? CHECK_TIMEOUT_MS;
  let ok = false;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | null = null;
  health.report(platform, "starting");

  async function once(): Promise<boolean> {
    let deadline: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        input.check(),
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
      if (failures > 0) log.info(`${platform}: reachable again after ${failures} failed check(s); recovered`);
      ok = true;
      failures = 0;
      clearTimeout(timer);
      health.report(platform, "ok");
      return true;
    } catch (error) {
      failures++;
      const reason = error instanceof Error ? error.message : String(error);
      const wait = Math.min(maxMs, baseMs * 2 ** (failures - 1));
      health.report(platform, "degraded", `${reason} (check ${failures} failed; next in ${Math.round(wait / 1000)} s)`);
      log.warn(
        `${platform}: start-up check failed (${reason}); Starling keeps running and retries in ${Math.round(wait / 1000)} s`,
      );
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(() => void tryNow(), wait);
        timer.unref();
      }
      return false;
    } finally {
      clearTimeout(deadline);
    }
  }

  function tryNow(): Promise<boolean> {
    if (ok) return Promise.resolve(true);
    if (stopped) return Promise.resolve(false);
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  }

  const firstAttempt = tryNow().then(() => undefined);
  return {
    firstAttempt,
    get ok() {
      return ok;
    },
    tryNow,
    lost(reason) {
      if (!ok || stopped) return;
      ok = false;
      health.report(platform, "degraded", reason);
      log.warn(`${platform}: ${reason}; checking again`);
      void tryNow();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
