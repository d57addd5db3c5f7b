// The fault suite's promise about requests that did not come from Slack, Lark or TikTok, or came from a workspace
// Starling does not serve: each is refused, and each changes nothing in the database. Forged and replayed
// Slack requests (bad signature, old timestamp, tampered or replayed body, missing headers), forged and replayed
// Lark events (bad signature, old timestamp, unencrypted body while an Encrypt Key is set, wrong verification token),
// a Lark app without an Encrypt Key (it refuses to start), forged and replayed TikTok webhooks, and events from a
// Slack team and a Lark tenant that are not on the allow-list. On both databases, from an empty one: had any of
// these been accepted, its sender would have become the admin of a new workspace.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slackSignature } from "../../src/chat/slack-signature.js";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { type Starling, startStarling } from "../../src/main.js";
import { webhookSignature } from "../../src/tiktok/webhook.js";
import { TIKTOK_WEBHOOK_PATH } from "../../src/tiktok/webhook-route.js";
import { testClock } from "../support/app.js";
import { DATABASE_KINDS, type DatabaseKind, emptyDatabaseConfig } from "../support/databases.js";
import {
  cardAction,
  type FakeLark,
  larkTestEnv,
  menuEvent,
  messageEvent,
  sendLarkCallback,
  startFakeLark,
  TENANT_KEY,
  TEST_ENCRYPT_KEY,
  TEST_VERIFICATION_TOKEN,
} from "../support/fake-lark.js";
import {
  type FakeSlack,
  interactiveBody,
  sendToSlackEndpoint,
  slashCommandBody,
  startFakeSlack,
  TEST_SIGNING_SECRET,
} from "../support/fake-slack.js";
import { FAKE_APP_KEY, FAKE_APP_SECRET } from "../support/fake-tiktok.js";

