// The fault suite's promise about chat platforms that go away: Slack's API unreachable at start (SLACK_API_URL on a
// port where nothing listens yet; over HTTP and Socket Mode), or the bot token revoked, or Lark's API unreachable,
// does not stop Starling. It starts, /healthz names the degraded platform with the reason (200: the database is
// up), the ingest API and the other platform keep working, no promise is left rejected, and once the platform
// answers it recovers without a restart. A send or an upload that fails with 500 twice and then succeeds is
// delivered once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { type Starling, startStarling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { testClock } from "../support/app.js";
import { DATABASE_KINDS, type DatabaseKind, emptyDatabaseConfig } from "../support/databases.js";
import { type FakeLark, larkTestEnv, messageEvent, sendLarkCallback, startFakeLark } from "../support/fake-lark.js";
import {
  type FakeSlack,
  sendToSlackEndpoint,
  slashCommandBody,
  startFakeSlack,
  TEST_SIGNING_SECRET,
} from "../support/fake-slack.js";
import { freePort } from "../support/postgres-server.js";
import { waitFor } from "../support/wait.js";

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

async function start(kind: DatabaseKind, env: Record<string, string>, demo: boolean) {
  const database = await emptyDatabaseConfig(kind);
  const config = loadConfig({ PORT: "0", DEMO_DATA: demo ? "on" : "off", ...env });
  const log = recordingLogger();
  const app = await startStarling(
    { ...config, database },
    { clock: testClock(), logger: log, host: "127.0.0.1", scheduler: false },
  );
  return { app, log };
}

const slackEnv = (apiUrl: string) => ({
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_API_URL: apiUrl,
});
const larkEnv = (domain: string) => larkTestEnv(domain);

