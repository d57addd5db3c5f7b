import type { Locale } from "../domain/i18n.js";

export type Role = "member" | "lead" | "manager" | "admin";

export interface TeamProfile {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  market: string;
  timezone: string;
  currency: string;
  locale: Locale;
  workingDays: number[];
  digestChannelId: string | null;
  standupChannelId: string | null;
  alertChannelId: string | null;
  /** Local wall-clock times "HH:mm" of the team's scheduled posts. */
  standupTime: string;
  standupDeadline: string;
  digestTime: string;
  weeklyReportTime: string;
  /** When the daily anomaly scan runs, "HH:mm" local. */
  alertScanTime: string;
  /** At most this many alert messages a day in the team's alert channel. */
  alertDailyCap: number;
}

/** Who is typing: everything a command needs to know about its author. */
export interface MemberProfile {
  id: string;
  workspaceId: string;
  handle: string;
  displayName: string;
  role: Role;
  language: Locale;
  /** The member's own timezone, else the team's, else UTC. */
  timezone: string;
  team: TeamProfile | null;
  slackUserId: string | null;
  larkOpenId: string | null;
  dmOptOut: boolean;
}
