// What an export is about, once the words have been read and the permissions checked.
export type ExportKind = "facts" | "logs" | "creators";

export const EXPORT_KINDS: readonly ExportKind[] = ["facts", "logs", "creators"];

/** Whose rows: one member's own, one team's, or every team of the workspace. */
export type ExportScope =
  | { kind: "member"; workspaceId: string; memberId: string; handle: string }
  | { kind: "team"; workspaceId: string; teamId: string; slug: string }
  | { kind: "workspace"; workspaceId: string };

/** Inclusive local dates yyyy-MM-dd (each team's own calendar: Fact.date and ContentLog.localDate are local). */
export interface DateRange {
  from: string;
  to: string;
}