// biome-ignore lint/suspicious/noExplicitAny: /healthz answers JSON, asserted field by field.
async function health(app: Starling): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.url}/healthz`);
  return { status: response.status, body: await response.json() };
}

/** Polls /healthz until `probe` holds (recovery happens on the check's own backoff, 1 s after the first failure). */
async function healthUntil(app: Starling, probe: (body: Record<string, unknown>) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { body } = await health(app);
    if (probe(body)) return body;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; /healthz said ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(DATABASE_KINDS)("platform outages on %s", (kind) => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);
  let slackPort: number;
  let slack: FakeSlack | undefined;
  let lark: FakeLark;
  let app: Starling;
  let log: ReturnType<typeof recordingLogger>;

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    slackPort = await freePort();
    lark = await startFakeLark();
    lark.users.set("ou_sari", { openId: "ou_sari", name: "sari", email: "sari@demo.starling.dev" });
    // Nothing listens on slackPort yet: Slack's API is unreachable when Starling starts.
    ({ app, log } = await start(
      kind,
      { ...slackEnv(`http://127.0.0.1:${slackPort}/api/`), ...larkEnv(lark.domain) },
      true,
    ));
  });
  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await app?.stop();
    await slack?.close();
    await lark?.close();
  });

  it("starts with Slack unreachable: /healthz says slack is degraded and why, and answers 200", async () => {
    const { status, body } = await health(app);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "degraded", db: "ok", slack: "degraded", lark: "ok" });
    expect(body.reasons.slack).toMatch(/auth\.test failed/);
    expect(body.reasons.slack).not.toContain("xoxb-");
    expect(log.lines.some((l) => l.includes("slack: start-up check failed") && l.includes("retries in"))).toBe(true);
  });

  it("keeps the ingest API and Lark working while Slack is down", async () => {
    const ava = (await app.services.members.findByHandle(
      (
        await app.db.prisma.workspace.findFirstOrThrow()
      ).id,
      "ava",
    )) as MemberProfile;
    const { token } = await app.services.ingest.create(ava, "erp");
    const ingested = await fetch(`${app.url}/api/ingest/facts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": "outage-1" },
      body: JSON.stringify({ facts: [{ date: "2026-11-20", metric: "orders", team: "ID-beauty", value: 3 }] }),
    });
    expect(ingested.status).toBe(200);

    await sendLarkCallback(app.url, messageEvent({ openId: "ou_sari", text: "kpi define gmv", messageId: "om_up" }));
    await app.idle();
    const reply = lark.sent().find((s) => s.kind === "reply" && s.target === "om_up");
    expect(JSON.stringify(reply?.card)).toContain("GMV");
  });

  it("recovers without a restart once Slack answers, and serves commands again", async () => {
    slack = await startFakeSlack({ port: slackPort });
    slack.users.set("USARI", { id: "USARI", name: "sari", email: "sari@demo.starling.dev" });
    const body = await healthUntil(app, (b) => b.slack === "ok", "Slack to be reachable again");
    expect(body).toEqual({ status: "ok", db: "ok", slack: "ok", lark: "ok" });
    expect(log.lines.some((l) => l.includes("slack: reachable again"))).toBe(true);

    const fake = slack;
    const responseUrl = fake.responseUrl();
    const id = responseUrl.split("/").pop();
    const sent = await sendToSlackEndpoint(
      app.url,
      slashCommandBody({ command: "/kpi", text: "define roi", userId: "USARI", responseUrl }),
    );
    expect(sent.status).toBe(200);
    const answer = await fake.waitFor(() => fake.responses.find((r) => r.id === id), "the answer");
    expect(answer.body.text).toContain("ROI");
  });

  it("delivers a Slack message once when chat.postMessage fails twice with 500, and a reply whose response_url does", async () => {
    const fake = slack as FakeSlack;
    fake.calls.length = 0;
    fake.fail("chat.postMessage", 500, 2);
    await app.platforms
      .find((p) => p.name === "slack")
      ?.sendToChannel("C0ALERTS", { text: "GMV dropped", blocks: [{ type: "section", text: "GMV dropped" }] });
    expect(fake.failed("chat.postMessage")).toBe(2);
    expect(fake.callsTo("chat.postMessage").map((c) => c.args.text)).toEqual(["GMV dropped"]);

    fake.fail("response_url", 503, 2);
    const responseUrl = fake.responseUrl();
    const id = responseUrl.split("/").pop();
    await sendToSlackEndpoint(
      app.url,
      slashCommandBody({ command: "/kpi", text: "define ctr", userId: "USARI", responseUrl }),
    );
    await fake.waitFor(() => fake.responses.find((r) => r.id === id), "the reply", 15_000);
    await app.idle();
    expect(fake.failed("response_url")).toBe(2);
    expect(fake.responses.filter((r) => r.id === id)).toHaveLength(1);
  });

  it("delivers a Lark reply once when the reply API fails twice with 500", async () => {
    lark.calls.length = 0;
    lark.fail("/reply", 500, 2);
    await sendLarkCallback(app.url, messageEvent({ openId: "ou_sari", text: "kpi define ctr", messageId: "om_5xx" }));
    await app.idle();
    expect(lark.sent().filter((s) => s.kind === "reply" && s.target === "om_5xx")).toHaveLength(1);
  });

  it("delivers a Lark file once when the upload API fails twice with 500", async () => {
    lark.calls.length = 0;
    lark.fail("/im/v1/files", 500, 2);
    // Sari's own logs as a CSV: the reply carries a file, uploaded before it is sent.
    await sendLarkCallback(
      app.url,
      messageEvent({ openId: "ou_sari", text: "export facts 2026-11", messageId: "om_file5xx" }),
    );
    await app.idle();
    expect(lark.failed("/im/v1/files")).toBe(2);
    expect(lark.calls.filter((c) => c.path === "/open-apis/im/v1/files")).toHaveLength(1);
    const files = lark.sent().filter((s) => s.target === "om_file5xx" && s.call.body.msg_type === "file");
    expect(files).toHaveLength(1);
    expect(files[0]?.card).toEqual({ file_key: expect.stringMatching(/^file_/) });
  });

  it("left no promise rejected and unhandled", () => {
    expect(rejections).toEqual([]);
  });
});

describe("a revoked Slack token, an unreachable Lark, and Socket Mode with Slack away at start", () => {
  it("connects over Socket Mode once Slack answers, without a restart", async () => {
    const port = await freePort();
    const { app } = await start(
      "pglite",
      {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_APP_TOKEN: "xapp-1-test",
        SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      },
      false,
    );
    const slack = await startFakeSlack({ port });
    try {
      expect((await health(app)).body.slack).toBe("degraded");
      await slack.waitFor(() => slack.socketConnections() > 0, "the Socket Mode connection", 15_000);
      await healthUntil(app, (b) => b.slack === "ok", "Slack to be ok");
    } finally {
      await app.stop();
      await slack.close();
    }
  });

  it("start, report both as degraded with the reason, recover when each comes back, and notice a later revocation", async () => {
    const slack = await startFakeSlack();
    slack.revokeToken();
    const larkPort = await freePort();
    const { app, log } = await start(
      "pglite",
      { ...slackEnv(slack.apiUrl), ...larkEnv(`http://127.0.0.1:${larkPort}`) },
      false,
    );
    let lark: FakeLark | undefined;
    try {
      const down = await health(app);
      expect(down.status).toBe(200);
      expect(down.body).toMatchObject({ status: "degraded", slack: "degraded", lark: "degraded" });
      expect(down.body.reasons.slack).toContain("token_revoked");
      expect(down.body.reasons.lark).toMatch(/token or bot info call failed/);
      expect(down.body.reasons.lark).not.toContain("lark-test-secret");

      slack.restore();
      lark = await startFakeLark({ port: larkPort });
      await healthUntil(app, (b) => b.slack === "ok" && b.lark === "ok", "both platforms to recover");
      expect(log.lines.some((l) => l.includes("lark: reachable again"))).toBe(true);
      await waitFor(() => lark?.calls.some((c) => c.path === "/open-apis/bot/v3/info"), "the bot info call");

      // Revoked again later, while running: the first refused send says so on /healthz, until the token works.
      slack.revokeToken();
      const post = app.platforms
        .find((p) => p.name === "slack")
        ?.sendToChannel("C0GENERAL", { text: "hello", blocks: [{ type: "section", text: "hello" }] });
      await expect(post).rejects.toThrow(/token_revoked/);
      expect((await health(app)).body).toMatchObject({
        slack: "degraded",
        reasons: { slack: expect.stringContaining("token_revoked") },
      });
      slack.restore();
      await healthUntil(app, (b) => b.slack === "ok", "Slack to accept the token again");
    } finally {
      await app.stop();
      await slack.close();
      await lark?.close();
    }
  });
});
