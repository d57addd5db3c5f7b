// The promise about hostile request bodies: a 50 MB body to any route of a Starling with Slack, Lark, TikTok and the
// ingest API configured is refused (413) or turned away before it is read (401, 404), never a 500; it is never held
// in memory (the process grows by far less than the body), and the server keeps answering. On PGlite and PostgreSQL.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { command, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { type FakeLark, larkTestEnv, startFakeLark } from "../support/fake-lark.js";
import { type FakeSlack, startFakeSlack, TEST_SIGNING_SECRET } from "../support/fake-slack.js";
import { type FakeTikTok, startFakeTikTok } from "../support/fake-tiktok.js";

const MB = 1024 * 1024;
const HOSTILE_BYTES = 50 * MB;
/** Well under the body: buffering any one 50 MB body would show as at least that much. */
const MAX_RSS_GROWTH_BYTES = 30 * MB;
/** The same 64 KB sent again and again: the test itself never holds the 50 MB either. */
const PIECE = Buffer.alloc(64 * 1024, "{");

type Framing = "content-length" | "chunked";

interface Outcome {
  status: number | null;
  /** Bytes the client managed to write before it had its answer (or gave up). */
  sent: number;
  error: string | null;
  /** Peak RSS growth of this process (the server's) while the request ran. */
  rssGrowth: number;
}

/**
 * Sends a 50 MB body the way a hostile client would, and stops sending once the answer is in (as curl does).
 * `keepSending` ignores the answer and pushes every byte; `expectContinue` asks first (Expect: 100-continue).
 */
function hostileRequest(
  url: string,
  method: "GET" | "POST",
  path: string,
  options: { framing: Framing; headers?: Record<string, string>; keepSending?: boolean; expectContinue?: boolean },
): Promise<Outcome> {
  const { port, hostname } = new URL(url);
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  return new Promise<Outcome>((resolve) => {
    let status: number | null = null;
    let sent = 0;
    let error: string | null = null;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      resolve({ status, sent, error, rssGrowth: peak - base });
    };
    const req = request({
      hostname,
      port,
      method,
      path,
      headers: {
        "content-type": "application/json",
        ...(options.framing === "content-length"
          ? { "content-length": String(HOSTILE_BYTES) }
          : { "transfer-encoding": "chunked" }),
        ...(options.expectContinue ? { expect: "100-continue" } : {}),
        ...options.headers,
      },
    });
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("response", (res) => {
      status = res.statusCode ?? null;
      res.resume();
      res.on("end", () => {
        if (!options.keepSending) req.destroy();
      });
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    req.on("close", settle);
    const pump = () => {
      while (sent < HOSTILE_BYTES) {
        if (status !== null && !options.keepSending) return;
        sent += PIECE.length;
        if (!req.write(PIECE)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    if (options.expectContinue) req.on("continue", pump);
    else pump();
  });
}

const larkEnv = (fake: FakeLark) => larkTestEnv(fake.domain);

describe.each(DATABASE_KINDS)("50 MB request bodies on %s", (kind) => {
  let app: Starling;
  let slack: FakeSlack;
  let lark: FakeLark;
  let tiktok: FakeTikTok;
  let ingestToken: string;
  let before: number[];
  const counts = () =>
    Promise.all([
      app.db.prisma.ingestRequest.count(),
      app.db.prisma.processedEvent.count(),
      app.db.prisma.fact.count(),
      app.db.prisma.auditLog.count(),
    ]);

  beforeAll(async () => {
    [slack, lark, tiktok] = await Promise.all([startFakeSlack(), startFakeLark(), startFakeTikTok()]);
    app = await startTestApp(kind, {
      env: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ...larkEnv(lark),
        TIKTOK_APP_KEY: tiktok.appKey,
        TIKTOK_APP_SECRET: tiktok.appSecret,
        TIKTOK_API_URL: tiktok.baseUrl,
        TIKTOK_AUTH_URL: tiktok.baseUrl,
        STARLING_SECRET_KEY: "4f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
      },
    });
    // A real token, so the ingest API reads the body (a request without one is turned away before it is read).
    const reply = await command(app, "ava", "/ingest token create fault-suite");
    const found = /stk_[0-9A-Za-z]{32}/.exec(reply.messages.map((m) => m.text).join("\n"));
    if (!found) throw new Error("no ingest token in the reply");
    ingestToken = found[0];
    before = await counts();
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([slack?.close(), lark?.close(), tiktok?.close()]);
  });

  const ingestHeaders = () => ({ authorization: `Bearer ${ingestToken}`, "idempotency-key": "fault-50mb" });

  // Every route the server has, each with what a 50 MB body gets, by framing.
  const cases: {
    route: string;
    method: "GET" | "POST";
    path: string;
    headers?: () => Record<string, string>;
    expected: Record<Framing, number>;
  }[] = [
    { route: "Slack events", method: "POST", path: "/slack/events", expected: { "content-length": 413, chunked: 413 } },
    { route: "Lark events", method: "POST", path: "/lark/events", expected: { "content-length": 413, chunked: 413 } },
    {
      route: "TikTok webhook",
      method: "POST",
      path: "/api/tiktok/webhook",
      expected: { "content-length": 413, chunked: 413 },
    },
    {
      route: "ingest with a token",
      method: "POST",
      path: "/api/ingest/facts",
      headers: ingestHeaders,
      expected: { "content-length": 413, chunked: 413 },
    },
    // Without a token the declared size is refused before the token is looked at; a chunked body is never read.
    {
      route: "ingest without a token",
      method: "POST",
      path: "/api/ingest/facts",
      expected: { "content-length": 413, chunked: 401 },
    },
    { route: "health check", method: "GET", path: "/healthz", expected: { "content-length": 413, chunked: 413 } },
    // The playground is off beside Slack and Lark: its routes do not exist.
    { route: "playground page", method: "GET", path: "/playground", expected: { "content-length": 404, chunked: 404 } },
    {
      route: "playground command",
      method: "POST",
      path: "/api/playground/command",
      expected: { "content-length": 404, chunked: 404 },
    },
    {
      route: "playground job run",
      method: "POST",
      path: "/api/playground/run",
      expected: { "content-length": 404, chunked: 404 },
    },
    { route: "an unknown path", method: "POST", path: "/upload", expected: { "content-length": 404, chunked: 404 } },
  ];

  for (const framing of ["content-length", "chunked"] as const) {
    it.each(cases)(`refuses a 50 MB ${framing} body to $method $path ($route) without holding it`, async (c) => {
      const outcome = await hostileRequest(app.url, c.method, c.path, { framing, headers: c.headers?.() });
      expect(outcome).toMatchObject({ status: c.expected[framing] });
      expect(outcome.rssGrowth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
    });
  }

  it("tells a client that asks first (Expect: 100-continue) not to send its 50 MB at all", async () => {
    for (const path of ["/slack/events", "/lark/events", "/api/ingest/facts"]) {
      const outcome = await hostileRequest(app.url, "POST", path, { framing: "content-length", expectContinue: true });
      expect(outcome).toMatchObject({ status: 413, sent: 0 });
    }
  });

  it("cuts off a client that keeps sending after its 413, and stays up", async () => {
    const outcome = await hostileRequest(app.url, "POST", "/lark/events", { framing: "chunked", keepSending: true });
    expect(outcome.status).toBe(413);
    // The connection was closed on it: it could not push its whole body.
    expect(outcome.sent).toBeLessThan(HOSTILE_BYTES);
    expect(outcome.rssGrowth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  });

  it("still answers /healthz, and nothing reached the database", async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await counts()).toEqual(before);
  });
});
