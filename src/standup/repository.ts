// Standup questions per team and the answers members give, one row per (member, question, local date).
import type { PrismaClient } from "../db/client.js";

export interface StandupQuestion {
  id: string;
  position: number;
  textEn: string;
  textZh: string;
}

export interface StandupAnswerRow {
  memberId: string;
  questionId: string;
  answer: string;
  answeredAt: Date;
}

/** "2026-11-23" as the UTC midnight Prisma stores in a DATE column. */
const asDate = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);

export function createStandupRepository(prisma: PrismaClient) {
  return {
    async questions(teamId: string): Promise<StandupQuestion[]> {
      return prisma.standupQuestion.findMany({
        where: { teamId, active: true },
        orderBy: { position: "asc" },
        select: { id: true, position: true, textEn: true, textZh: true },
      });
    },
    /** Creates the default questions for a team that has none; safe when two requests race. */
    async ensureQuestions(teamId: string, defaults: { textEn: string; textZh: string }[]): Promise<void> {
      await prisma.standupQuestion.createMany({
        data: defaults.map((q, index) => ({ teamId, position: index + 1, ...q })),
        skipDuplicates: true,
      });
    },
    /** Saves a member's answers for a day; answering again replaces the earlier answer to the same question. */
    async saveAnswers(input: {
      teamId: string;
      memberId: string;
      localDate: string;
      answers: { questionId: string; answer: string }[];
      at: Date;
    }): Promise<void> {
      const localDate = asDate(input.localDate);
      await prisma.$transaction(
        input.answers.map((a) =>
          prisma.standupAnswer.upsert({
            where: {
              memberId_questionId_localDate: { memberId: input.memberId, questionId: a.questionId, localDate },
            },
            create: {
              teamId: input.teamId,
              memberId: input.memberId,
              questionId: a.questionId,
              localDate,
              answer: a.answer,
              answeredAt: input.at,
            },
            update: { answer: a.answer, answeredAt: input.at },
          }),
        ),
      );
    },
    async addQuestion(teamId: string, text: { textEn: string; textZh: string }): Promise<void> {
      const last = await prisma.standupQuestion.findFirst({ where: { teamId }, orderBy: { position: "desc" } });
      await prisma.standupQuestion.create({ data: { teamId, position: (last?.position ?? 0) + 1, ...text } });
    },
    /** Retires a question (its past answers stay readable). */
    async retireQuestion(questionId: string): Promise<void> {
      await prisma.standupQuestion.update({ where: { id: questionId }, data: { active: false } });
    },
    async setTimes(teamId: string, times: { standupTime?: string; standupDeadline?: string }): Promise<void> {
      await prisma.team.update({ where: { id: teamId }, data: times });
    },
    async holidays(teamIds: string[]): Promise<Map<string, string[]>> {
      const rows = await prisma.teamHoliday.findMany({ where: { teamId: { in: teamIds } }, orderBy: { date: "asc" } });
      const result = new Map<string, string[]>();
      for (const row of rows) {
        const list = result.get(row.teamId) ?? [];
        list.push(row.date.toISOString().slice(0, 10));
        result.set(row.teamId, list);
      }
      return result;
    },
    async addHoliday(teamId: string, date: string, name: string): Promise<void> {
      await prisma.teamHoliday.upsert({
        where: { teamId_date: { teamId, date: asDate(date) } },
        create: { teamId, date: asDate(date), name },
        update: { name },
      });
    },
    async removeHoliday(teamId: string, date: string): Promise<boolean> {
      return (await prisma.teamHoliday.deleteMany({ where: { teamId, date: asDate(date) } })).count > 0;
    },
    async setDmOptOut(memberId: string, optOut: boolean): Promise<void> {
      await prisma.member.update({ where: { id: memberId }, data: { dmOptOut: optOut } });
    },
    async answersFor(teamId: string, localDate: string): Promise<StandupAnswerRow[]> {
      return prisma.standupAnswer.findMany({
        where: { teamId, localDate: asDate(localDate) },
        select: { memberId: true, questionId: true, answer: true, answeredAt: true },
        orderBy: { answeredAt: "asc" },
      });
    },
  };
}

export type StandupRepository = ReturnType<typeof createStandupRepository>;
