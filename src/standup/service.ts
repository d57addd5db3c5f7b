// The daily standup as members answer it: the team's questions (three defaults until a lead changes them) and
// the answers for the team's local day. The scheduled standup and its channel summary build on this.
import { DateTime } from "luxon";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { t } from "../domain/i18n.js";
import { MAX_YEAR, MIN_YEAR, parseIsoDate } from "../domain/periods.js";
import { atLeast } from "../domain/permissions.js";
import { charLength } from "../domain/text.js";
import type { MemberProfile } from "../members/types.js";
import type { StandupQuestion, StandupRepository } from "./repository.js";

const DEFAULT_QUESTION_KEYS = ["standup.q1", "standup.q2", "standup.q3"] as const;

/** An answer is a few lines, read beside the numbers in the summary post: message "standup.answer_too_long". */
export const MAX_ANSWER_CHARS = 2000;
/** A question is one sentence, shown in every member's form: message "standup.question_too_long". */
export const MAX_QUESTION_CHARS = 300;
/** A holiday's name is a label in /standup holidays: message "standup.holiday_name_too_long". */
export const MAX_HOLIDAY_NAME_CHARS = 100;
/**
 * A standup form counts for the day it was sent for, so answers after midnight still count; one older than a week
 * (or for a day after tomorrow, past any timezone's lead) is a stale or forged form: message "standup.stale_form".
 */
export const MAX_FORM_AGE_DAYS = 7;
export const MAX_FORM_LEAD_DAYS = 1;
export const HOLIDAY_EXAMPLE = "/standup holiday add 2026-12-25 Christmas";

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

  /**
   * The day a standup form was sent for, checked: a real date (luxon round trip), not older than MAX_FORM_AGE_DAYS
   * and not more than MAX_FORM_LEAD_DAYS ahead of the team's today.
   */
  function formDate(member: MemberProfile, state: string | undefined): string {
    if (state === undefined || state === "") return today(member);
    const date = parseIsoDate(state);
    if (!date) throw new UserError("standup.bad_form_date", { value: state.slice(0, 40) }, "/standup");
    const days = DateTime.fromISO(date, { zone: "utc" }).diff(
      DateTime.fromISO(today(member), { zone: "utc" }),
      "days",
    ).days;
    if (days < -MAX_FORM_AGE_DAYS || days > MAX_FORM_LEAD_DAYS)
      throw new UserError("standup.stale_form", { date, days: MAX_FORM_AGE_DAYS }, "/standup");
    return date;
  }

  /** The answers that are too long, by question id, with their length: the form shows each under its field. */
  function overLong(answers: Record<string, string>): Map<string, number> {
    const long = new Map<string, number>();
    for (const [id, answer] of Object.entries(answers)) {
      const length = charLength(answer.trim());
      if (length > MAX_ANSWER_CHARS) long.set(id, length);
    }
    return long;
  }

  async function save(member: MemberProfile, localDate: string, answers: Record<string, string>) {
    if (!member.team) throw new UserError("standup.no_team");
    const date = formDate(member, localDate);
    const [tooLong] = overLong(answers);
    if (tooLong)
      throw new UserError("standup.answer_too_long", { length: tooLong[1], max: MAX_ANSWER_CHARS }, "/standup");
    const questions = await questionsFor(member.team.id);
    const given = questions
      .map((q) => ({ questionId: q.id, answer: (answers[q.id] ?? "").trim() }))
      .filter((a) => a.answer.length > 0);
    if (given.length === 0) return { saved: 0 };
    await deps.repo.saveAnswers({
      teamId: member.team.id,
      memberId: member.id,
      localDate: date,
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
    const clean = text.trim();
    const example = "/standup questions add Which creator will you follow up today?";
    if (!clean) throw new UserError("standup.empty_question", {}, example);
    if (charLength(clean) > MAX_QUESTION_CHARS)
      throw new UserError("standup.question_too_long", { length: charLength(clean), max: MAX_QUESTION_CHARS }, example);
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
    // Luxon reads the date and must print it back unchanged: 2026-02-31 is refused, not stored as March 3.
    const day = parseIsoDate(date);
    if (!day)
      throw new UserError(
        "error.bad_date",
        { value: (date ?? "").slice(0, 40), min: MIN_YEAR, max: MAX_YEAR },
        HOLIDAY_EXAMPLE,
      );
    const label = name.trim();
    if (charLength(label) > MAX_HOLIDAY_NAME_CHARS)
      throw new UserError(
        "standup.holiday_name_too_long",
        { length: charLength(label), max: MAX_HOLIDAY_NAME_CHARS },
        HOLIDAY_EXAMPLE,
      );
    if (verb === "add") await deps.repo.addHoliday(team.id, day, label || day);
    else if (!(await deps.repo.removeHoliday(team.id, day))) throw new UserError("standup.no_holiday", { date: day });
    return team;
  }

  return {
    questionsFor,
    today,
    formDate,
    overLong,
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
