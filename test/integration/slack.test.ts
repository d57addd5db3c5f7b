// Starling as a Slack app, end to end: signed requests to /slack/events, a local fake Slack Web API, and the
// real database (PGlite and PostgreSQL). Each test checks what a Slack user would see, and what was stored.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { FIXED_NOW, startTestApp } from "../support/app.js";
import { DATABASE_KINDS, emptyDatabaseConfig } from "../support/databases.js";
import {
  type FakeSlack,
  interactiveBody,
  type Json,
  sendToSlackEndpoint,
  slashCommandBody,
  startFakeSlack,
  TEST_SIGNING_SECRET,
} from "../support/fake-slack.js";

const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/slack-bolt-python");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

const slackEnv = (fake: FakeSlack) => ({
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
  // The Bolt fixtures come from team T111: served here so that they are handled, not refused (the allow-list has
  // its own tests in test/fault/forged-requests.test.ts).
  SLACK_TEAM_IDS: "T111",
});

/** Demo members as Slack users: the email is how Starling recognises them on first use. */
function addDemoUsers(fake: FakeSlack) {
  for (const handle of ["sari", "budi", "ava", "mei", "rizky"]) {
    const id = `U${handle.toUpperCase()}`;
    fake.users.set(id, {
      id,
      name: handle,
      email: `${handle}@demo.starling.dev`,
      locale: handle === "mei" ? "zh-CN" : "en-US",
    });
  }
  // Dewi's Slack account does not share an email (no users:read.email): she links with /kpi link.
  fake.users.set("UDEWI", { id: "UDEWI", name: "dewi.k" });
}

const textOf = (body: Json): string =>
  [body.text ?? "", ...(body.blocks ?? []).map((b: Json) => JSON.stringify(b))].join("\n");

