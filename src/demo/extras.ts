// The small extras of the demo workspace: alert rules and a few chat logs.
import type { DateTime } from "luxon";
import type { PrismaClient } from "../db/client.js";
import type { FactContext } from "./facts.js";
import { dbDate, parseToday } from "./fx.js";

/** The client inside an interactive transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** One rule per team: alert when the team's return rate goes above 8% (stored as a fraction). */
export async function seedAlertRules(
  tx: Tx,
  ctx: { workspaceId: string; teams: FactContext["teams"]; members: FactContext["members"]; setUpAt: Date },
): Promise<void> {
  const { workspaceId, teams, members, setUpAt } = ctx;
  for (const team of teams) {
    const lead = members.find((m) => m.def.teamSlug === team.def.slug && m.def.role === "lead");
    await tx.alertRule.create({
      data: {
        workspaceId,
        teamId: team.id,
        metricKey: "return_rate",
        scopeType: "team",
        scopeId: team.id,
        kind: "threshold",
        operator: ">",
        threshold: "0.08",
        createdById: lead?.id ?? null,
        createdAt: setUpAt,
      },
    });
  }
}

/** A few chat logs from yesterday, as members would have typed them ("/log live 2h gmv ..."). */
export async function seedContentLogs(
  tx: Tx,
  ctx: {
    workspaceId: string;
    teams: FactContext["teams"];
    memberId: (handle: string) => string;
    creators: FactContext["creators"];
  },
): Promise<void> {
  const id = ctx.teams.find((t) => t.def.slug === "ID-beauty") as FactContext["teams"][number];
  const uk = ctx.teams.find((t) => t.def.slug === "UK-gadgets") as FactContext["teams"][number];
  const at = (team: typeof id, hour: number): { localDate: Date; loggedAt: Date } => {
    const day: DateTime = parseToday(team.today, team.def.timezone).minus({ days: 1 });
    return { localDate: dbDate(day.toISODate() as string), loggedAt: day.set({ hour }).toJSDate() };
  };
  const creator = ctx.creators.find((c) => c.def.displayHandle === "GlowUpMaya");
  const base = { workspaceId: ctx.workspaceId };
  await tx.contentLog.createMany({
    data: [
      {
        ...base,
        teamId: id.id,
        memberId: ctx.memberId("sari"),
        kind: "live",
        durationMinutes: 120,
        gmvAmount: "12500000",
        gmvCurrency: "IDR",
        tags: ["lipstick"],
        note: "Payday LIVE, serum bundle sold out",
        ...at(id, 21),
      },
      {
        ...base,
        teamId: id.id,
        memberId: ctx.memberId("dewi"),
        kind: "video",
        count: 3,
        tags: ["lipstick"],
        ...at(id, 17),
      },
      {
        ...base,
        teamId: id.id,
        memberId: ctx.memberId("rizky"),
        kind: "contact",
        creatorId: creator?.id ?? null,
        channel: "whatsapp",
        outcome: "no_reply",
        ...at(id, 14),
      },
      {
        ...base,
        teamId: uk.id,
        memberId: ctx.memberId("jack"),
        kind: "video",
        count: 2,
        tags: ["earbuds"],
        ...at(uk, 16),
      },
    ],
  });
}
