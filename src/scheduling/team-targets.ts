// The targets of a team-level job: every team, at one of its local times, on its working days, minus its holidays.
import type { MemberProfile, TeamProfile } from "../members/types.js";
import type { JobTarget } from "./job.js";

export type TeamTimeField = "standupTime" | "standupDeadline" | "digestTime" | "weeklyReportTime";

export async function teamTargets(
  deps: {
    members: { allTeams(): Promise<TeamProfile[]> };
    standup: { holidays(teamIds: string[]): Promise<Map<string, string[]>> };
  },
  field: TeamTimeField,
  weekdays?: number[],
): Promise<JobTarget[]> {
  const teams = await deps.members.allTeams();
  const holidays = await deps.standup.holidays(teams.map((t) => t.id));
  return teams.map((team) => ({
    key: team.id,
    label: team.slug,
    timezone: team.timezone,
    time: team[field],
    weekdays: weekdays ?? team.workingDays,
    skipDates: holidays.get(team.id) ?? [],
  }));
}

/** A member's own target for a per-member job: their timezone, their team's time, days and holidays. */
export function memberTarget(member: MemberProfile, field: TeamTimeField, holidays: string[]): JobTarget | null {
  if (!member.team) return null;
  return {
    key: member.id,
    label: `@${member.handle}`,
    timezone: member.timezone,
    time: member.team[field],
    weekdays: member.team.workingDays,
    skipDates: holidays,
  };
}
