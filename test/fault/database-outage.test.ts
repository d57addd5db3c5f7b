// The fault suite's promise about a database that goes away: on a PostgreSQL server of this file's own (stopped and
// started again by the test; the shared test server is never touched), a Slack command and a Lark message handled
// while the server stops each get a clear "try again" reply, in the member's language when Starling knows it and in
// both otherwise; the delivery's claim is given back; and once the server is back, the retried delivery (Slack's
// retry, Lark's redelivery) acts exactly once. The same when the claim itself cannot be written. The classifier
// that tells "the database is away" from every other failure is checked on real errors of both adapters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { isDatabaseUnavailable } from "../../src/db/unavailable.js";
import { UserError } from "../../src/domain/errors.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { startTestApp } from "../support/app.js";
import {
  cardAction,
  type FakeLark,
  larkTestEnv,
  messageEvent,
  sendLarkCallback,
  startFakeLark,
} from "../support/fake-lark.js";
import {
  type FakeSlack,
  interactiveBody,
  sendToSlackEndpoint,
  slashCommandBody,
  startFakeSlack,
  TEST_SIGNING_SECRET,
} from "../support/fake-slack.js";
import { type PostgresServer, startPostgres } from "../support/postgres-server.js";

const TRY_AGAIN_EN = "send the same command again";
const TRY_AGAIN_ZH = "请一分钟后再发送同一条命令";

/** Polls an async probe (a database query once the server is back) until it holds. */
async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a PostgreSQL server that stops mid-command", () => {
  let server: PostgresServer;
  let slack: FakeSlack;
  let lark: FakeLark;
  let app: Starling;
  let paused = false;
  const prisma = () => app.db.prisma;
  const pause = () => {
    server.pause();
    paused = true;
  };
  const resume = () => {
    server.resume();
    paused = false;
  };
  const claimed = async (platform: string, eventId: string) =>
    (await prisma().processedEvent.count({ where: { platform, eventId } })) === 1;
  const videosOf = (handle: string) => prisma().contentLog.count({ where: { member: { handle }, undoneAt: null } });

  function slackCommand(userId: string, text: string, triggerId: string) {
    const responseUrl = slack.responseUrl();
    const id = responseUrl.split("/").pop() as string;
    const body = slashCommandBody({ command: "/log", text, userId, responseUrl, triggerId });
    return {
      body,
      send: (headers?: Record<string, string>) => sendToSlackEndpoint(app.url, body, { headers }),
      replies: () => slack.responses.filter((r) => r.id === id).map((r) => String(r.body.text)),
    };
  }
  const larkReplies = (messageId: string) =>
    lark
      .sent()
      .filter((s) => s.kind === "reply" && s.target === messageId)
      .map((s) => JSON.stringify(s.card));

  beforeAll(async () => {
    server = await startPostgres();
    slack = await startFakeSlack();
    lark = await startFakeLark();
    for (const handle of ["sari", "budi", "mei", "rizky"]) {
      const id = `U${handle.toUpperCase()}`;
      slack.users.set(id, { id, name: handle, email: `${handle}@demo.starling.dev` });
      lark.users.set(`ou_${handle}`, { openId: `ou_${handle}`, name: handle, email: `${handle}@demo.starling.dev` });
    }
    app = await startTestApp("postgres", {
      database: { kind: "postgres", url: server.adminUrl },
      env: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ...larkTestEnv(lark.domain),
      },
    });
  });
  afterAll(async () => {
    if (paused) resume();
    await app?.stop();
    await slack?.close();
    await lark?.close();
    server?.stop();
  });

  it("Slack: a command caught by the outage gets 'try again', its claim is given back, and Slack's retry acts once", async () => {
    const before = await videosOf("sari");
    const command = slackCommand("USARI", "video 1", "outage.slack.1");
    // Sari is new to Starling on Slack: her profile is asked for after the claim, and there the database stops.
    const profile = slack.hold("users.info");
    expect((await command.send()).status).toBe(200);
    await profile.reached;
    pause();
    profile.release();
    await app.idle();
    const [reply] = command.replies();
    expect(reply).toContain(TRY_AGAIN_EN);
    expect(reply).toContain(TRY_AGAIN_ZH);

    resume();
    await eventually(async () => !(await claimed("slack", "command:outage.slack.1")), "the claim to be released");
    expect(await videosOf("sari")).toBe(before);
    // Slack's retry of the same request: this time it acts, once; a second retry is recognised.
    await command.send({ "x-slack-retry-num": "1" });
    await app.idle();
    await command.send({ "x-slack-retry-num": "2" });
    await app.idle();
    expect(command.replies().slice(1)).toEqual([expect.stringContaining("Logged 1 video")]);
    expect(await videosOf("sari")).toBe(before + 1);
  });

  it("Lark: a message caught by the outage gets 'try again', its claims are given back, and the redelivery acts once", async () => {
    const before = await videosOf("budi");
    const event = messageEvent({ openId: "ou_budi", text: "log video 2", messageId: "om_outage_1" });
    const profile = lark.hold("/open-apis/contact/");
    expect((await sendLarkCallback(app.url, event)).status).toBe(200);
    await profile.reached;
    pause();
    profile.release();
    await app.idle();
    const [reply] = larkReplies("om_outage_1");
    expect(reply).toContain(TRY_AGAIN_EN);
    expect(reply).toContain(TRY_AGAIN_ZH);

    resume();
    await eventually(
      async () =>
        !(await claimed("lark", `event:${event.header.event_id}`)) && !(await claimed("lark", "message:om_outage_1")),
      "both claims to be released",
    );
    await sendLarkCallback(app.url, event);
    await app.idle();
    await sendLarkCallback(app.url, event);
    await app.idle();
    expect(larkReplies("om_outage_1").slice(1)).toEqual([expect.stringContaining("Logged 2 videos")]);
    expect(await videosOf("budi")).toBe(before + 1);
  });

  it("with the database already down, the claim cannot be written: both members (and a click) still get 'try again'", async () => {
    const before = { rizky: await videosOf("rizky"), sari: await videosOf("sari") };
    const command = slackCommand("URIZKY", "video 1", "outage.slack.2");
    const event = messageEvent({ openId: "ou_sari", text: "log video 1", messageId: "om_outage_2" });
    pause();
    expect((await command.send()).status).toBe(200);
    expect((await sendLarkCallback(app.url, event)).status).toBe(200);
    await app.idle();
    expect(command.replies()).toEqual([expect.stringContaining(TRY_AGAIN_EN)]);
    expect(larkReplies("om_outage_2")).toEqual([expect.stringContaining(TRY_AGAIN_ZH)]);
    // A click is no different: Slack's through the click's response_url, Lark's as the card's toast.
    const clickUrl = slack.responseUrl();
    await sendToSlackEndpoint(
      app.url,
      interactiveBody({
        type: "block_actions",
        user: { id: "URIZKY", username: "rizky", team_id: "T0STARLING" },
        team: { id: "T0STARLING", domain: "starling-test" },
        api_app_id: "A0STARLING",
        trigger_id: "outage.click.1",
        container: { type: "message", message_ts: "1.2", channel_id: "C0GENERAL", is_ephemeral: false },
        channel: { id: "C0GENERAL", name: "general" },
        response_url: clickUrl,
        actions: [{ action_id: "log.undo", value: "x", block_id: "b", action_ts: "1.3", type: "button" }],
      }),
    );
    const toast = await sendLarkCallback(app.url, cardAction({ openId: "ou_sari", value: { action_id: "log.undo" } }));
    await app.idle();
    const clickId = clickUrl.split("/").pop();
    expect(slack.responses.find((r) => r.id === clickId)?.body.text).toContain(TRY_AGAIN_EN);
    expect(toast.body.toast.content).toContain(TRY_AGAIN_EN);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);

    resume();
    // Nothing was claimed: the retry and the redelivery act at once, and once.
    await command.send({ "x-slack-retry-num": "1" });
    await sendLarkCallback(app.url, event);
    await app.idle();
    await command.send({ "x-slack-retry-num": "2" });
    await sendLarkCallback(app.url, event);
    await app.idle();
    expect(command.replies().slice(1)).toEqual([expect.stringContaining("Logged 1 video")]);
    expect(larkReplies("om_outage_2").slice(1)).toEqual([expect.stringContaining("Logged 1 video")]);
    expect({ rizky: await videosOf("rizky"), sari: await videosOf("sari") }).toEqual({
      rizky: before.rizky + 1,
      sari: before.sari + 1,
    });
  });

  it("a known member's command that meets the outage is answered 'try again' in their own language", async () => {
    // Budi switched to Chinese: the reply is in his language only.
    const row = await prisma().member.update({
      where: { id: (await prisma().member.findFirstOrThrow({ where: { handle: "budi" } })).id },
      data: { language: "zh" },
    });
    const budi = (await app.services.members.findById(row.id)) as MemberProfile;
    expect(budi.language).toBe("zh");
    pause();
    const [reply] = await app.dispatcher.dispatch({
      member: budi,
      text: "/log video 1",
      platform: "slack",
      conversation: "direct",
    });
    resume();
    expect(reply?.text).toContain(TRY_AGAIN_ZH);
    expect(reply?.text).not.toContain("编号");
    expect(reply?.text).not.toContain(TRY_AGAIN_EN);
  });
});