describe.each(DATABASE_KINDS)("Slack on %s", (kind) => {
  let fake: FakeSlack;
  let app: Starling;
  const prisma = () => app.db.prisma;

  async function slash(userId: string, text: string, extra: { command?: string; triggerId?: string } = {}) {
    const responseUrl = fake.responseUrl();
    const id = responseUrl.split("/").pop() as string;
    const body = slashCommandBody({
      command: extra.command ?? "/kpi",
      text,
      userId,
      responseUrl,
      triggerId: extra.triggerId,
    });
    const ack = await sendToSlackEndpoint(app.url, body);
    return { ack, id, body, responses: () => fake.responses.filter((r) => r.id === id) };
  }
  const replyTo = (id: string) => fake.waitFor(() => fake.responses.find((r) => r.id === id), `a reply at ${id}`);

  beforeAll(async () => {
    fake = await startFakeSlack();
    addDemoUsers(fake);
    app = await startTestApp(kind, { env: slackEnv(fake) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  afterEach(() => {
    fake.calls.length = 0;
    fake.responses.length = 0;
  });

  it("answers Slack's url_verification challenge (the real payload)", async () => {
    const body = fixture("test_events_url_verification__event_body.json");
    const res = await sendToSlackEndpoint(app.url, body, { contentType: "application/json" });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: JSON.parse(body).challenge });
  });

  it("rejects bad, missing and stale signatures with 401 and changes nothing", async () => {
    const before = await prisma().contentLog.count();
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({ command: "/log", text: "video 5", userId: "USARI", responseUrl });
    const now = Math.floor(Date.now() / 1000);
    const bad = await sendToSlackEndpoint(app.url, body, { secret: "not-the-secret" });
    const missing = await sendToSlackEndpoint(app.url, body, { signature: null });
    const stale = await sendToSlackEndpoint(app.url, body, { timestamp: now - 6 * 60 });
    const future = await sendToSlackEndpoint(app.url, body, { timestamp: now + 6 * 60 });
    const tampered = await sendToSlackEndpoint(app.url, body, {
      signature: (await import("../../src/chat/slack-signature.js")).slackSignature(
        TEST_SIGNING_SECRET,
        String(now),
        `${body}0`,
      ),
      timestamp: now,
    });
    expect([bad.status, missing.status, stale.status, future.status, tampered.status]).toEqual([
      401, 401, 401, 401, 401,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responses).toHaveLength(0);
    expect(await prisma().contentLog.count()).toBe(before);
  });

  it("acks a slash command at once and the reply arrives by response_url, with an Undo that updates it", async () => {
    const before = await prisma().contentLog.count({ where: { member: { handle: "sari" } } });
    const { ack, id } = await slash("USARI", "video 2 #serum", { command: "/log" });
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");
    const reply = await replyTo(id);
    expect(reply.body.response_type).toBe("in_channel");
    expect(reply.body.text).toContain("Logged 2 videos · #serum");
    // Sari was recognised by her Slack email and linked to her member on first use.
    expect(fake.callsTo("users.info")[0]?.args.user).toBe("USARI");
    const sari = await prisma().member.findFirstOrThrow({ where: { handle: "sari" } });
    expect(sari.slackUserId).toBe("USARI");
    expect(await prisma().contentLog.count({ where: { memberId: sari.id } })).toBe(before + 1);

    // Click Undo on the posted message: the message is replaced in place and the log is gone.
    const button = reply.body.blocks
      .find((b: Json) => b.type === "actions")
      .elements.find((e: Json) => e.action_id.startsWith("log.undo"));
    const click = await sendToSlackEndpoint(
      app.url,
      interactiveBody({
        type: "block_actions",
        user: { id: "USARI", username: "sari", team_id: "T0STARLING" },
        team: { id: "T0STARLING", domain: "starling-test" },
        api_app_id: "A0STARLING",
        trigger_id: "click.1",
        container: { type: "message", message_ts: "1700000000.000100", channel_id: "C0GENERAL", is_ephemeral: false },
        channel: { id: "C0GENERAL", name: "general" },
        message: { ts: "1700000000.000100", text: reply.body.text },
        response_url: fake.responseUrl(),
        actions: [{ ...button, block_id: "b1", action_ts: "1700000001.000200" }],
      }),
    );
    expect(click.status).toBe(200);
    const update = await fake.waitFor(() => fake.callsTo("chat.update")[0], "chat.update");
    expect(update.args.channel).toBe("C0GENERAL");
    expect(update.args.ts).toBe("1700000000.000100");
    expect(update.args.text).toContain("Undone: 2 videos");
    expect(await prisma().contentLog.count({ where: { memberId: sari.id, undoneAt: null } })).toBe(before);
  });

  it("never logs twice when Slack retries or replays a command (same trigger id)", async () => {
    const sari = await prisma().member.findFirstOrThrow({ where: { handle: "sari" } });
    const before = await prisma().contentLog.count({ where: { memberId: sari.id } });
    const first = await slash("USARI", "post 1", { command: "/log", triggerId: "retry.trigger.1" });
    await replyTo(first.id);
    const retry = await sendToSlackEndpoint(app.url, first.body, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(first.responses()).toHaveLength(1);
    expect(await prisma().contentLog.count({ where: { memberId: sari.id } })).toBe(before + 1);
  });

  it("links a new user once when their first commands arrive together", async () => {
    const commands = await Promise.all([1, 2, 3].map((n) => slash("URIZKY", n === 1 ? "" : "week")));
    const replies = await Promise.all(commands.map((c) => replyTo(c.id)));
    for (const reply of replies) expect(reply.body.text).toContain("(@rizky)");
    const rizky = await prisma().member.findFirstOrThrow({ where: { handle: "rizky" } });
    expect(rizky.slackUserId).toBe("URIZKY");
  });

  it("keeps a private reply private: its text is ephemeral and its file goes to the member's DM, not the channel", async () => {
    const { id } = await slash("USARI", "facts 2026-11", { command: "/export" });
    const reply = await replyTo(id);
    expect(reply.body.response_type).toBe("ephemeral");
    expect(reply.body.text).toContain("facts-");
    const complete = await fake.waitFor(() => fake.callsTo("files.completeUploadExternal")[0], "the file upload");
    expect(complete.args.channel_id).toBe("DSARI");
    expect(fake.callsTo("conversations.open")[0]?.args.users).toBe("USARI");
  });

  it("escapes user text so <!channel> cannot ping anyone", async () => {
    const { id } = await slash("USARI", "define <!channel><@U123>");
    const reply = await replyTo(id);
    const all = textOf(reply.body);
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("<@U123>");
    expect(all).toContain("&lt;!channel&gt;");
  });

  it("opens the target modal for a lead, stores a valid submission and explains a bad one field by field", async () => {
    const { id } = await slash("UBUDI", "set", { command: "/target", triggerId: "modal.trigger.1" });
    const open = await fake.waitFor(() => fake.callsTo("views.open")[0], "views.open");
    expect(open.args.trigger_id).toBe("modal.trigger.1");
    const view = open.args.view;
    expect(view.callback_id).toBe("form:target.set");
    expect(view.blocks.filter((b: Json) => b.type === "input").map((b: Json) => b.block_id)).toEqual([
      "metric",
      "period",
      "tiers",
      "currency",
      "who",
      "weight",
    ]);
    expect(fake.responses.filter((r) => r.id === id)).toHaveLength(0);

    const submit = (values: Record<string, string>) =>
      sendToSlackEndpoint(
        app.url,
        interactiveBody({
          type: "view_submission",
          user: { id: "UBUDI", username: "budi", team_id: "T0STARLING" },
          team: { id: "T0STARLING", domain: "starling-test" },
          api_app_id: "A0STARLING",
          trigger_id: `submit.${Math.random()}`,
          view: {
            ...view,
            id: "V0TARGET",
            hash: "1.abc",
            state: {
              values: Object.fromEntries(
                Object.entries(values).map(([k, v]) => [
                  k,
                  {
                    value: ["metric", "period"].includes(k)
                      ? { type: "static_select", selected_option: { value: v } }
                      : { type: "plain_text_input", value: v },
                  },
                ]),
              ),
            },
          },
        }),
      );

    const targetsBefore = await prisma().target.count();
    const bad = await submit({
      metric: "videos_posted",
      period: "month",
      tiers: "abc",
      currency: "",
      who: "@sari",
      weight: "",
    });
    expect(bad.status).toBe(200);
    const errors = JSON.parse(bad.text);
    expect(errors.response_action).toBe("errors");
    expect(Object.keys(errors.errors)).toEqual(["tiers"]);
    expect(await prisma().target.count()).toBe(targetsBefore);

    const good = await submit({
      metric: "videos_posted",
      period: "month",
      tiers: "30/40/50",
      currency: "",
      who: "@sari",
      weight: "40%",
    });
    expect(good.status).toBe(200);
    expect(good.text).toBe("");
    const sari = await prisma().member.findFirstOrThrow({ where: { handle: "sari" } });
    const stored = await prisma().target.findFirstOrThrow({
      where: { metricKey: "videos_posted", scopeType: "member", scopeId: sari.id },
      include: { tiers: { orderBy: { rank: "asc" } } },
    });
    expect(stored.tiers.map((t) => Number(t.value))).toEqual([30, 40, 50]);
    expect(Number(stored.weight)).toBeCloseTo(0.4);
    // Budi gets the confirmation in his DM.
    const dm = await fake.waitFor(
      () => fake.callsTo("chat.postMessage").find((c) => c.args.channel === "UBUDI"),
      "the confirmation DM",
    );
    expect(dm.args.text).toContain("Target set");
  });

  it("stores standup answers submitted from the modal", async () => {
    await slash("USARI", "", { command: "/standup", triggerId: "standup.trigger.1" });
    const open = await fake.waitFor(() => fake.callsTo("views.open")[0], "views.open");
    const view = open.args.view;
    expect(view.callback_id).toBe("form:standup.answer");
    const inputs = view.blocks.filter((b: Json) => b.type === "input");
    expect(inputs).toHaveLength(3);
    const res = await sendToSlackEndpoint(
      app.url,
      interactiveBody({
        type: "view_submission",
        user: { id: "USARI", team_id: "T0STARLING" },
        team: { id: "T0STARLING", domain: "starling-test" },
        trigger_id: "standup.submit.1",
        view: {
          ...view,
          id: "V0STANDUP",
          state: {
            values: {
              [inputs[0].block_id]: { value: { type: "plain_text_input", value: "Posted 3 serum videos" } },
              [inputs[1].block_id]: { value: { type: "plain_text_input", value: "LIVE at 8pm" } },
              [inputs[2].block_id]: { value: { type: "plain_text_input", value: null } },
            },
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    const answers = await prisma().standupAnswer.findMany({
      where: { member: { handle: "sari" } },
      orderBy: { answer: "asc" },
    });
    expect(answers.map((a) => a.answer)).toEqual(["LIVE at 8pm", "Posted 3 serum videos"]);
    expect(answers[0]?.localDate.toISOString().slice(0, 10)).toBe("2026-11-23");
  });

  it("publishes the App Home tab with the member's KPIs, once per event id", async () => {
    const event = (eventId: string) =>
      JSON.stringify({
        token: "x",
        team_id: "T0STARLING",
        api_app_id: "A0STARLING",
        type: "event_callback",
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "app_home_opened", user: "UBUDI", channel: "D0BUDI", tab: "home", event_ts: "1.2" },
      });
    const first = await sendToSlackEndpoint(app.url, event("Ev0HOME1"), { contentType: "application/json" });
    expect(first.status).toBe(200);
    const publish = await fake.waitFor(() => fake.callsTo("views.publish")[0], "views.publish");
    expect(publish.args.user_id).toBe("UBUDI");
    expect(publish.args.view.type).toBe("home");
    const home = JSON.stringify(publish.args.view);
    expect(home).toContain("Starling: your numbers");
    expect(home).toContain("form.open");
    expect(publish.args.view.blocks.length).toBeLessThanOrEqual(100);

    const again = await sendToSlackEndpoint(app.url, event("Ev0HOME1"), {
      contentType: "application/json",
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.callsTo("views.publish")).toHaveLength(1);
  });

  it("tells an unknown user how to link, and links them once an admin confirms", async () => {
    const stranger = await slash("UDEWI", "");
    const hello = await replyTo(stranger.id);
    expect(hello.body.response_type).toBe("ephemeral");
    expect(hello.body.text).toContain("/kpi link @your-handle");
    expect(hello.body.text).toContain("你好");

    // Ava, the admin, is known by email: her first command links her, so the request can reach her in Slack.
    await replyTo((await slash("UAVA", "define gmv")).id);
    const asked = await slash("UDEWI", "link @dewi");
    const requested = await replyTo(asked.id);
    const code = /code is ([A-Z0-9]{6})/.exec(requested.body.text)?.[1];
    expect(code).toBeDefined();
    const adminDm = await fake.waitFor(
      () =>
        fake
          .callsTo("chat.postMessage")
          .find((c) => c.args.channel === "UAVA" && String(c.args.text).includes(code ?? "")),
      "the admin's DM",
    );
    expect(JSON.stringify(adminDm.args.blocks)).toContain("link.confirm");
    expect((await prisma().member.findFirstOrThrow({ where: { handle: "dewi" } })).slackUserId).toBeNull();

    const confirmed = await replyTo((await slash("UAVA", `link confirm ${code}`)).id);
    expect(confirmed.body.text).toContain("@dewi");
    expect((await prisma().member.findFirstOrThrow({ where: { handle: "dewi" } })).slackUserId).toBe("UDEWI");
    const now = await replyTo((await slash("UDEWI", "")).id);
    expect(now.body.text).toContain("(@dewi)");
  });

  it("sends a rate-limited message later instead of losing it", async () => {
    fake.rateLimit("response_url", 1);
    const started = Date.now();
    const { id, ack } = await slash("USARI", "define roi");
    expect(ack.status).toBe(200);
    const reply = await replyTo(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(reply.body.text).toContain("ROI");

    fake.rateLimit("chat.postMessage", 1);
    await app.platforms
      .find((p) => p.name === "slack")
      ?.sendToChannel("C0ALERTS", {
        text: "GMV dropped",
        blocks: [{ type: "section", text: "GMV dropped" }],
      });
    expect(fake.callsTo("chat.postMessage").map((c) => c.args.text)).toEqual(["GMV dropped"]);
  });

  it("posts an alert to the team's alert channel and acknowledges it from its button, in place", async () => {
    const team = (await app.services.members.allTeams()).find((t) => t.slug === "ID-beauty");
    if (!team) throw new Error("no ID-beauty");
    await prisma().alertEvent.deleteMany({ where: { teamId: team.id } });
    const spikeDay = FIXED_NOW.minus({ days: 6 }).toISODate() as string;
    await app.services.alertScan.scanTeam(team, { evalDate: spikeDay });
    const post = await fake.waitFor(
      () => fake.callsTo("chat.postMessage").find((c) => c.args.channel === "demo-alerts-id"),
      "the alert in #demo-alerts-id",
    );
    expect(post.args.text).toContain("Return rate");
    const ack = post.args.blocks
      .find((b: Json) => b.type === "actions")
      .elements.find((e: Json) => e.action_id.startsWith("alert.ack"));
    const click = await sendToSlackEndpoint(
      app.url,
      interactiveBody({
        type: "block_actions",
        user: { id: "USARI", username: "sari", team_id: "T0STARLING" },
        team: { id: "T0STARLING", domain: "starling-test" },
        api_app_id: "A0STARLING",
        trigger_id: "alert.click.1",
        container: {
          type: "message",
          message_ts: "1700000009.000100",
          channel_id: "demo-alerts-id",
          is_ephemeral: false,
        },
        channel: { id: "demo-alerts-id", name: "demo-alerts-id" },
        message: { ts: "1700000009.000100", text: post.args.text },
        response_url: fake.responseUrl(),
        actions: [{ ...ack, block_id: "b1", action_ts: "1700000010.000200" }],
      }),
    );
    expect(click.status).toBe(200);
    const update = await fake.waitFor(
      () => fake.callsTo("chat.update").find((c) => c.args.ts === "1700000009.000100"),
      "the alert updated in place",
    );
    expect(update.args.text).toContain("acknowledged by @sari");
    const events = await prisma().alertEvent.findMany({ where: { teamId: team.id } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === "acknowledged")).toBe(true);
  });

  it("handles the real Bolt payload fixtures: slash command, block_actions, view_submission", async () => {
    const responseUrl = fake.responseUrl();
    const id = responseUrl.split("/").pop();
    const form = fixture("test_slash_command__slash_command_body.form.txt").replace(
      /response_url=[^&]+/,
      `response_url=${encodeURIComponent(responseUrl)}`,
    );
    expect((await sendToSlackEndpoint(app.url, form)).status).toBe(200);
    const reply = await replyTo(id as string);
    expect(reply.body.response_type).toBe("ephemeral");

    const actions = JSON.parse(fixture("test_block_actions__body.json"));
    const actionUrl = fake.responseUrl();
    actions.response_url = actionUrl;
    expect((await sendToSlackEndpoint(app.url, interactiveBody(actions))).status).toBe(200);
    await replyTo(actionUrl.split("/").pop() as string);

    const submission = fixture("test_view_submission__body.json");
    const res = await sendToSlackEndpoint(app.url, interactiveBody(JSON.parse(submission)));
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
  });
});

describe.each(DATABASE_KINDS)("Slack deliveries across a restart on %s", (kind) => {
  it("a retry that arrives after a restart is still recognised", async () => {
    const fake = await startFakeSlack();
    addDemoUsers(fake);
    const dir = kind === "pglite" ? mkdtempSync(join(tmpdir(), "starling-restart-")) : null;
    const database = dir ? { kind: "pglite" as const, dataDir: dir } : await emptyDatabaseConfig(kind);
    try {
      let app = await startTestApp(kind, { env: slackEnv(fake), database });
      const responseUrl = fake.responseUrl();
      const body = slashCommandBody({
        command: "/log",
        text: "video 4",
        userId: "USARI",
        responseUrl,
        triggerId: "restart.1",
      });
      await sendToSlackEndpoint(app.url, body);
      await fake.waitFor(() => fake.responses[0], "the first reply");
      const count = await app.db.prisma.contentLog.count();
      await app.stop();

      app = await startTestApp(kind, { env: slackEnv(fake), database });
      const retry = await sendToSlackEndpoint(app.url, body, { headers: { "x-slack-retry-num": "2" } });
      expect(retry.status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(fake.responses).toHaveLength(1);
      expect(await app.db.prisma.contentLog.count()).toBe(count);
      await app.stop();
    } finally {
      await fake.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