/** A second Slack team Starling serves (SLACK_TEAM_IDS), besides the bot token's own (T0STARLING). */
const LISTED_TEAM = "T0PARTNER";
const STRANGER_TEAM = "T0STRANGER";
const STRANGER_TENANT = "tenant_stranger_org";
const SECRET_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/** A logger that keeps its lines, so a test can check that a refusal names the id an operator would add. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

async function startWithLog(
  kind: DatabaseKind,
  env: Record<string, string>,
): Promise<{ app: Starling; log: ReturnType<typeof recordingLogger> }> {
  const database = await emptyDatabaseConfig(kind);
  const config = loadConfig({ PORT: "0", DEMO_DATA: "off", ...env });
  const log = recordingLogger();
  const app = await startStarling(
    { ...config, database },
    { clock: testClock(), logger: log, host: "127.0.0.1", scheduler: false },
  );
  return { app, log };
}

describe.each(DATABASE_KINDS)("forged, replayed and stranger requests on %s", (kind) => {
  let slack: FakeSlack;
  let lark: FakeLark;
  let app: Starling;
  let log: ReturnType<typeof recordingLogger>;
  const prisma = () => app.db.prisma;

  /** Everything a refused request could have changed: workspaces and their bindings, members, claims, data. */
  async function snapshot() {
    const db = prisma();
    return {
      workspaces: await db.workspace.findMany({
        select: { id: true, slackTeamId: true, larkTenantKey: true },
        orderBy: { id: "asc" },
      }),
      members: await db.member.findMany({ select: { id: true, role: true, slackUserId: true, larkOpenId: true } }),
      deliveries: await db.processedEvent.count(),
      logs: await db.contentLog.count(),
      links: await db.memberLink.count(),
      audit: await db.auditLog.count(),
    };
  }
  const slackSend = async (body: string, options?: Parameters<typeof sendToSlackEndpoint>[2]) => {
    const res = await sendToSlackEndpoint(app.url, body, options);
    await app.idle();
    return res;
  };
  const larkSend = async (payload: unknown, options?: Parameters<typeof sendLarkCallback>[2]) => {
    const res = await sendLarkCallback(app.url, payload, options);
    await app.idle();
    return res;
  };
  const command = (
    text: string,
    extra: { teamId?: string; userId?: string; triggerId?: string; command?: string } = {},
  ) => {
    const responseUrl = slack.responseUrl();
    return {
      id: responseUrl.split("/").pop() as string,
      body: slashCommandBody({
        command: extra.command ?? "/log",
        text,
        userId: extra.userId ?? "USARI",
        teamId: extra.teamId,
        responseUrl,
        triggerId: extra.triggerId,
      }),
    };
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    lark = await startFakeLark();
    slack.users.set("USARI", { id: "USARI", name: "sari", email: "sari@example.com" });
    ({ app, log } = await startWithLog(kind, {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_TEAM_IDS: LISTED_TEAM,
      ...larkTestEnv(lark.domain),
      TIKTOK_APP_KEY: FAKE_APP_KEY,
      TIKTOK_APP_SECRET: FAKE_APP_SECRET,
      // No shop is connected, so no call leaves for TikTok; the webhook's own checks are what is tested.
      TIKTOK_API_URL: "http://127.0.0.1:9",
      TIKTOK_AUTH_URL: "http://127.0.0.1:9",
      STARLING_SECRET_KEY: SECRET_KEY,
    }));
    // A workspace nobody has bound yet: the shape a forged first event used to adopt.
    await prisma().workspace.create({ data: { name: "Acme (not yet connected)" } });
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await lark?.close();
  });
  beforeEach(() => {
    slack.calls.length = 0;
    slack.responses.length = 0;
    lark.calls.length = 0;
  });

  describe("Slack", () => {
    it("refuses a command, a click and an App Home from a team not on the allow-list: nothing bound, nobody admin", async () => {
      const before = await snapshot();
      const stranger = command("video 3", { teamId: STRANGER_TEAM, userId: "UEVE" });
      expect((await slackSend(stranger.body)).status).toBe(200);
      const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === stranger.id), "the refusal");
      expect(answer.body.response_type).toBe("ephemeral");
      expect(answer.body.text).toContain("not connected to Starling");
      expect(answer.body.text).toContain("尚未接入");

      const click = interactiveBody({
        type: "block_actions",
        user: { id: "UEVE", username: "eve", team_id: STRANGER_TEAM },
        team: { id: STRANGER_TEAM, domain: "stranger" },
        api_app_id: "A0STARLING",
        trigger_id: "stranger.click.1",
        container: { type: "message", message_ts: "1.2", channel_id: "C0X", is_ephemeral: false },
        channel: { id: "C0X", name: "x" },
        response_url: slack.responseUrl(),
        actions: [{ action_id: "link.confirm", value: "ABC234", block_id: "b", action_ts: "1.3", type: "button" }],
      });
      expect((await slackSend(click)).status).toBe(200);
      const home = JSON.stringify({
        token: "x",
        team_id: STRANGER_TEAM,
        api_app_id: "A0STARLING",
        type: "event_callback",
        event_id: "Ev0STRANGER",
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "app_home_opened", user: "UEVE", channel: "D0EVE", tab: "home", event_ts: "1.2" },
      });
      expect((await slackSend(home, { contentType: "application/json" })).status).toBe(200);

      expect(await snapshot()).toEqual(before);
      expect(slack.callsTo("users.info")).toHaveLength(0);
      expect(log.lines.some((l) => l.includes(STRANGER_TEAM) && l.includes("SLACK_TEAM_IDS"))).toBe(true);
    });

    it("refuses a bad signature, missing headers, an old or future timestamp and a tampered body: 401, nothing changed", async () => {
      const before = await snapshot();
      const { body } = command("video 5");
      const now = Math.floor(Date.now() / 1000);
      const results = [
        await slackSend(body, { secret: "not-the-signing-secret" }),
        await slackSend(body, { signature: null }),
        await slackSend(body, { signature: null, headers: { "x-slack-request-timestamp": "" } }),
        await slackSend(body, { signature: "v1=abc" }),
        await slackSend(body, { timestamp: now - 6 * 60 }),
        await slackSend(body, { timestamp: now + 6 * 60 }),
        await slackSend(body, {
          timestamp: now,
          signature: slackSignature(TEST_SIGNING_SECRET, String(now), `${body}&x=1`),
        }),
      ];
      expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
      expect(slack.responses).toHaveLength(0);
      expect(await snapshot()).toEqual(before);
    });

    it("acts once on a replayed body: Slack's retry and a copy sent later are both skipped", async () => {
      const genuine = command("video 1", { triggerId: "replay.trigger.1" });
      const first = await slackSend(genuine.body);
      expect(first.status).toBe(200);
      await slack.waitFor(() => slack.responses.find((r) => r.id === genuine.id), "the first reply");
      const after = await snapshot();
      expect(after.members).toHaveLength(1);
      // (The first sender of the token's own team became its admin: a welcome, then the answer.)
      const answered = slack.responses.filter((r) => r.id === genuine.id).length;

      const retried = await slackSend(genuine.body, { headers: { "x-slack-retry-num": "1" } });
      const copied = await slackSend(genuine.body);
      // The same bytes five minutes later: the signature's timestamp gives it away.
      const stale = await slackSend(genuine.body, { timestamp: Math.floor(Date.now() / 1000) - 5 * 60 - 5 });
      expect([retried.status, copied.status, stale.status]).toEqual([200, 200, 401]);
      expect(slack.responses.filter((r) => r.id === genuine.id)).toHaveLength(answered);
      expect(await snapshot()).toEqual(after);
    });

    it("serves a team named in SLACK_TEAM_IDS besides the bot token's own", async () => {
      const listed = command("video 1", { teamId: LISTED_TEAM, userId: "UPAT" });
      await slackSend(listed.body);
      const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === listed.id), "the answer");
      expect(answer.body.text).not.toContain("not connected");
      const bound = await prisma().workspace.findFirst({ where: { slackTeamId: LISTED_TEAM } });
      expect(bound).not.toBeNull();
    });
  });

  describe("Lark", () => {
    const dm = (text: string, extra: { tenantKey?: string; openId?: string; messageId?: string } = {}) =>
      messageEvent({ openId: extra.openId ?? "ou_sari", text, messageId: extra.messageId, tenantKey: extra.tenantKey });

    it("refuses a message, a card click and a menu click from a tenant not on the allow-list", async () => {
      const before = await snapshot();
      await larkSend(dm("kpi", { tenantKey: STRANGER_TENANT, openId: "ou_eve", messageId: "om_stranger" }));
      const reply = await lark.waitFor(
        () => lark.sent().find((s) => s.kind === "reply" && s.target === "om_stranger"),
        "the refusal",
      );
      expect(JSON.stringify(reply.card)).toContain("not connected to Starling");
      const click = await larkSend(
        cardAction({
          openId: "ou_eve",
          value: { action_id: "link.confirm", value: "ABC234" },
          tenantKey: STRANGER_TENANT,
        }),
      );
      expect(click.body.toast.content).toContain("not connected");
      await larkSend(menuEvent({ openId: "ou_eve", eventKey: "kpi", tenantKey: STRANGER_TENANT }));

      expect(await snapshot()).toEqual(before);
      expect(lark.calls.filter((c) => c.path.startsWith("/open-apis/contact/"))).toHaveLength(0);
      expect(log.lines.some((l) => l.includes(STRANGER_TENANT) && l.includes("LARK_TENANT_KEYS"))).toBe(true);
    });

    it("refuses a bad signature, an old timestamp, a plain body, another key and a wrong token: nothing changed", async () => {
      const before = await snapshot();
      const event = dm("log video 5");
      const results = [
        await larkSend(event, { signature: "0".repeat(64) }),
        await larkSend(event, { signature: null }),
        await larkSend(event, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 }),
        await larkSend(event, { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 }),
        // An Encrypt Key is set, so a plain body is not from Lark, whatever its token says.
        await larkSend(event, { encryptKey: null }),
        await larkSend({ ...event, header: { ...event.header, token: "someone-else" } }),
        await larkSend({ ...event, header: { ...event.header, token: `${TEST_VERIFICATION_TOKEN}x` } }),
        // Encrypted (and signed) with another key: it does not even decrypt.
        await larkSend(event, { encryptKey: "some-other-key" }),
      ];
      expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 400]);
      expect(lark.sent()).toHaveLength(0);
      expect(await snapshot()).toEqual(before);
    });

    it("acts once on a replayed event: the same event id, and the same message under a new event id", async () => {
      const event = dm("log video 1", { messageId: "om_replay_1" });
      expect((await larkSend(event)).status).toBe(200);
      const after = await snapshot();
      const replies = () => lark.sent().filter((s) => s.kind === "reply" && s.target === "om_replay_1").length;
      const answered = replies();
      expect(answered).toBeGreaterThan(0);
      await larkSend(event);
      await larkSend({ ...event, header: { ...event.header, event_id: "ev_replayed_again" } });
      expect(replies()).toBe(answered);
      expect(await snapshot()).toEqual(after);
    });

    it("refuses to start a Lark app over HTTP without an Encrypt Key, and says which setting is missing", async () => {
      const env = {
        LARK_APP_ID: "cli_a1b2c3d4e5f60718",
        LARK_APP_SECRET: "lark-test-secret",
        LARK_VERIFICATION_TOKEN: TEST_VERIFICATION_TOKEN,
        LARK_DOMAIN: lark.domain,
        LARK_TENANT_KEYS: TENANT_KEY,
      };
      await expect(startWithLog(kind, env)).rejects.toThrow(
        /LARK_ENCRYPT_KEY: expected the app's Encrypt Key .*a forged event cannot be told from Lark's/,
      );
      await expect(
        startWithLog(kind, { ...env, LARK_ENCRYPT_KEY: TEST_ENCRYPT_KEY, LARK_TENANT_KEYS: "" }),
      ).rejects.toThrow(/LARK_TENANT_KEYS: expected the tenant key/);
    });
  });

  describe("TikTok Shop webhooks", () => {
    const unix = () => Math.floor(testClock()().toSeconds());
    const post = (raw: string, authorization?: string) =>
      fetch(`${app.url}${TIKTOK_WEBHOOK_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: raw,
      });
    const event = (timestamp: number) =>
      JSON.stringify({ type: 1, shop_id: "7494726673780148744", timestamp, data: { order_id: "576684019603311365" } });

    it("refuses a missing, wrong or reused signature and a tampered body: 401, nothing changed", async () => {
      const before = await snapshot();
      const raw = event(unix());
      const signature = webhookSignature(raw, FAKE_APP_KEY, FAKE_APP_SECRET);
      const results = [
        await post(raw),
        await post(raw, "0".repeat(64)),
        await post(raw, webhookSignature(raw, FAKE_APP_KEY, "another-app-secret")),
        await post(`${raw.slice(0, -1)},"tampered":true}`, signature),
      ];
      expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401]);
      expect(await snapshot()).toEqual(before);
    });

    it("acts once on a replayed webhook, and refuses one whose timestamp is stale", async () => {
      const raw = event(unix() + 1);
      const signature = webhookSignature(raw, FAKE_APP_KEY, FAKE_APP_SECRET);
      expect((await post(raw, signature)).status).toBe(200);
      const after = await snapshot();
      expect((await post(raw, signature)).status).toBe(200);
      expect(log.lines.filter((l) => l.includes("ignored a repeated webhook"))).toHaveLength(1);
      const old = event(unix() - 20 * 60);
      expect((await post(old, webhookSignature(old, FAKE_APP_KEY, FAKE_APP_SECRET))).status).toBe(401);
      expect(await snapshot()).toEqual(after);
    });
  });

  it("for contrast, the genuine requests are answered: a signed command from the token's team", async () => {
    const genuine = command("define gmv", { userId: "USARI", command: "/kpi" });
    await slackSend(genuine.body);
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === genuine.id), "the answer");
    expect(answer.body.text).toContain("GMV");
  });
});
