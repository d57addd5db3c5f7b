// /kpi board and /kpi team read their figures while freshness is still being read, on a guessed span (every feed in,
// or the span the last command found). When a write moves the span, either way, the figures must be those of the
// real span on the next command: here the write comes through a second Starling on the same PostgreSQL (another
// replica; on PGlite, through the same one), and every figure is checked against SQL over the facts.
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS, emptyDatabaseConfig } from "../support/databases.js";

describe.each(DATABASE_KINDS)("figures when the span moves on %s", (kind) => {
  let app: Starling;
  /** The replica the writes go through: another Starling on the same PostgreSQL; on PGlite the same one. */
  let writer: Starling;

  beforeAll(async () => {
    const database = await emptyDatabaseConfig(kind);
    app = await startTestApp(kind, { database });
    writer = kind === "postgres" ? await startTestApp(kind, { database }) : app;
  });
  afterAll(async () => {
    if (writer !== app) await writer?.stop();
    await app?.stop();
  });

  const member = async (handle: string): Promise<MemberProfile> => {
    const workspaceId = (await app.services.members.playgroundWorkspaceId()) as string;
    return (await app.services.members.findByHandle(workspaceId, handle)) as MemberProfile;
  };
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const day = (date: string) => new Date(`${date}T00:00:00Z`);

  /**
   * The team's active members by member-logged GMV over [from, to], by SQL over the facts: a lead's board (only the
   * facts recorded for the team) or, `anywhere`, the team's top members (their facts wherever recorded).
   */
  async function rankedBySql(teamId: string, from: string, to: string, anywhere = false) {
    const rows = await app.db.prisma.$queryRaw<{ handle: string; total: unknown }[]>`
      SELECT m.handle, SUM(f.value)::text AS total
      FROM "Fact" f JOIN "Member" m ON m.id = f."memberId"
      WHERE (f."teamId" = ${teamId} OR ${anywhere}) AND f."scopeType" = 'member' AND f."metricKey" = 'gmv_gross'
        AND f.date BETWEEN ${day(from)}::date AND ${day(to)}::date AND m.active AND m."teamId" = ${teamId}
      GROUP BY m.id, m.handle ORDER BY SUM(f.value) DESC, m.id`;
    return rows.map((r) => `${r.handle} ${new Decimal(String(r.total)).toFixed(6)}`);
  }

  /** A team's GMV over [from, to] from its shop facts, by SQL (the shops have orders, so they are the source). */
  async function shopGmvBySql(teamId: string, from: string, to: string): Promise<string> {
    const [row] = await app.db.prisma.$queryRaw<{ total: unknown }[]>`
      SELECT COALESCE(SUM(value), 0)::text AS total FROM "Fact"
      WHERE "teamId" = ${teamId} AND "scopeType" IN ('shop', 'team') AND "metricKey" = 'gmv_gross'
        AND date BETWEEN ${day(from)}::date AND ${day(to)}::date`;
    return new Decimal(String(row?.total)).toFixed(6);
  }

  it("a behind shop's day arrives through another replica: the next board covers it, to the cent", async () => {
    const oliver = await member("oliver");
    const team = oliver.team;
    if (!team) throw new Error("oliver has no team");
    const before = await app.services.kpi.board(oliver, "gmv", "month");
    // GizmoHub UK is held back a day by the demo: the board stops the day before London's yesterday.
    const behindDay = before.span.behind[0]?.missingSince as string;
    expect(behindDay).toBeDefined();
    expect(before.through < behindDay).toBe(true);
    expect(before.rows.map((r) => `${r.member.handle} ${r.value.toFixed(6)}`)).toEqual(
      (await rankedBySql(team.id, before.period.start, before.through)).slice(0, 10),
    );

    // The shop's day comes in complete, and a host logs GMV for that day, through the other replica.
    const prisma = writer.db.prisma;
    const shop = await prisma.shop.findFirstOrThrow({ where: { name: "GizmoHub UK" } });
    const amy = await member("amy");
    await prisma.sourceDay.create({
      data: {
        teamId: team.id,
        shopId: shop.id,
        source: "export",
        date: day(behindDay),
        workspaceId: team.workspaceId,
        complete: true,
        firstSeenAt: new Date(),
        completedAt: new Date(),
      },
    });
    await prisma.fact.create({
      data: {
        workspaceId: team.workspaceId,
        teamId: team.id,
        date: day(behindDay),
        metricKey: "gmv_gross",
        scopeType: "member",
        scopeId: amy.id,
        memberId: amy.id,
        value: "98765.43",
        source: "chat",
      },
    });

    const after = await app.services.kpi.board(oliver, "gmv", "month");
    expect(after.through).toBe(behindDay);
    expect(after.span.behind).toEqual([]);
    const expected = (await rankedBySql(team.id, after.period.start, after.through)).slice(0, 10);
    expect(after.rows.map((r) => `${r.member.handle} ${r.value.toFixed(6)}`)).toEqual(expected);
    expect(expected.some((line) => line.startsWith("amy "))).toBe(true);
    // Asked again (the guess now right), the same answer.
    const again = await app.services.kpi.board(oliver, "gmv", "month");
    expect(again.rows.map((r) => r.value.toFixed(6))).toEqual(after.rows.map((r) => r.value.toFixed(6)));
  });

  it("a feed that declares fewer days arrives through another replica: the next /kpi team stops there", async () => {
    const budi = await member("budi");
    const team = budi.team;
    if (!team) throw new Error("budi has no team");
    const before = await app.services.kpi.teamReport(budi, team.slug);
    const gmvOf = (report: typeof before) => report.lines.find((l) => l.def.key === "gmv_gross");
    expect(gmvOf(before)?.value?.toFixed(6)).toBe(await shopGmvBySql(team.id, before.period.start, before.through));

    // The team's own ingest feed declares only through three days before `through`: the team is held back there.
    const declared = iso(new Date(day(before.through).getTime() - 3 * 86_400_000));
    const prisma = writer.db.prisma;
    await prisma.sourceDay.createMany({
      data: [5, 4, 3, 2, 1, 0].map((back) => {
        const date = new Date(day(before.through).getTime() - back * 86_400_000);
        return {
          teamId: team.id,
          shopId: "",
          source: "ingest",
          date,
          workspaceId: team.workspaceId,
          complete: iso(date) <= declared,
          firstSeenAt: new Date(),
          completedAt: iso(date) <= declared ? new Date() : null,
        };
      }),
    });

    const after = await app.services.kpi.teamReport(budi, team.slug);
    expect(after.through).toBe(declared);
    expect(gmvOf(after)?.value?.toFixed(6)).toBe(await shopGmvBySql(team.id, after.period.start, declared));
    // What came for the days after it, through today, is "so far", not in the figure.
    const tail = after.span.notInYet;
    expect(tail?.from).toBe(iso(new Date(day(declared).getTime() + 86_400_000)));
    expect(gmvOf(after)?.soFar?.toFixed(6)).toBe(await shopGmvBySql(team.id, tail?.from ?? "", tail?.to ?? ""));
    // The top members are ranked over the same days.
    const top = await rankedBySql(team.id, after.period.start, declared, true);
    expect((after.topMembers ?? []).map((r) => `${r.member.handle} ${r.value.toFixed(6)}`)).toEqual(top.slice(0, 5));
  });
});
