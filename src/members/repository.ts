// Reads and writes members and teams. Returns plain profiles, never Prisma rows, so services stay Prisma-free.
import type { PrismaClient } from "../db/client.js";
import { likeLiteral } from "../domain/text.js";
import type { Member, Team } from "../generated/prisma/client.js";
import type { MemberProfile, TeamProfile } from "./types.js";

type MemberRow = Member & { team: Team | null };

export function toTeamProfile(team: Team): TeamProfile {
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

function toMemberProfile(row: MemberRow): MemberProfile {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    handle: row.handle,
    displayName: row.displayName,
    role: row.role,
    language: row.language,
    timezone: row.timezone ?? row.team?.timezone ?? "UTC",
    team: row.team ? toTeamProfile(row.team) : null,
    slackUserId: row.slackUserId,
    larkOpenId: row.larkOpenId,
    dmOptOut: row.dmOptOut,
  };
}

export function normalizeHandle(text: string): string {
  return text.trim().replace(/^@+/, "").toLowerCase();
}

export function createMemberRepository(prisma: PrismaClient) {
  return {
    async findByHandle(workspaceId: string, handle: string): Promise<MemberProfile | null> {
      const row = await prisma.member.findUnique({
        where: { workspaceId_handle: { workspaceId, handle: normalizeHandle(handle) } },
        include: { team: true },
      });
      return row?.active ? toMemberProfile(row) : null;
    },
    async findById(id: string): Promise<MemberProfile | null> {
      const row = await prisma.member.findUnique({ where: { id }, include: { team: true } });
      return row ? toMemberProfile(row) : null;
    },
    async listActive(workspaceId: string): Promise<MemberProfile[]> {
      const rows = await prisma.member.findMany({
        where: { workspaceId, active: true },
        include: { team: true },
        orderBy: [{ role: "desc" }, { handle: "asc" }],
      });
      return rows.map(toMemberProfile);
    },
    /** Profiles of these members, for showing a few out of many (a leaderboard shows active ones only). */
    async findByIds(ids: string[], { activeOnly }: { activeOnly: boolean }): Promise<MemberProfile[]> {
      if (ids.length === 0) return [];
      const rows = await prisma.member.findMany({
        where: { id: { in: ids }, ...(activeOnly ? { active: true } : {}) },
        include: { team: true },
      });
      return rows.map(toMemberProfile);
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
      const rows = await prisma.member.findMany({
        where: { teamId: { in: teamIds }, active: true },
        include: { team: true },
        orderBy: { handle: "asc" },
      });
      const byTeam = new Map<string, MemberProfile[]>(teamIds.map((id) => [id, []]));
      for (const row of rows) byTeam.get(row.teamId as string)?.push(toMemberProfile(row));
      return byTeam;
    },
    async listTeamMembers(teamId: string): Promise<MemberProfile[]> {
      const rows = await prisma.member.findMany({
        where: { teamId, active: true },
        include: { team: true },
        orderBy: { handle: "asc" },
      });
      return rows.map(toMemberProfile);
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
