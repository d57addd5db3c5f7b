// The scheduled posts through the real scheduler, a fake clock and the playground platform, on both databases:
// the standup (DM, answers, one summary at the deadline), opt-out, holidays and a time change without a restart,
// the morning digest with its chart, and the weekly report with the week's facts as CSV.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { command, postJson, startTestApp, type TestClock, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

interface Post {
  to: string;
  kind: string;
  text: string;
  at: string;
  blocks: { type: string; png?: string }[];
  files: { name: string; bytes: number }[];
  form: { formId: string; state?: string; fields: { id: string }[] } | null;
}

const jakarta = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Jakarta" }).toUTC();

describe.each(DATABASE_KINDS)("Scheduled posts on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  const prisma = () => app.db.prisma;
  /** Ticks the scheduler at `when` and returns what it posted. */
  async function tickAt(when: DateTime): Promise<Post[]> {
    clock.now = when;
    const since = when.toISO() as string;
    await app.scheduler.tick();
    const feed = (await (await fetch(`${app.url}/api/playground/feed`)).json()) as { posts: Post[] };
    return feed.posts.filter((p) => p.at >= since);
  }

  beforeAll(async () => {
    clock = testClock(jakarta("2026-11-23T07:00"));
    app = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("DMs the standup at the team's time, once, and posts one summary at the deadline with yesterday's numbers", async () => {
    // Monday: Sari logs two videos; Dewi opts out of scheduled DMs.
    clock.now = jakarta("2026-11-23T10:00");
    await command(app, "sari", "/log video 2");
    expect((await command(app, "dewi", "/standup optout")).messages[0]?.text).toContain("no more scheduled DMs");

    // Tuesday 09:35 in Jakarta (and Bangkok): the ID and TH standups go out; London is still asleep.
    const posts = await tickAt(jakarta("2026-11-24T09:35"));
    const dms = posts.filter((p) => p.kind === "dm" && p.form?.formId === "standup.answer");
    const recipients = dms.map((p) => p.to).sort();
    expect(recipients).toEqual(["@budi", "@nok", "@ploy", "@rizky", "@sari", "@tan"]);
    expect(dms.find((p) => p.to === "@sari")?.form?.state).toBe("2026-11-24");
    // A second tick a minute later sends nothing again.
    expect((await tickAt(jakarta("2026-11-24T09:36"))).filter((p) => p.kind === "dm")).toHaveLength(0);

    const form = dms.find((p) => p.to === "@sari")?.form;
    const answered = await postJson(`${app.url}/api/playground/form`, {
      as: "sari",
      formId: "standup.answer",
      state: form?.state,
      values: { [form?.fields[0]?.id ?? ""]: "Two serum videos", [form?.fields[1]?.id ?? ""]: "LIVE at 8pm" },
    });
    expect(answered.body.ok).toBe(true);

    const summary = (await tickAt(jakarta("2026-11-24T11:01"))).find((p) => p.to === "#demo-standup-id");
    expect(summary?.text).toContain("Standup, Indonesia Beauty, 2026-11-24");
    expect(summary?.text).toContain("@sari · yesterday: Videos posted 2");
    expect(summary?.text).toContain("Two serum videos");
    expect(summary?.text).toContain("No answer yet: @budi, @dewi, @rizky");
    expect(summary?.text.match(/@budi/g)).toHaveLength(1);
    expect((await tickAt(jakarta("2026-11-24T11:05"))).filter((p) => p.to === "#demo-standup-id")).toHaveLength(0);
  });

  it("skips a team holiday, and follows a new standup time without a restart", async () => {
    await command(app, "budi", "/standup holiday add 2026-11-25 Team offsite");
    const wednesday = await tickAt(jakarta("2026-11-25T09:35"));
    const to = (p: Post[]) =>
      p
        .filter((x) => x.form?.formId === "standup.answer")
        .map((x) => x.to)
        .sort();
    expect(to(wednesday)).toEqual(["@nok", "@ploy", "@tan"]);

    expect((await command(app, "budi", "/standup time 10:15")).messages[0]?.text).toContain("10:15");
    expect(to(await tickAt(jakarta("2026-11-26T09:35")))).toEqual(["@nok", "@ploy", "@tan"]);
    expect(to(await tickAt(jakarta("2026-11-26T10:16")))).toEqual(["@budi", "@rizky", "@sari"]);
    const runs = await prisma().jobRun.findMany({ where: { jobName: "standup", status: "done" } });
    expect(runs.length).toBeGreaterThan(0);
  });

  it("DMs each lead and manager the morning digest with GMV that matches the facts and a chart", async () => {
    const posts = await tickAt(jakarta("2026-11-27T08:35"));
    const budi = posts.find((p) => p.to === "@budi" && p.text.includes("Morning digest"));
    expect(budi?.text).toContain("Indonesia Beauty");
    const team = await prisma().team.findFirstOrThrow({ where: { slug: "ID-beauty" } });
    const rows = await prisma().fact.groupBy({
      by: ["scopeType"],
      where: {
        teamId: team.id,
        metricKey: "gmv_gross",
        scopeType: { in: ["shop", "team"] },
        date: { gte: new Date("2026-11-01T00:00:00Z"), lte: new Date("2026-11-26T00:00:00Z") },
      },
      _sum: { value: true },
    });
    const mtd = rows.reduce((s, r) => s + Number(r._sum.value ?? 0), 0);
    expect(budi?.text).toContain(`month to date ${Math.round(mtd).toLocaleString("en")} IDR`);
    const chart = budi?.blocks.find((b) => b.type === "image");
    expect(chart?.png?.length ?? 0).toBeGreaterThan(100);
    // Managers without a team get every market, at their own 08:30 (Shanghai is an hour ahead of Jakarta).
    const mei = (await tickAt(DateTime.fromISO("2026-11-27T08:31", { zone: "Asia/Shanghai" }).toUTC())).find(
      (p) => p.to === "@mei",
    );
    expect(mei?.text).toContain("晨报");
    for (const name of ["Indonesia Beauty", "Thailand Home", "UK Gadgets"]) expect(mei?.text).toContain(name);
  });

  it("posts the weekly report on Monday with the week's facts as CSV", async () => {
    // The demo ends on 22 Nov; the week of 23–29 Nov arrives as the week before did, its shops' days complete.
    const team = await prisma().team.findFirstOrThrow({ where: { slug: "ID-beauty" } });
    const weekBefore = await prisma().fact.findMany({
      where: {
        teamId: team.id,
        date: { gte: new Date("2026-11-16T00:00:00Z"), lte: new Date("2026-11-22T00:00:00Z") },
      },
    });
    await prisma().fact.createMany({
      data: weekBefore.map(({ id: _id, updatedAt: _u, ...f }) => ({
        ...f,
        date: new Date(f.date.getTime() + 7 * 86_400_000),
      })),
    });
    const shops = await prisma().shop.findMany({ where: { teamId: team.id } });
    await prisma().sourceDay.createMany({
      data: shops.flatMap((shop) =>
        [23, 24, 25, 26, 27, 28, 29].map((day) => ({
          teamId: team.id,
          shopId: shop.id,
          source: "export",
          date: new Date(`2026-11-${day}T00:00:00Z`),
          workspaceId: team.workspaceId,
          complete: true,
        })),
      ),
    });
    const posts = await tickAt(jakarta("2026-11-30T09:05"));
    const report = posts.find((p) => p.to === "#demo-digest-id");
    expect(report?.text).toContain("Weekly report, Indonesia Beauty, Week 2026-W48");
    expect(report?.text).not.toContain("Through ");
    const count = await prisma().fact.count({
      where: {
        teamId: team.id,
        date: { gte: new Date("2026-11-23T00:00:00Z"), lte: new Date("2026-11-29T00:00:00Z") },
      },
    });
    expect(report?.text).toContain(`the week's ${count} facts`);
    expect(report?.files[0]?.name).toBe("ID-beauty-facts-2026-11-23_2026-11-29.csv");
    expect(report?.files[0]?.bytes).toBeGreaterThan(50);
  });
});
