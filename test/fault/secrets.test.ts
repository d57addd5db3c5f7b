// The fault suite's promise about secrets, on both databases: a command that shows a secret (/ingest token create)
// or takes one (/shop connect) typed in a channel or group chat is refused with "DM me instead" and changes
// nothing, and a secret never reaches a reply, an audit row or a log line: not when refused in a group, not when
// refused to a non-admin, not when TikTok refuses the token, not when the words are typed in the wrong order. In
// Slack, the refusal is private (ephemeral), so Slack does not echo the command's text into the channel either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/chat/message.js";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { type Starling, startStarling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { testClock } from "../support/app.js";
import { DATABASE_KINDS, emptyDatabaseConfig } from "../support/databases.js";
import {
  BOT_OPEN_ID,
  type FakeLark,
  larkTestEnv,
  messageEvent,
  sendLarkCallback,
  startFakeLark,
} from "../support/fake-lark.js";
import {
  type FakeSlack,
  type Json,
  sendToSlackEndpoint,
  slashCommandBody,
  startFakeSlack,
  TEST_SIGNING_SECRET,
} from "../support/fake-slack.js";
import { FAKE_ACCESS_TOKEN, FAKE_REFRESH_TOKEN, type FakeTikTok, startFakeTikTok } from "../support/fake-tiktok.js";

const GLOWLAB = { id: "7495000000000000101", cipher: "ROW_fake_cipher_glowlab", name: "GlowLab Official Store" };
const SECRET_KEY = "a".repeat(64);
/** A token TikTok does not know: refused by the fake, and must not come back in the refusal. */
const WRONG_TOKEN = "TTP_wrong_token_that_must_stay_secret_42";

/** Every command that shows or takes a secret, in the forms members type them. */
const SECRET_COMMANDS = [
  { text: "/ingest token create erp", secrets: [] },
  { text: "/ingest create erp", secrets: [] },
  { text: "/接入 令牌 创建 erp", secrets: [] },
  { text: `/shop connect ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN}`, secrets: [FAKE_ACCESS_TOKEN] },
  {
    text: `/shop connect ${GLOWLAB.id} ${FAKE_ACCESS_TOKEN} refresh ${FAKE_REFRESH_TOKEN}`,
    secrets: [FAKE_ACCESS_TOKEN, FAKE_REFRESH_TOKEN],
  },
  { text: `/店铺 连接 ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN}`, secrets: [FAKE_ACCESS_TOKEN] },
] as const;

const texts = (messages: OutgoingMessage[]) =>
  messages.flatMap((m) => m.blocks.map((b) => JSON.stringify(b))).join("\n");

