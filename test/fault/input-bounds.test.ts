// The fault suite's promise for input at the edge, on both databases: every bound and every date rule, through the
// real commands, forms and the ingest API, refuses with its message (English and Chinese) and a correct example,
// and writes nothing; text with NUL and other control characters that is accepted is stored clean; and a refusal
// whose text held a NUL is still audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_IDS } from "../../src/chat/forms.js";
import type { OutgoingMessage } from "../../src/chat/message.js";
import { type MessageKey, t } from "../../src/domain/i18n.js";
import { answerUnknownUser } from "../../src/identity/unknown-user.js";
import { INGEST_PATH } from "../../src/ingest/routes.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { countWrites } from "./write-counter.js";

type Params = Record<string, string | number>;

describe.each(DATABASE_KINDS)("input at the edge on %s", (kind) => {
  let app: Starling;
  let writes: () => Promise<number>;
  let token: string;
  const people = new Map<string, MemberProfile>();
  const as = (handle: string, language?: "en" | "zh"): MemberProfile => {
    const member = people.get(handle);
    if (!member) throw new Error(`no demo member @${handle}`);
    return language ? { ...member, language } : member;
  };
  const say = (member: MemberProfile, text: string) =>
    app.dispatcher.dispatch({ member, text, platform: "playground", conversation: "direct" });

  /** One warning, in the member's language, with the example to copy under it. */
  function expectRefusal(replies: OutgoingMessage[], locale: "en" | "zh", key: MessageKey, params: Params) {
    expect(replies).toHaveLength(1);
    const [reply] = replies as [OutgoingMessage];
    expect(reply.text).toContain(`⚠️ ${t(locale, key, params)}`);
    return reply;
  }

  /** Typed by the member in English and in Chinese: refused with the key's message both times, nothing written. */
  async function refuses(handle: string, text: string, key: MessageKey, params: Params, example?: string) {
    for (const locale of ["en", "zh"] as const) {
      const before = await writes();
      const reply = expectRefusal(await say(as(handle, locale), text), locale, key, params);
      if (example) expect(reply.text).toContain(`${t(locale, "example")}: ${example}`);
      expect(await writes()).toBe(before);
    }
  }

  beforeAll(async () => {
    app = await startTestApp(kind);
    const workspaceId = (await app.services.members.playgroundWorkspaceId()) ?? "";
    for (const member of await app.services.members.listActive(workspaceId)) people.set(member.handle, member);
    const [created] = await say(as("ava"), "/ingest token create bounds-test");
    token = /stk_[0-9A-Za-z]{32}/.exec(created?.text ?? "")?.[0] ?? "";
    expect(token).not.toBe("");
    writes = await countWrites(app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe("words that name an object's own properties are only words", () => {
    // Every table of words a member types into (verbs, levels, columns, units, multipliers) has no prototype: a
    // "__proto__" or "constructor" is an unknown word with its message, never Object.prototype taken as a value.
    it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("/alert sensitivity %s", async (word) => {
      await refuses(
        "budi",
        `/alert sensitivity ${word}`,
        "alert.bad_sensitivity",
        { value: word },
        "/alert sensitivity high",
      );
    });
    it.each(["__proto__", "constructor"])("verbs and numbers: %s", async (word) => {
      for (const text of [
        `/shop ${word}`,
        `/ingest ${word}`,
        `/creator ${word}`,
        `/alert ${word}`,
        `/log video 3${word}`,
      ]) {
        const [reply] = await say(as("ava"), text);
        expect(reply?.text, text).not.toMatch(/went wrong/);
      }
    });
  });

  describe("numbers are capped at named bounds", () => {
    it.each([
      ["/log live 2h gmv 10000000000001 usd", "10000000000001", "10,000,000,000,000", "/log live 2h gmv 1250 usd"],
      [
        "/log live 2h gmv 1000000000000000000",
        "1000000000000000000",
        "10,000,000,000,000",
        "/log live 2h gmv 1250 usd",
      ],
      [
        "/target set gmv month 99999999999999999999 usd @sari",
        "99999999999999999999",
        "10,000,000,000,000",
        "/target set gmv month 40000/50000/65000 usd @sari weight 50%",
      ],
      [
        "/target set orders month 2000000000 @sari",
        "2000000000",
        "1,000,000,000",
        "/target set gmv month 40000/50000/65000 usd @sari weight 50%",
      ],
      [
        "/target set return_rate month 10001% team ID-beauty",
        "10001%",
        "10,000%",
        "/target set gmv month 40000/50000/65000 usd @sari weight 50%",
      ],
      [
        "/alert add gmv < 99999999999999999999 team ID-beauty",
        "99999999999999999999",
        "10,000,000,000,000",
        "/alert add return_rate > 8% team ID-beauty",
      ],
      [
        "/alert add gmv down 30% floor 20000000000000 usd team ID-beauty",
        "20000000000000",
        "10,000,000,000,000",
        "/alert add gmv down 30% floor 500 usd team UK-gadgets",
      ],
      ["/creator add @bigcreator tiktok ID 3000000000 beauty", "3000000000", "1,000,000,000", undefined],
    ])("refuses %j", async (text, value, max, example) => {
      await refuses("budi", text, "error.number_too_large", { value, max }, example);
    });

    it("refuses a tier past the bound in the target form, under the tiers field, in both languages", async () => {
      for (const locale of ["en", "zh"] as const) {
        const before = await writes();
        const result = await app.dispatcher.submitForm({
          member: as("budi", locale),
          formId: FORM_IDS.target,
          values: {
            metric: "gmv",
            period: "month",
            tiers: "40000/99999999999999999999",
            currency: "USD",
            who: "@sari",
          },
          platform: "playground",
        });
        expect(result).toEqual({
          ok: false,
          errors: {
            tiers: t(locale, "error.number_too_large", { value: "99999999999999999999", max: "10,000,000,000,000" }),
          },
        });
        expect(await writes()).toBe(before);
      }
    });

    it("refuses more decimals than are stored, instead of rounding a tier to zero", async () => {
      await refuses("budi", "/target set gmv month 0.0000001 @sari", "error.too_many_decimals", {
        value: "0.0000001",
        max: 6,
      });
    });
  });

  describe("free text has length caps", () => {
    it("refuses a log note longer than 500 characters, a tag longer than 50 and more than 10 tags", async () => {
      const note = "n".repeat(501);
      await refuses(
        "sari",
        `/log video 3 ${note}`,
        "log.note_too_long",
        { length: 501, max: 500 },
        "/log video 3 #lipstick",
      );
      const tag = "t".repeat(51);
      await refuses("sari", `/log video 3 #${tag}`, "log.tag_too_long", { tag: `${"t".repeat(20)}…`, max: 50 });
      const tags = Array.from({ length: 11 }, (_, i) => `#tag${i}`).join(" ");
      await refuses("sari", `/log video 3 ${tags}`, "log.too_many_tags", { count: 11, max: 10 });
    });

    it("refuses a standup question over 300 characters, a holiday name over 100 and a creator note over 1,000", async () => {
      await refuses("budi", `/standup questions add ${"q".repeat(301)}`, "standup.question_too_long", {
        length: 301,
        max: 300,
      });
      await refuses(
        "budi",
        `/standup holiday add 2026-12-25 ${"h".repeat(101)}`,
        "standup.holiday_name_too_long",
        { length: 101, max: 100 },
        "/standup holiday add 2026-12-25 Christmas",
      );
      await refuses("budi", `/creator note @glowbyamy ${"🎉".repeat(1001)}`, "creator.note_too_long", {
        length: 1001,
        max: 1000,
      });
    });

    it("refuses a command longer than 4,000 characters before reading it", async () => {
      await refuses("sari", `/log video 3 ${"x".repeat(5000)}`, "error.command_too_long", { length: 5013, max: 4000 });
    });

    it("keeps an over-long standup answer in the form, with the bound under its field, in both languages", async () => {
      const question = (await app.services.standup.questionsFor(as("sari").team?.id ?? ""))[0];
      for (const locale of ["en", "zh"] as const) {
        const before = await writes();
        const result = await app.dispatcher.submitForm({
          member: as("sari", locale),
          formId: FORM_IDS.standup,
          values: { [question?.id ?? ""]: "a".repeat(2001) },
          state: "2026-11-23",
          platform: "playground",
        });
        expect(result).toEqual({
          ok: false,
          errors: { [question?.id ?? ""]: t(locale, "standup.answer_too_long", { length: 2001, max: 2000 }) },
        });
        expect(await writes()).toBe(before);
      }
    });
  });

  describe("dates are real calendar dates (luxon reads them and prints them back unchanged)", () => {
    it.each(["2026-02-31", "2026-02-29", "2026-99-99", "2026-04-31", "0000-01-01", "1999-12-31", "2101-01-01"])(
      "refuses the holiday %s instead of rolling it into another day",
      async (date) => {
        await refuses(
          "budi",
          `/standup holiday add ${date} Holiday`,
          "error.bad_date",
          { value: date, min: 2000, max: 2100 },
          "/standup holiday add 2026-12-25 Christmas",
        );
      },
    );

    it.each(["2026-02-30..2026-03-01", "2026-99-99", "0000-01", "2026-13", "9999-W01", "2026-12-25..2026-12-24"])(
      "refuses the period %s",
      async (period) => {
        await refuses("sari", `/kpi ${period}`, "error.bad_period", { value: period });
      },
    );

    it("refuses a target for an impossible or out-of-range period", async () => {
      for (const period of ["2026-13", "0000-01", "2026-w54"]) {
        for (const locale of ["en", "zh"] as const) {
          const before = await writes();
          const [reply] = await say(as("budi", locale), `/target set gmv ${period} 100 usd @sari`);
          expect(reply?.text).toMatch(/^⚠️/);
          expect(reply?.text).toContain(period);
          expect(await writes()).toBe(before);
        }
      }
    });

    it("refuses a standup form for an impossible day, and one for a stale day, opened or submitted", async () => {
      const question = (await app.services.standup.questionsFor(as("sari").team?.id ?? ""))[0];
      const cases: [string, MessageKey, Params][] = [
        ["2026-99-99", "standup.bad_form_date", { value: "2026-99-99" }],
        ["2026-02-31", "standup.bad_form_date", { value: "2026-02-31" }],
        ["2026-11-01", "standup.stale_form", { date: "2026-11-01", days: 7 }],
        ["2026-11-26", "standup.stale_form", { date: "2026-11-26", days: 7 }],
      ];
      for (const [state, key, params] of cases) {
        for (const locale of ["en", "zh"] as const) {
          const before = await writes();
          const submitted = await app.dispatcher.submitForm({
            member: as("sari", locale),
            formId: FORM_IDS.standup,
            values: { [question?.id ?? ""]: "Followed up @glowbyamy" },
            state,
            platform: "playground",
          });
          expect(submitted.ok).toBe(true);
          if (submitted.ok) expectRefusal([submitted.message], locale, key, params);
          const opened = await app.dispatcher.dispatchAction({
            member: as("sari", locale),
            actionId: "form.open",
            value: `${FORM_IDS.standup}:${state}`,
            platform: "playground",
          });
          expectRefusal([opened], locale, key, params);
          expect(await writes()).toBe(before);
        }
      }
    });
  });

  describe("the ingest API", () => {
    async function post(body: unknown, type = "application/json") {
      const response = await fetch(`${app.url}${INGEST_PATH}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "idempotency-key": `k-${Math.random()}`, "content-type": type },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      // biome-ignore lint/suspicious/noExplicitAny: the test reads the API's JSON answer.
      return { status: response.status, body: (await response.json()) as any };
    }

    it.each([
      [{ date: "2026-02-30", metric: "orders", team: "ID-beauty", value: "3" }, "date", /not a calendar date/],
      [{ date: "2026-99-99", metric: "orders", team: "ID-beauty", value: "3" }, "date", /not a calendar date/],
      [{ date: "0000-01-01", metric: "orders", team: "ID-beauty", value: "3" }, "date", /between 2000 and 2100/],
      [
        { date: "2026-11-20", metric: "gmv_gross", team: "ID-beauty", value: "100000000000001" },
        "value",
        /larger than a fact can be/,
      ],
      [
        { date: "2026-11-20", metric: "gmv_gross", team: "ID-beauty", value: "1.1234567" },
        "value",
        /6 digits after the point/,
      ],
    ])("refuses %j and writes nothing", async (fact, field, message) => {
      const before = await writes();
      const answer = await post({ facts: [fact] });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_row", row: 1, field });
      expect(answer.body.error.message).toMatch(message);
      // The one row written is the token's last use (bookkeeping of who called): no fact, no stored answer.
      expect(await writes()).toBe(before + 1);
    });

    it("stores text with NUL and control characters clean, from JSON and from CSV", async () => {
      const json = await post({
        facts: [
          { date: "2026-11-20", metric: "orders", team: "ID-beauty", value: "4", productId: "SKU\u0000-\u202e7\u0007" },
        ],
      });
      expect(json.status).toBe(200);
      const csv = await post(
        "date,metric,team,value,product_id\n2026-11-20,orders,ID-\u0000beauty,5,SKU-\u00008\n",
        "text/csv",
      );
      expect(csv.status).toBe(200);
      const stored = await app.db.prisma.fact.findMany({
        where: { source: "ingest", productId: { in: ["SKU-7", "SKU-8"] } },
      });
      expect(stored.map((f) => [f.productId, f.value.toString()]).sort()).toEqual([
        ["SKU-7", "4"],
        ["SKU-8", "5"],
      ]);
    });
  });

  describe("NUL and other control characters are stripped before anything is stored or audited", () => {
    it("stores a log note, a holiday's name and standup answers clean (answers keep their line breaks)", async () => {
      const [logged] = await say(as("sari"), "/log video 2 nul\u0000 bell\u0007 bidi\u202e end");
      expect(logged?.text).toMatch(/^✅/);
      const log = await app.db.prisma.contentLog.findFirstOrThrow({
        where: { memberId: as("sari").id },
        orderBy: { loggedAt: "desc" },
      });
      expect(log.note).toBe("nul bell bidi end");

      const [added] = await say(as("budi"), "/standup holiday add 2026-12-24 Christmas\u0000 Eve\u0085");
      expect(added?.text).toMatch(/^📅/);
      const holiday = await app.db.prisma.teamHoliday.findFirstOrThrow({
        where: { teamId: as("budi").team?.id, date: new Date("2026-12-24T00:00:00Z") },
      });
      expect(holiday.name).toBe("Christmas Eve");

      const question = (await app.services.standup.questionsFor(as("sari").team?.id ?? ""))[0];
      const saved = await app.dispatcher.submitForm({
        member: as("sari"),
        formId: FORM_IDS.standup,
        values: { [question?.id ?? ""]: "line one\u0000\r\nline two\u202e\ud800" },
        state: "2026-11-23",
        platform: "playground",
      });
      expect(saved.ok).toBe(true);
      const answer = await app.db.prisma.standupAnswer.findFirstOrThrow({
        where: { memberId: as("sari").id, questionId: question?.id },
      });
      expect(answer.answer).toBe("line one\nline two");
    });

    it("audits a refused permission whose text held a NUL, with the NUL gone", async () => {
      const before = await app.db.prisma.auditLog.count({ where: { action: "standup.settings", allowed: false } });
      const [reply] = await say(as("dewi"), "/standup holiday add 2026-12-26 Boxing\u0000Day");
      expect(reply?.text).toContain(t("en", "deny.standup_settings"));
      const rows = await app.db.prisma.auditLog.findMany({
        where: { action: "standup.settings", allowed: false, actorId: as("dewi").id },
        orderBy: { at: "desc" },
      });
      expect(rows).toHaveLength(before + 1);
      expect(rows[0]?.subject).toBe("/standup holiday add 2026-12-26 BoxingDay");
    });

    it("reads a link request with a NUL from someone Starling does not know yet (a path that skips the dispatcher)", async () => {
      const reply = await answerUnknownUser(app.services.identity, {
        workspaceId: as("sari").workspaceId,
        platform: "slack",
        userId: "U0NUL0001",
        userLabel: "Sari\u0000 (new phone)",
        text: "/kpi link @sa\u0000ri",
      });
      expect(reply.text).toContain("@sari");
      const link = await app.db.prisma.memberLink.findFirstOrThrow({ where: { platformUserId: "U0NUL0001" } });
      expect(link.memberId).toBe(as("sari").id);
    });

    it("answers a button whose value holds a NUL as a stale button, not an internal error", async () => {
      const before = await writes();
      const reply = await app.dispatcher.dispatchAction({
        member: as("sari"),
        actionId: "log.undo",
        value: "no-such-log\u0000",
        platform: "playground",
      });
      expect(reply.text).toMatch(/^⚠️/);
      expect(reply.text).not.toContain(t("en", "error.internal_error", { ref: "" }).slice(0, 20));
      expect(await writes()).toBe(before);
    });
  });
});
