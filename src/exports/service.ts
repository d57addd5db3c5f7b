// /export in chat: read the words, check who may have the rows, stream them from the database into a CSV file
// no larger than the chat platform takes, and record the export in the audit log (data leaving Starling).
import type { DateTime } from "luxon";
import type { AuditEntry } from "../audit/repository.js";
import type { FileAttachment } from "../chat/message.js";
import type { PlatformName } from "../chat/platform.js";
import { UserError } from "../domain/errors.js";
import type { Period } from "../domain/periods.js";
import type { TeamFreshness } from "../freshness/rules.js";
import type { FreshnessService } from "../freshness/service.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import { type BehindNote, type SpanNote, spanOf } from "../metrics/kpi-service.js";
import { exportFileName, periodTag } from "./file-name.js";
import { readExportWords } from "./grammar.js";
import { readExportPeriod } from "./period.js";
import type { ExportRepository } from "./repository.js";
import { EXPORT_EXAMPLES, resolveChatScope } from "./scope.js";
import { memorySink } from "./sinks.js";
import type { ExportKind, ExportScope } from "./types.js";
import { writeExport } from "./write.js";

const MB = 1024 * 1024;

/**
 * The largest file a reply carries. Slack takes far more than 50 MB, but a bigger CSV is slow to upload and to open
 * in a spreadsheet; Lark's file upload stops at 30 MB. Beyond that the reply points to the CLI, which has no cap.
 */
export const CHAT_FILE_LIMIT: Record<PlatformName, number> = { slack: 50 * MB, playground: 50 * MB, lark: 30 * MB };

export interface ExportDeps {
  repo: ExportRepository;
  members: MemberRepository;
  audit: { record(entry: AuditEntry): Promise<void> };
  clock: () => DateTime;
  freshness: Pick<FreshnessService, "forTeams">;
  /** Tests lower the caps to see a file cut short without writing 50 MB. */
  limits?: Partial<Record<PlatformName, number>>;
}

export interface ChatExport {
  kind: ExportKind;
  scope: ExportScope;
  /** Null for creators: a snapshot of now. */
  period: Period | null;
  /** The scope's local date when the export ran. */
  asOf: string;
  rows: number;
  /** Rows the whole export has; more than `rows` when the file was cut at the cap. */
  total: number;
  truncated: boolean;
  limitBytes: number;
  /** The same export from the command line, with no cap. */
  cliCommand: string;
  /** Null when there are no rows: an empty spreadsheet helps nobody. */
  file: FileAttachment | null;
  /**
   * Facts only: the last complete day of the scope's teams inside the period and what is not in yet. The file keeps
   * every raw row (partial days included, as they are stored); the reply says which days are whole.
   */
  span: { through: string; notInYet: SpanNote["notInYet"]; behind: BehindNote[] } | null;
}

/** A period as the CLI (and parsePeriod) reads it back: 2026-10, 2026-W47, 2026-Q4, 2026-10-01..2026-10-15. */
export function periodArgument(period: Period): string {
  return period.kind === "custom" ? `${period.start}..${period.end}` : periodTag(period);
}

export function cliCommandFor(kind: ExportKind, scope: ExportScope, period: Period | null): string {
  const words = ["npm run export --", kind];
  if (period) words.push(periodArgument(period));
  if (scope.kind === "team") words.push("--team", scope.slug);
  if (scope.kind === "member") words.push("--member", scope.handle);
  return words.join(" ");
}

export function createExportService(deps: ExportDeps) {
  async function forChat(viewer: MemberProfile, args: string[], platform: PlatformName): Promise<ChatExport> {
    const words = readExportWords(args);
    if (!words.ok) {
      if (words.error === "unknown_kind") {
        throw new UserError("export.unknown_kind", { value: words.word }, EXPORT_EXAMPLES.mine);
      }
      throw new UserError(words.error === "no_kind" ? "export.what" : "export.two_scopes", {}, EXPORT_EXAMPLES.facts);
    }
    const { scope, zone } = await resolveChatScope(viewer, words.scope, deps.members);
    const now = deps.clock().setZone(zone);
    const read = readExportPeriod(words.kind, words.period, now);
    if (!read.ok) {
      if (read.error === "creators_take_no_period") {
        throw new UserError("export.creators_no_period", { value: words.period }, EXPORT_EXAMPLES.creators);
      }
      const example = words.kind === "logs" ? EXPORT_EXAMPLES.member : EXPORT_EXAMPLES.facts;
      throw new UserError("error.bad_period", { value: words.period }, example);
    }
    const { period } = read;
    const range = period ? { from: period.start, to: period.end } : null;
    const asOf = now.toISODate() as string;
    const limitBytes = deps.limits?.[platform] ?? CHAT_FILE_LIMIT[platform];

    const sink = memorySink();
    const result = await writeExport(deps.repo, { kind: words.kind, scope, range }, sink, { maxBytes: limitBytes });
    // Only a file cut short needs the full count, and one COUNT is cheaper than reading the rest.
    const total = result.truncated ? await deps.repo.count(words.kind, scope, range) : result.rows;
    await deps.audit.record({
      workspaceId: viewer.workspaceId,
      actorId: viewer.id,
      action: `export.${words.kind}`,
      subject: scopeSubject(scope),
      allowed: true,
      detail: { period: period ? `${period.start}..${period.end}` : null, rows: result.rows, total, platform },
    });
    const file: FileAttachment | null =
      result.rows === 0
        ? null
        : {
            name: exportFileName(words.kind, scope, period ? periodTag(period) : asOf),
            mimeType: "text/csv",
            content: sink.bytes(),
          };
    return {
      kind: words.kind,
      scope,
      period,
      asOf,
      span: words.kind === "facts" && period ? await spanOfScope(scope, period, now) : null,
      rows: result.rows,
      total,
      truncated: result.truncated,
      limitBytes,
      cliCommand: cliCommandFor(words.kind, scope, period),
      file,
    };
  }

  async function spanOfScope(scope: ExportScope, period: Period, now: DateTime): Promise<ChatExport["span"]> {
    const teams =
      scope.kind === "workspace"
        ? await deps.members.listTeams(scope.workspaceId)
        : scope.kind === "team"
          ? [await deps.members.findTeamById(scope.teamId)]
          : (await deps.members.findByIds([scope.memberId], { activeOnly: false })).map((m) => m.team);
    const known = teams.filter((team): team is TeamProfile => Boolean(team));
    const freshness = await deps.freshness.forTeams(known, now);
    const { through, span } = spanOf(
      period,
      now.toISODate() as string,
      known.map((team) => ({ team, freshness: freshness.get(team.id) as TeamFreshness })),
    );
    return { through, ...span };
  }

  return { forChat };
}

function scopeSubject(scope: ExportScope): string {
  return scope.kind === "member" ? `@${scope.handle}` : scope.kind === "team" ? `team ${scope.slug}` : "all teams";
}

export type ExportService = ReturnType<typeof createExportService>;