describe("telling 'the database is away' from other failures", () => {
  it("recognises a stopped PostgreSQL (through Prisma and plain SQL) and a closed PGlite, and nothing else", async () => {
    const server = await startPostgres();
    const pg = createDatabase({ kind: "postgres", url: server.adminUrl });
    const pglite = createDatabase({ kind: "pglite", dataDir: "memory://" });
    const caught = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        return error;
      }
      throw new Error("expected a failure");
    };
    try {
      await migrate(pg.sql);
      await migrate(pglite.sql);
      await pg.prisma.processedEvent.createMany({ data: [{ platform: "t", eventId: "1" }] });
      // Not an outage: a broken unique key, a bad query, a member's mistake.
      const duplicate = await caught(() => pg.prisma.processedEvent.create({ data: { platform: "t", eventId: "1" } }));
      const badSql = await caught(() => pg.sql.query("select * from no_such_table"));
      const pgliteBadSql = await caught(() => pglite.sql.query("select * from no_such_table"));
      for (const error of [duplicate, badSql, pgliteBadSql, new UserError("error.bad_number", { value: "x" })]) {
        expect(isDatabaseUnavailable(error)).toBe(false);
      }
      expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);

      server.pause();
      const outages = [
        await caught(() => pg.prisma.processedEvent.count()),
        await caught(() => pg.prisma.processedEvent.createMany({ data: [{ platform: "t", eventId: "2" }] })),
        await caught(() => pg.prisma.$transaction(async (tx) => tx.processedEvent.count())),
        await caught(() => pg.sql.query("select 1")),
      ];
      await pglite.close();
      outages.push(await caught(() => pglite.prisma.processedEvent.count()));
      for (const error of outages) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      server.resume();
      await pg.prisma.processedEvent.count();
    } finally {
      await pg.close();
      await pglite.close();
      server.stop();
    }
  });
});
