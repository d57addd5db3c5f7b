// Reads and writes members and teams. Returns plain profiles, never Prisma rows, so services stay Prisma-free.
import type { PrismaClient } from "../db/client.js";
import { likeLiteral } from "../domain/text.js";
import { Prisma, type Team } from "../generated/prisma/client.js";
import type { MemberProfile, Role, TeamProfile } from "./types.js";

/** The chat account columns a member is found by (identity/repository.ts names the platforms). */
export type AccountColumn = "slackUserId" | "larkOpenId";
const ACCOUNT_COLUMN_SQL: Record<AccountColumn, Prisma.Sql> = {
  slackUserId: Prisma.raw(`m."slackUserId"`),
  larkOpenId: Prisma.raw(`m."larkOpenId"`),
};

/**
 * One row per member with its team as one JSON object beside it (null without a team): a profile in one query.
 * Prisma's `include: { team: true }` costs a second query per read, and a profile is read for every command.
 */
const PROFILE_SELECT = Prisma.sql`
  SELECT m.id, m."workspaceId", m.handle, m."displayName", m.role::text AS role, m.language::text AS language,
         m.timezone, m."slackUserId", m."larkOpenId", m."dmOptOut",
         CASE WHEN t.id IS NULL THEN NULL ELSE to_jsonb(t) - 'createdAt' - 'creatorTierConfig' END AS team
  FROM "Member" m LEFT JOIN "Team" t ON t.id = m."teamId"`;

/** What a team profile is made of: every column but the two it leaves out (toTeamProfile). */
type TeamColumns = Omit<Team, "createdAt" | "creatorTierConfig">;

interface ProfileRow {
  id: string;
  workspaceId: string;
  handle: string;
  displayName: string;
  role: string;
  language: string;
  timezone: string | null;
  slackUserId: string | null;
  larkOpenId: string | null;
  dmOptOut: boolean;
  team: TeamColumns | null;
}

function profileFromRow(row: ProfileRow): MemberProfile {
  const team = row.team ? toTeamProfile(row.team) : null;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    handle: row.handle,
    displayName: row.displayName,
    // The enums come back as text (cast in PROFILE_SELECT); the database only holds the schema's values.
    role: row.role as Role,
    language: row.language === "zh" ? "zh" : "en",
    timezone: row.timezone ?? team?.timezone ?? "UTC",
    team,
    slackUserId: row.slackUserId,
    larkOpenId: row.larkOpenId,
    dmOptOut: row.dmOptOut,
  };
}

export function toTeamProfile(team: TeamColumns): TeamProfile {
  return {
    id: team.id,
    workspaceId: team.workspaceId,
    slug: team.slug,
    name: team.name,
    market: team.market,
    timezone: team.timezone,
    currency: team.currency,
    locale: team.locale,
    workingDays: team.workingDays,
    digestChannelId: team.digestChannelId,
    standupChannelId: team.standupChannelId,
    alertChannelId: team.alertChannelId,
    standupTime: team.standupTime,
    standupDeadline: team.standupDeadline,
    digestTime: team.digestTime,
    weeklyReportTime: team.weeklyReportTime,
    alertScanTime: team.alertScanTime,
    alertDailyCap: team.alertDailyCap,
  };
}

export function normalizeHandle(text: string): string {
  return text.trim().replace(/^@+/, "").toLowerCase();
}