describe.each(DATABASE_KINDS)("secrets on %s", (kind) => {
  let app: Starling;
  let slack: FakeSlack;
  let tiktok: FakeTikTok;
  let lark: FakeLark;
  const lines: string[] = [];
  const people = {} as Record<string, MemberProfile>;
  const prisma = () => app.db.prisma;

  /** Every log line Starling writes, at every level, error stacks included. */
  const capture: Logger = {
    debug: (m) => lines.push(m),
    info: (m) => lines.push(m),
    warn: (m, e) => lines.push(`${m} ${e instanceof Error ? (e.stack ?? e.message) : String(e ?? "")}`),
    error: (m, e) => lines.push(`${m} ${e instanceof Error ? (e.stack ?? e.message) : String(e ?? "")}`),
  };

  const run = (as: string, text: string, conversation: "direct" | "group") =>
    app.dispatcher.dispatch({ member: people[as] as MemberProfile, text, platform: "playground", conversation });

  /** Nothing a secret command could create. */
  const created = async () => ({
    tokens: await prisma().ingestToken.count(),
    connections: await prisma().shopConnection.count(),
    connected: await prisma().shop.count({ where: { apiConnected: true } }),
  });

  /** The secrets are in no reply, audit row or log line. */
  async function expectNowhere(secrets: readonly string[], replies: string) {
    const audit = JSON.stringify(await prisma().auditLog.findMany(), (_k, v) => (typeof v === "bigint" ? `${v}` : v));
    for (const secret of secrets) {
      expect(replies, "reply").not.toContain(secret);
      expect(audit, "audit table").not.toContain(secret);
      expect(lines.join("\n"), "log lines").not.toContain(secret);
    }
  }

  beforeAll(async () => {
    slack = await startFakeSlack();
    for (const handle of ["ava", "sari"]) {
      const id = `U${handle.toUpperCase()}`;
      slack.users.set(id, { id, name: handle, email: `${handle}@demo.starling.dev` });
    }
    lark = await startFakeLark();
    for (const handle of ["ava", "sari"]) {
      lark.users.set(`ou_${handle}`, { openId: `ou_${handle}`, name: handle, email: `${handle}@demo.starling.dev` });
    }
    const clock = testClock();
    // The fake checks request timestamps against the clock Starling signs with.
    tiktok = await startFakeTikTok({
      now: () => clock.now.toMillis(),
      shops: [{ id: GLOWLAB.id, cipher: GLOWLAB.cipher, name: GLOWLAB.name, region: "ID" }],
    });
    const config = loadConfig({
      PORT: "0",
      DEMO_DATA: "on",
      LOG_LEVEL: "debug",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_TEAM_IDS: "T0STARLING",
      ...larkTestEnv(lark.domain),
      TIKTOK_APP_KEY: tiktok.appKey,
      TIKTOK_APP_SECRET: tiktok.appSecret,
      TIKTOK_API_URL: tiktok.baseUrl,
      TIKTOK_AUTH_URL: tiktok.baseUrl,
      STARLING_SECRET_KEY: SECRET_KEY,
    });
    app = await startStarling(
      { ...config, database: await emptyDatabaseConfig(kind) },
      { clock, logger: capture, host: "127.0.0.1", scheduler: false },
    );
    const workspaceId = (await prisma().workspace.findFirstOrThrow()).id;
    for (const handle of ["ava", "sari"]) {
      const found = await app.services.members.findByHandle(workspaceId, handle);
      if (!found) throw new Error(`no member ${handle}`);
      people[handle] = found;
    }
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await tiktok?.close();
    await lark?.close();
  });

  for (const command of SECRET_COMMANDS) {
    for (const as of ["ava", "sari"]) {
      it(`refuses ${command.text.split(" ").slice(0, 3).join(" ")}… typed in a group by ${as === "ava" ? "an admin" : "a member"}: nothing created, no secret anywhere`, async () => {
        const before = await created();
        const replies = await run(as, command.text, "group");
        const reply = texts(replies);
        expect(reply).toContain("⚠️");
        expect(reply).toMatch(/direct message/);
        expect(replies.every((m) => m.ephemeral)).toBe(true);
        expect(await created()).toEqual(before);
        expect(reply).not.toMatch(/stk_[A-Za-z0-9]{8,}/);
        await expectNowhere(command.secrets, reply);
        // Refused and audited, without the command's secrets.
        const denial = await prisma().auditLog.findFirst({
          where: { actorId: people[as]?.id, allowed: false },
          orderBy: { at: "desc" },
        });
        expect(denial?.action).toMatch(/^(ingest\.token_create|shop\.connect)$/);
      });
    }
  }

  it("answers in Chinese too: 请打开与 Starling 的私聊", async () => {
    const mei = await app.services.members.findByHandle(people.ava?.workspaceId as string, "mei");
    const replies = await app.dispatcher.dispatch({
      member: mei as MemberProfile,
      text: "/接入 令牌 创建 erp",
      platform: "playground",
      conversation: "group",
    });
    expect(texts(replies)).toContain("私聊");
  });

  it("refuses /shop connect to a non-admin in a DM, audited without the token", async () => {
    const before = await created();
    const reply = texts(await run("sari", `/shop connect ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN}`, "direct"));
    expect(reply).toContain("Only admins");
    expect(await created()).toEqual(before);
    await expectNowhere([FAKE_ACCESS_TOKEN], reply);
  });

  it("keeps a token TikTok refuses, and one typed in the wrong place, out of the reply and the logs", async () => {
    const before = await created();
    const refused = texts(await run("ava", `/shop connect ${GLOWLAB.name} ${WRONG_TOKEN}`, "direct"));
    expect(refused).toContain("TikTok refused this token");
    const swapped = texts(await run("ava", `/shop connect ${WRONG_TOKEN} ${GLOWLAB.name}`, "direct"));
    expect(swapped).toContain("Name a shop");
    expect(await created()).toEqual(before);
    await expectNowhere([WRONG_TOKEN], `${refused}\n${swapped}`);
  });

  it("connects in a DM, and the token shown or taken there reaches no log line or audit row", async () => {
    const connected = texts(await run("ava", `/shop connect ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN}`, "direct"));
    expect(connected).toContain("is connected");
    await expectNowhere([FAKE_ACCESS_TOKEN], connected);
    const minted = texts(await run("ava", "/ingest token create erp-dm", "direct"));
    const token = /stk_[A-Za-z0-9_-]{20,}/.exec(minted)?.[0];
    expect(token, "the token is shown once, in the DM").toBeDefined();
    await expectNowhere([token as string], "");
  });

  it("in Slack, a /shop connect typed in a channel gets a private refusal that does not echo the token", async () => {
    const before = await created();
    const responseUrl = slack.responseUrl();
    const id = responseUrl.split("/").pop() as string;
    const body = slashCommandBody({
      command: "/shop",
      text: `connect ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN} refresh ${FAKE_REFRESH_TOKEN}`,
      userId: "UAVA",
      channelId: "C0GENERAL",
      responseUrl,
    });
    const ack = await sendToSlackEndpoint(app.url, body);
    expect(ack.status).toBe(200);
    const reply = await slack.waitFor(() => slack.responses.find((r) => r.id === id), "the refusal");
    const replyBody: Json = reply.body;
    // Ephemeral: only the member sees it, and Slack does not show the typed command to the channel.
    expect(replyBody.response_type).toBe("ephemeral");
    const said = JSON.stringify(replyBody);
    expect(said).toContain("direct message");
    await app.idle();
    expect(await created()).toEqual(before);
    // Nothing was posted to the channel through the Web API either.
    const posted = JSON.stringify(slack.calls.filter((c) => c.method.startsWith("chat.")));
    await expectNowhere([FAKE_ACCESS_TOKEN, FAKE_REFRESH_TOKEN], `${said}\n${ack.text}\n${posted}`);
  });

  it("in a Lark group (where replies are seen by all), mints no token and connects nothing, and says so", async () => {
    const before = await created();
    const mention = [{ key: "@_user_1", openId: BOT_OPEN_ID, name: "Starling" }];
    const lines = [
      "@_user_1 ingest token create erp",
      `@_user_1 shop connect ${GLOWLAB.name} ${FAKE_ACCESS_TOKEN} refresh ${FAKE_REFRESH_TOKEN}`,
    ];
    for (const [i, text] of lines.entries()) {
      const res = await sendLarkCallback(
        app.url,
        messageEvent({
          openId: "ou_ava",
          text,
          chatType: "group",
          chatId: "oc_team",
          messageId: `om_s${i}`,
          mentions: mention,
        }),
      );
      expect(res.status).toBe(200);
    }
    await app.idle();
    expect(await created()).toEqual(before);
    const sent = JSON.stringify(lark.sent().map((s) => s.card));
    expect(sent).toContain("direct message");
    expect(sent).not.toMatch(/stk_[A-Za-z0-9]{8,}/);
    await expectNowhere([FAKE_ACCESS_TOKEN, FAKE_REFRESH_TOKEN], sent);
  });
});
