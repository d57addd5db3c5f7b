// The daily standup as members answer it: the team's questions (three defaults until a lead changes them) and
// the answers for the team's local day. The scheduled standup and its channel summary build on this.
import type { DateTime } from "luxon";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { t } from "../domain/i18n.js";
import { atLeast } from "../domain/permissions.js";
import type { MemberProfile } from "../members/types.js";
import type { StandupQuestion, StandupRepository } from "./repository.js";

const DEFAULT_QUESTION_KEYS = ["standup.q1", "standup.q2", "standup.q3"] as const;

export function createStandupService(deps: { repo: StandupRepository; clock: () => DateTime }) {
  async function questionsFor(teamId: string): Promise<StandupQuestion[]> {
    const existing = await deps.repo.questions(teamId);
    if (existing.length) return existing;
    await deps.repo.ensureQuestions(
      teamId,
      DEFAULT_QUESTION_KEYS.map((key) => ({ textEn: t("en", key), textZh: t("zh", key) })),
    );
    return deps.repo.questions(teamId);
  }

  /** Today in the member's team zone: the standup a member answers belongs to their team's day. */
  function today(member: MemberProfile): string {
    const zone = member.team?.timezone ?? member.timezone;
    return deps.clock().setZone(zone).toISODate() as string;
  }

  async function save(member: MemberProfile, localDate: string, answers: Record<string, string>) {
    if (!member.team) throw new UserError("standup.no_team");
    const questions = await questionsFor(member.team.id);
    const given = questions
      .map((q) => ({ questionId: q.id, answer: (answers[q.id] ?? "").trim().slice(0, 2000) }))
      .filter((a) => a.answer.length > 0);
    if (given.length === 0) return { saved: 0 };
    await deps.repo.saveAnswers({
      teamId: member.team.id,
      memberId: member.id,
      localDate,
      answers: given,
      at: deps.clock().toJSDate(),
    });
    return { saved: given.length };
  }

  /** Standup settings belong to the team's lead (and managers): the viewer's own team. */
  function managedTeam(viewer: MemberProfile) {
    if (!viewer.team) throw new UserError("standup.no_team");
    if (!atLeast(viewer, "lead")) throw new PermissionDenied("standup.settings", "deny.standup_settings");
    return viewer.team;
  }

  async function addQuestion(viewer: MemberProfile, text: string) {
    const team = managedTeam(viewer);
    const clean = text.trim().slice(0, 300);
    if (!clean)
      throw new UserError(
        "standup.empty_question",
        {},
        "/standup questions add Which creator will you follow up today?",
      );
    await questionsFor(team.id);
    // A lead writes the question once, in their own language; both columns carry it.
    await deps.repo.addQuestion(team.id, { textEn: clean, textZh: clean });
    return questionsFor(team.id);
  }

  async function removeQuestion(viewer: MemberProfile, number: string | undefined) {
    const team = managedTeam(viewer);
    const questions = await questionsFor(team.id);
    const index = Number(number) - 1;
    const question = questions[index];
    if (!question) {
      throw new UserError(
        "standup.bad_question_number",
        { value: number ?? "", count: questions.length },
        "/standup questions remove 2",
      );
    }
    if (questions.length === 1) throw new UserError("standup.last_question", {}, "/standup questions add …");
    await deps.repo.retireQuestion(question.id);
    return questionsFor(team.id);
  }

  async function setTime(viewer: MemberProfile, which: "standupTime" | "standupDeadline", value: string | undefined) {
    const team = managedTeam(viewer);
    const time = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(value ?? "");
    if (!time) throw new UserError("standup.bad_time", { value: value ?? "" }, "/standup time 09:30");
    const hhmm = `${(time[1] ?? "").padStart(2, "0")}:${time[2]}`;
    const start = which === "standupTime" ? hhmm : team.standupTime;
    const deadline = which === "standupDeadline" ? hhmm : team.standupDeadline;
    if (deadline <= start)
      throw new UserError("standup.deadline_before_start", { start, deadline }, "/standup deadline 11:00");
    await deps.repo.setTimes(team.id, { [which]: hhmm });
    return { team, time: hhmm };
  }

  async function holiday(viewer: MemberProfile, verb: "add" | "remove", date: string | undefined, name: string) {
    const team = managedTeam(viewer);
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw new UserError("standup.bad_date", { value: date ?? "" }, "/standup holiday add 2026-12-25 Christmas");
    }
    if (verb === "add") await deps.repo.addHoliday(team.id, date, name.trim() || date);
    else if (!(await deps.repo.removeHoliday(team.id, date))) throw new UserError("standup.no_holiday", { date });
    return team;
  }

  return {
    questionsFor,
    today,
    save,
    answersFor: deps.repo.answersFor,
    addQuestion,
    removeQuestion,
    setTime,
    holiday,
    holidays: deps.repo.holidays,
    setDmOptOut: (member: MemberProfile, optOut: boolean) => deps.repo.setDmOptOut(member.id, optOut),
  };
}

export type StandupService = ReturnType<typeof createStandupService>;
