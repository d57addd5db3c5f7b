// The daily standup as members answer it: the team's questions (three defaults until a lead changes them) and
// the answers for the team's local day. The scheduled standup and its channel summary build on this.
import type { DateTime } from "luxon";
import { UserError } from "../domain/errors.js";
import { t } from "../domain/i18n.js";
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

  return { questionsFor, today, save, answersFor: deps.repo.answersFor };
}

export type StandupService = ReturnType<typeof createStandupService>;
