// Starling as a Lark/Feishu bot, end to end: encrypted and signed callbacks to /lark/events, a local fake Lark Open
// API (the SDK's tenant_access_token call included), and the real database (PGlite and PostgreSQL).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { FIXED_NOW, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import {
  BOT_OPEN_ID,
  cardAction,
  type FakeLark,
  type Json,
  larkTestEnv,
  menuEvent,
  messageEvent,
  sendLarkCallback,
  startFakeLark,
  TEST_VERIFICATION_TOKEN,
} from "../support/fake-lark.js";

const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/lark");
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));

const larkEnv = (fake: FakeLark) => larkTestEnv(fake.domain);

const cardText = (card: Json) => JSON.stringify(card);
/** Every button in a card with its callback value. */
function buttons(card: Json): { text: string; value: Json }[] {
  const found: { text: string; value: Json }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.tag === "button") {
      const callback = (node.behaviors ?? []).find((b: Json) => b.type === "callback");
      found.push({ text: node.text?.content ?? "", value: callback?.value });
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(card);
  return found;
}

describe.each(DATABASE_KINDS)("Lark on %s", (kind) => {
  let fake: FakeLark;
  let app: Starling;
  const prisma = () => app.db.prisma;
  const send = async (payload: Json, options?: Parameters<typeof sendLarkCallback>[2]) => {
    const res = await sendLarkCallback(app.url, payload, options);
    await app.idle();
    return res;
  };
  const repliesTo = (messageId: string) => fake.sent().filter((s) => s.kind === "reply" && s.target === messageId);

  beforeAll(async () => {
    fake = await startFakeLark();
    for (const handle of ["sari", "budi", "ava"]) {
      fake.users.set(`ou_${handle}`, { openId: `ou_${handle}`, name: handle, email: `${handle}@demo.starling.dev` });
    }
    app = await startTestApp(kind, { env: larkEnv(fake) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  afterEach(() => {
    fake.calls.length = 0;
  });

  it("answers the encrypted url_verification challenge, signed or not, and refuses a plain one", async () => {
    const challenge = { challenge: "c-42", token: TEST_VERIFICATION_TOKEN, type: "url_verification" };
    expect((await send(challenge)).body).toEqual({ challenge: "c-42" });
    expect((await send(challenge, { signature: null })).body).toEqual({ challenge: "c-42" });
    expect((await send(challenge, { encryptKey: null })).status).toBe(401);
  });

  it("refuses to start over HTTP without an Encrypt Key, saying why", async () => {
    // Without the key Lark signs nothing, and the verification token alone is no proof (issue 14).
    await expect(startTestApp(kind, { demo: false, env: { ...larkEnv(fake), LARK_ENCRYPT_KEY: "" } })).rejects.toThrow(
      /LARK_ENCRYPT_KEY: expected the app's Encrypt Key/,
    );
  });

  it("with LARK_CONNECTION=websocket, asks Lark for the long connection instead of serving /lark/events", async () => {
    const wsApp = await startTestApp(kind, { demo: false, env: { ...larkEnv(fake), LARK_CONNECTION: "websocket" } });
    try {
      await fake.waitFor(() => fake.endpointRequests() > 0, "the long-connection endpoint request");
      const res = await fetch(`${wsApp.url}/lark/events`, { method: "POST", body: "{}" });
      expect(res.status).toBe(404);
    } finally {
      await wsApp.stop();
    }
  });

  it("rejects a forged, replayed or wrongly-tokened callback and changes nothing", async () => {
    const before = await prisma().contentLog.count();
    const event = messageEvent({ openId: "ou_sari", text: "log video 5" });
    const forged = await send(event, { signature: "0".repeat(64) });
    const replayed = await send(event, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const noSignature = await send(event, { signature: null });
    const wrongToken = await send({ ...event, header: { ...event.header, token: "someone-else" } });
    expect([forged.status, replayed.status, noSignature.status, wrongToken.status]).toEqual([401, 401, 401, 401]);
    expect(fake.sent()).toHaveLength(0);
    expect(await prisma().contentLog.count()).toBe(before);
  });

  it("runs a command sent by DM, replies in its thread, and never acts twice on a redelivery", async () => {
    const sari = () => prisma().member.findFirstOrThrow({ where: { handle: "sari" } });
    const before = await prisma().contentLog.count({ where: { member: { handle: "sari" } } });
    const event = messageEvent({ openId: "ou_sari", text: "log video 2 #serum", messageId: "om_dm_1" });
    const res = await send(event);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const [reply] = repliesTo("om_dm_1");
    expect(reply?.card.schema).toBe("2.0");
    expect(cardText(reply?.card)).toContain("Logged 2 videos · #serum");
    expect(reply?.call.body.reply_in_thread).toBe(true);
    expect((await sari()).larkOpenId).toBe("ou_sari");
    expect(await prisma().contentLog.count({ where: { member: { handle: "sari" } } })).toBe(before + 1);

    await send(event); // the same event id again
    await send({ ...event, header: { ...event.header, event_id: "ev_other" } }); // same message, new event id
    expect(repliesTo("om_dm_1")).toHaveLength(1);
    expect(await prisma().contentLog.count({ where: { member: { handle: "sari" } } })).toBe(before + 1);

    // The Undo button on the reply card, answered within the callback with the updated card.
    const undo = buttons(reply?.card).find((b) => String(b.value?.action_id).startsWith("log.undo"));
    expect(undo).toBeDefined();
    const click = cardAction({ openId: "ou_sari", value: undo?.value, eventId: "ev_undo_1" });
    const clicked = await send(click);
    expect(clicked.status).toBe(200);
    expect(cardText(clicked.body.card)).toContain("Undone: 2 videos");
    expect(await prisma().contentLog.count({ where: { member: { handle: "sari" }, undoneAt: null } })).toBe(before);
    const again = await send(click);
    expect(again.body.card).toBeUndefined();
  });

  it("answers in a group only when mentioned, strips the mention, and reads rich-text posts", async () => {
    await send(
      messageEvent({ openId: "ou_sari", text: "kpi", chatType: "group", chatId: "oc_team", messageId: "om_g1" }),
    );
    expect(repliesTo("om_g1")).toHaveLength(0);
    await send(
      messageEvent({
        openId: "ou_sari",
        text: "@_user_1 kpi define roi",
        chatType: "group",
        chatId: "oc_team",
        messageId: "om_g2",
        mentions: [{ key: "@_user_1", openId: BOT_OPEN_ID, name: "Starling" }],
      }),
    );
    expect(cardText(repliesTo("om_g2")[0]?.card)).toContain("ROI");
    await send(messageEvent({ openId: "ou_sari", text: "kpi define gmv", messageType: "post", messageId: "om_post" }));
    expect(cardText(repliesTo("om_post")[0]?.card)).toContain("GMV");
  });

  it("sends a private reply asked for in a group by DM, with only a note in the group (Lark has no ephemeral)", async () => {
    const mention = [{ key: "@_user_1", openId: BOT_OPEN_ID, name: "Starling" }];
    const ask = (text: string, messageId: string) =>
      send(
        messageEvent({ openId: "ou_sari", text, chatType: "group", chatId: "oc_team", messageId, mentions: mention }),
      );
    // Her own logs as a CSV: private, with a file.
    await ask("@_user_1 export facts 2026-11", "om_private");
    const inGroup = repliesTo("om_private");
    expect(inGroup).toHaveLength(1);
    expect(cardText(inGroup[0]?.card)).toContain("sent my answer to you by direct message");
    expect(cardText(inGroup[0]?.card)).not.toContain(".csv");
    const dms = fake.sent().filter((s) => s.kind === "create" && s.target === "ou_sari");
    expect(dms.map((d) => d.call.query.receive_id_type)).toEqual(dms.map(() => "open_id"));
    expect(dms.some((d) => d.call.body.msg_type === "file")).toBe(true);

    // In a DM nothing changes: the answer is the reply.
    await send(messageEvent({ openId: "ou_sari", text: "help", messageId: "om_private_dm" }));
    expect(cardText(repliesTo("om_private_dm")[0]?.card)).not.toContain("direct message");
  });

  it("ignores a message older than the configured age (a backlog after a reconnect)", async () => {
    await send(
      messageEvent({ openId: "ou_sari", text: "log video 9", messageId: "om_old", createTime: Date.now() - 3600_000 }),
    );
    expect(repliesTo("om_old")).toHaveLength(0);
  });

  it("handles the captured Lark fixtures: group messages not addressed to the bot are left alone", async () => {
    for (const captured of fixture("events.json")) {
      const { _model, ...event } = captured;
      event.header.token = TEST_VERIFICATION_TOKEN;
      const res = await send(event);
      expect(res.status).toBe(200);
    }
    expect(fake.sent()).toHaveLength(0);
    const p2p = fixture("go-lark_im_message_receive_v1_event_object.json").event;
    p2p.message.create_time = String(Date.now());
    const res = await send({
      schema: "2.0",
      header: {
        event_id: "ev_golark",
        token: TEST_VERIFICATION_TOKEN,
        event_type: "im.message.receive_v1",
        tenant_key: "tenant_starling_test",
        create_time: String(Date.now()),
      },
      event: p2p,
    });
    expect(res.status).toBe(200);
    // A stranger (no profile email): told how to link, in both languages.
    const [reply] = repliesTo(p2p.message.message_id);
    expect(cardText(reply?.card)).toContain("kpi link");
    expect(cardText(reply?.card)).toContain("你好");
  });

  it("sets a target through a card form: a bad answer is shown under its field, a good one is stored", async () => {
    await send(messageEvent({ openId: "ou_budi", text: "target set", messageId: "om_form" }));
    const [reply] = repliesTo("om_form");
    expect(cardText(reply?.card)).toContain('"tag":"form"');
    const submit = buttons(reply?.card).find((b) => b.value?.form_id === "target.set");
    expect(submit).toBeDefined();
    const targetsBefore = await prisma().target.count();
    const bad = await send(
      cardAction({
        openId: "ou_budi",
        value: submit?.value,
        formValue: { metric: "orders", period: "month", tiers: "abc", who: "@sari" },
      }),
    );
    expect(bad.body.toast.type).toBe("error");
    expect(cardText(bad.body.card)).toContain("abc");
    expect(await prisma().target.count()).toBe(targetsBefore);
    const good = await send(
      cardAction({
        openId: "ou_budi",
        value: submit?.value,
        formValue: { metric: "orders", period: "month", tiers: "100/150", who: "@sari" },
      }),
    );
    expect(good.body.toast.type).toBe("success");
    expect(cardText(good.body.card)).toContain("Target set");
    expect(await prisma().target.count()).toBe(targetsBefore + 1);
  });

  it("opens the standup from the bot menu and stores the answers", async () => {
    await send(menuEvent({ openId: "ou_sari", eventKey: "standup" }));
    const dm = fake.sent().find((s) => s.kind === "create" && s.target === "ou_sari");
    expect(dm?.call.query.receive_id_type).toBe("open_id");
    const submit = buttons(dm?.card).find((b) => b.value?.form_id === "standup.answer");
    const questions = await prisma().standupQuestion.findMany({
      where: { team: { slug: "ID-beauty" } },
      orderBy: { position: "asc" },
    });
    const done = await send(
      cardAction({
        openId: "ou_sari",
        value: submit?.value,
        formValue: { [questions[0]?.id ?? ""]: "Shot 4 videos", [questions[1]?.id ?? ""]: "LIVE tonight" },
      }),
    );
    expect(done.body.toast.type).toBe("success");
    const answers = await prisma().standupAnswer.findMany({ where: { member: { handle: "sari" } } });
    expect(answers.map((a) => a.answer).sort()).toEqual(["LIVE tonight", "Shot 4 videos"]);
  });

  it("links an unknown Lark user after an admin confirms from the card they receive", async () => {
    await send(messageEvent({ openId: "ou_dewi", text: "kpi link @dewi", messageId: "om_link" }));
    const requested = cardText(repliesTo("om_link")[0]?.card);
    const code = /code is ([A-Z0-9]{6})/.exec(requested)?.[1];
    expect(code).toBeDefined();
    // Ava is known by email once she has talked to the bot; the request reaches her on Lark.
    await send(messageEvent({ openId: "ou_ava", text: "kpi link list", messageId: "om_ava" }));
    expect(cardText(repliesTo("om_ava")[0]?.card)).toContain(code ?? "-");
    await send(messageEvent({ openId: "ou_dewi", text: "kpi link @dewi", messageId: "om_link2" }));
    const code2 = /code is ([A-Z0-9]{6})/.exec(cardText(repliesTo("om_link2")[0]?.card))?.[1];
    const adminCard = await fake.waitFor(
      () =>
        fake
          .sent()
          .find((s) => s.kind === "create" && s.target === "ou_ava" && cardText(s.card).includes(code2 ?? "-")),
      "the admin's card",
    );
    const confirm = buttons(adminCard.card).find((b) => b.value?.action_id === "link.confirm");
    const confirmed = await send(cardAction({ openId: "ou_ava", value: confirm?.value }));
    expect(cardText(confirmed.body.card)).toContain("@dewi");
    expect((await prisma().member.findFirstOrThrow({ where: { handle: "dewi" } })).larkOpenId).toBe("ou_dewi");
  });

  it("posts an alert card to the team's alert chat and acknowledges it from its button", async () => {
    const team = (await app.services.members.allTeams()).find((t) => t.slug === "ID-beauty");
    if (!team) throw new Error("no ID-beauty");
    await prisma().alertEvent.deleteMany({ where: { teamId: team.id } });
    await app.services.alertScan.scanTeam(team, { evalDate: FIXED_NOW.minus({ days: 6 }).toISODate() as string });
    const card = await fake.waitFor(
      () => fake.sent().find((s) => s.kind === "create" && s.target === "demo-alerts-id"),
      "the alert card",
    );
    expect(cardText(card.card)).toContain("Return rate");
    const ack = buttons(card.card).find((b) => String(b.value?.action_id).startsWith("alert.ack"));
    expect(ack).toBeDefined();
    const clicked = await send(cardAction({ openId: "ou_sari", value: ack?.value, eventId: "ev_alert_ack_1" }));
    expect(cardText(clicked.body.card)).toContain("acknowledged by @sari");
    const events = await prisma().alertEvent.findMany({ where: { teamId: team.id } });
    expect(events.every((e) => e.status === "acknowledged")).toBe(true);
  });

  it("queues messages under Lark's rate limits instead of dropping them", async () => {
    fake.rateLimit("/reply", 1);
    const started = Date.now();
    await send(messageEvent({ openId: "ou_sari", text: "kpi define ctr", messageId: "om_rl" }));
    expect(repliesTo("om_rl")).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const lark = app.platforms.find((p) => p.name === "lark");
    const burst = Array.from({ length: 8 }, (_, i) =>
      lark?.sendToChannel("oc_burst", { text: `n${i}`, blocks: [{ type: "section", text: `n${i}` }] }),
    );
    await Promise.all(burst);
    const times = fake
      .sent()
      .filter((s) => s.target === "oc_burst")
      .map((s) => s.call.at);
    expect(times).toHaveLength(8);
    // No more than 5 in any second: the 6th leaves at least a second after the 1st.
    expect((times[5] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });
});