export function createMemberRepository(prisma: PrismaClient) {
  return {
    async findByHandle(workspaceId: string, handle: string): Promise<MemberProfile | null> {
      const [row] = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT}
        WHERE m."workspaceId" = ${workspaceId} AND m.handle = ${normalizeHandle(handle)} AND m.active`;
      return row ? profileFromRow(row) : null;
    },
    async findById(id: string): Promise<MemberProfile | null> {
      const [row] = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT} WHERE m.id = ${id}`;
      return row ? profileFromRow(row) : null;
    },
    /** The active member behind a chat account (a Slack user id, a Lark open_id), in one query: asked per command. */
    async findActiveByAccount(
      workspaceId: string,
      column: AccountColumn,
      accountId: string,
    ): Promise<MemberProfile | null> {
      const [row] = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT}
        WHERE m."workspaceId" = ${workspaceId} AND m.active AND ${ACCOUNT_COLUMN_SQL[column]} = ${accountId}`;
      return row ? profileFromRow(row) : null;
    },
    async listActive(workspaceId: string): Promise<MemberProfile[]> {
      // Ordered as Prisma orders an enum: by its declaration (admin last, so first here).
      const rows = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT}
        WHERE m."workspaceId" = ${workspaceId} AND m.active ORDER BY m.role DESC, m.handle ASC`;
      return rows.map(profileFromRow);
    },
    /** Profiles of these members, for showing a few out of many (a leaderboard shows active ones only). */
    async findByIds(ids: string[], { activeOnly }: { activeOnly: boolean }): Promise<MemberProfile[]> {
      if (ids.length === 0) return [];
      const rows = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT}
        WHERE m.id IN (${Prisma.join(ids)}) ${activeOnly ? Prisma.sql`AND m.active` : Prisma.empty}`;
      return rows.map(profileFromRow);
    },
    /** Active member id → team id, without loading profiles (leaderboards over a whole workspace). */
    async activeTeamIds(workspaceId: string): Promise<Map<string, string | null>> {
      const rows = await prisma.member.findMany({
        where: { workspaceId, active: true },
        select: { id: true, teamId: true },
      });
      return new Map(rows.map((r) => [r.id, r.teamId]));
    },
    /** Active members of several teams in one query, by team. */
    async listMembersOfTeams(teamIds: string[]): Promise<Map<string, MemberProfile[]>> {
      const byTeam = new Map<string, MemberProfile[]>(teamIds.map((id) => [id, []]));
      if (teamIds.length === 0) return byTeam;
      const rows = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT}
        WHERE m."teamId" IN (${Prisma.join(teamIds)}) AND m.active ORDER BY m.handle ASC`;
      for (const row of rows) if (row.team) byTeam.get(row.team.id)?.push(profileFromRow(row));
      return byTeam;
    },
    async listTeamMembers(teamId: string): Promise<MemberProfile[]> {
      const rows = await prisma.$queryRaw<ProfileRow[]>`${PROFILE_SELECT}
        WHERE m."teamId" = ${teamId} AND m.active ORDER BY m.handle ASC`;
      return rows.map(profileFromRow);
    },
    async findTeam(workspaceId: string, slugOrName: string): Promise<TeamProfile | null> {
      // Matched case-insensitively, which PostgreSQL does with ILIKE: "%" typed in chat must not match every team.
      const wanted = likeLiteral(slugOrName.trim());
      const team = await prisma.team.findFirst({
        where: {
          workspaceId,
          OR: [{ slug: { equals: wanted, mode: "insensitive" } }, { name: { equals: wanted, mode: "insensitive" } }],
        },
      });
      return team ? toTeamProfile(team) : null;
    },
    async findTeamById(id: string): Promise<TeamProfile | null> {
      const team = await prisma.team.findUnique({ where: { id } });
      return team ? toTeamProfile(team) : null;
    },
    async listTeams(workspaceId: string): Promise<TeamProfile[]> {
      const teams = await prisma.team.findMany({ where: { workspaceId }, orderBy: { slug: "asc" } });
      return teams.map(toTeamProfile);
    },
    /** Every team of every workspace: what scheduled jobs fire for. */
    async allTeams(): Promise<TeamProfile[]> {
      const teams = await prisma.team.findMany({ orderBy: { slug: "asc" } });
      return teams.map(toTeamProfile);
    },
    /** The workspace the playground acts in: the demo workspace, or the oldest one when the demo is off. */
    async playgroundWorkspaceId(): Promise<string | null> {
      const demo = await prisma.workspace.findFirst({ where: { name: "Starling Demo" } });
      if (demo) return demo.id;
      const first = await prisma.workspace.findFirst({ orderBy: { createdAt: "asc" } });
      return first?.id ?? null;
    },
  };
}

export type MemberRepository = ReturnType<typeof createMemberRepository>;
