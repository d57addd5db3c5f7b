// Logging output from chat: store the log on the member's local day (team timezone), convert GMV into the
// team's currency at that day's rate, and let the member undo their last log within a day.
import { DateTime } from "luxon";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { LOG_COUNT_METRIC, type LogKind, type ParsedLog } from "../domain/log-grammar.js";
import { localDateOf, periodContaining } from "../domain/periods.js";
import type { MemberProfile } from "../members/types.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import type { FactRepository } from "../metrics/repository.js";
import type { LogRepository, StoredLog } from "./repository.js";

/** How long "/log undo" and the Undo button can reach back. */
export const UNDO_WINDOW_HOURS = 24;

export interface LogResult {
  log: StoredLog;
  duplicate: boolean;
  /** The rate day used to convert GMV when the log's own day had no rate. */
  fxRateDate: string | null;
  /** Month-to-date total of the logged kind's count metric, after this log. */
  monthTotal: string;
}

export interface LogServiceDeps {
  logs: LogRepository;
  facts: FactRepository;
  fx: FxRepository;
  clock: () => DateTime;
}

export function createLogService(deps: LogServiceDeps) {
  async function log(member: MemberProfile, parsed: ParsedLog, eventId?: string): Promise<LogResult> {
    const team = member.team;
    if (!team) throw new UserError("log.no_team", { handle: member.handle });
    const now = deps.clock();
    // The day a log counts for is the team's local day: 23:30 in Jakarta is still that Jakarta day.
    const localDate = localDateOf(now, team.timezone);
    let gmvInTeamCurrency = null;
    let fxRateDate: string | null = null;
    if (parsed.gmv) {
      const currency = parsed.gmv.currency ?? team.currency;
      if (currency === team.currency) {
        gmvInTeamCurrency = parsed.gmv.amount;
      } else {
        const rates = await deps.fx.lookup([currency, team.currency], localDate, localDate);
        const found = rates.rate(currency, team.currency, localDate);
        if (!found)
          throw new UserError(
            "log.no_fx_rate",
            { currency, teamCurrency: team.currency },
            `/log live 2h gmv 1250 ${team.currency.toLowerCase()}`,
          );
        gmvInTeamCurrency = parsed.gmv.amount.mul(found.rate).toDecimalPlaces(6);
        fxRateDate = found.rateDates.sort().at(0) ?? null;
      }
    }
    const { log: stored, duplicate } = await deps.logs.create({
      workspaceId: member.workspaceId,
      teamId: team.id,
      memberId: member.id,
      kind: parsed.kind,
      count: parsed.count,
      durationMinutes: parsed.durationMinutes,
      gmvAmount: parsed.gmv?.amount ?? null,
      gmvCurrency: parsed.gmv ? (parsed.gmv.currency ?? team.currency) : null,
      gmvInTeamCurrency,
      fxRateDate,
      tags: parsed.tags,
      note: parsed.note,
      localDate,
      sourceEventId: eventId ?? null,
    });
    const month = periodContaining("month", DateTime.fromISO(stored.localDate, { zone: "utc" }));
    const metric = LOG_COUNT_METRIC[stored.kind as LogKind];
    const sums = await deps.facts.memberSums([member.id], { metricKeys: [metric], from: month.start, to: month.end });
    return { log: stored, duplicate, fxRateDate, monthTotal: sums[0]?.value.toString() ?? "0" };
  }

  async function undo(member: MemberProfile, logId: string | null): Promise<StoredLog> {
    const now = deps.clock();
    const since = now.minus({ hours: UNDO_WINDOW_HOURS }).toJSDate();
    const target = logId ? await deps.logs.findById(logId) : await deps.logs.lastUndoable(member.id, since);
    if (!target) throw new UserError("log.nothing_to_undo", {}, "/log video 3");
    // An Undo button carries a log id; one naming somebody else's log was forged: refused (the dispatcher audits it).
    if (target.memberId !== member.id) throw new PermissionDenied("log.undo", "deny.log_undo");
    if (target.undoneAt) throw new UserError("log.already_undone");
    if (target.loggedAt < since) throw new UserError("log.undo_too_old", { hours: UNDO_WINDOW_HOURS });
    const changed = await deps.logs.undo(target.id, now.toJSDate());
    if (!changed) throw new UserError("log.already_undone");
    return target;
  }

  return { log, undo };
}

export type LogService = ReturnType<typeof createLogService>;
