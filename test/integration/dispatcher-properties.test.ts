// Property: whatever a member types, they get a reply or a helpful error: never a throw, never an internal error.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

const WORDS = [
  "/kpi",
  "/log",
  "/target",
  "kpi",
  "指标",
  "记录",
  "目标",
  "help",
  "帮助",
  "set",
  "list",
  "clear",
  "undo",
  "撤销",
  "video",
  "live",
  "post",
  "视频",
  "直播",
  "board",
  "team",
  "compare",
  "markets",
  "define",
  "gmv",
  "roi",
  "return_rate",
  "退货率",
  "month",
  "week",
  "quarter",
  "本月",
  "2026-10",
  "2026-W53",
  "2026-Q4",
  "2026-02-30",
  "2026-10-01..2026-09-01",
  "@sari",
  "@nobody",
  "@",
  "ID-beauty",
  "market",
  "ID",
  "weight",
  "50%",
  "150%",
  "3",
  "-3",
  "0",
  "1.2k",
  "12万",
  "1,250",
  "1e400",
  "NaN",
  "2h",
  "90m",
  "2小时",
  "gmv",
  "usd",
  "idr",
  "jpy",
  "$1,250",
  "40000/50000/65000",
  "5/4",
  "8%/6%",
  "#tag",
  "<!channel>",
  "*",
  "",
  "　",
  "／ｋｐｉ",
  "ｖｉｄｅｏ",
  // Input at the edge (issue 14): past the bounds, impossible dates, characters that are stripped.
  "1000000000000000000",
  "99999999999999999999%",
  "0.0000001",
  "2026-02-31",
  "2026-99-99",
  "0000-01",
  "\u0000",
  "a\u0000b",
  "\u202e",
  "\ud800",
  "__proto__",
  "constructor",
  "%",
  "\\",
];

describe.each(DATABASE_KINDS)("the dispatcher on %s", (kind) => {
  let app: Starling;
  let people: MemberProfile[];
  beforeAll(async () => {
    app = await startTestApp(kind);
    const workspaceId = (await app.services.members.playgroundWorkspaceId()) ?? "";
    people = await app.services.members.listActive(workspaceId);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers any input with a reply or a helpful error", async () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(" ")),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.nat({ max: people.length - 1 }), async (typed, who) => {
        const member = people[who] as MemberProfile;
        const replies = await app.dispatcher.dispatch({
          member,
          text: typed,
          platform: "playground",
          conversation: "direct",
        });
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) {
          expect(reply.text.trim().length).toBeGreaterThan(0);
          expect(reply.text).not.toMatch(/Something went wrong|系统出错/);
        }
      }),
      { numRuns: kind === "pglite" ? 300 : 150 },
    );
  });
});
