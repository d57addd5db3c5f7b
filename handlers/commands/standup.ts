// /standup: answer today's standup now (the scheduled standup sends the same form by DM at the team's time), and,
// for leads, the team's questions, times and holidays; anyone can opt out of (and back into) scheduled DMs.
import type { CommandHandler } from "../../src/chat/commands.js";
import { type Block, message } from "../../src/chat/message.js";
import { UserError } from "../../src/domain/errors.js";
import { type Locale, t } from "../../src/domain/i18n.js";
import { wordTable } from "../../src/domain/text.js";
import type { Services } from "../../src/services.js";
import type { StandupQuestion } from "../../src/standup/repository.js";
import { standupForm } from "../forms/standup.js";

const WORD = wordTable<string>({
  questions: "questions",
  question: "questions",
  问题: "questions",
  time: "time",
  时间: "time",
  deadline: "deadline",
  截止: "deadline",
  holiday: "holiday",
  holidays: "holidays",
  假期: "holidays",
  optout: "optout",
  退订: "optout",
  optin: "optin",
  订阅: "optin",
});

function questionList(questions: StandupQuestion[], locale: Locale, title: string) {
  return message([
    { type: "header", text: title },
    {
      type: "section",
      text: questions.map((q, i) => `${i + 1}. ${locale === "zh" ? q.textZh : q.textEn}`).join("\n"),
    },
    { type: "context", text: "/standup questions add <text> · /standup questions remove <n>" },
  ]);
}

export const standupCommand: CommandHandler<Services> = {
  name: "standup",
  aliases: ["站会", "日报"],
  summary: {
    en: "Answer today's standup; leads set the questions, times and holidays.",
    zh: "填写今天的站会；组长可设置问题、时间和假期。",
  },
  usage: {
    en: [
      "/standup: opens today's standup form for your team",
      "/standup questions · /standup questions add Which creator will you follow up today? · /standup questions remove 2",
      "/standup time 09:30 · /standup deadline 11:00: when the DMs go out and when the summary is posted (team time)",
      "/standup holiday add 2026-12-25 Christmas · /standup holiday remove 2026-12-25 · /standup holidays",
      "/standup optout · /standup optin: stop (or restart) scheduled DMs to you",
    ],
    zh: [
      "/standup：打开你所在团队今天的站会表单",
      "/standup 问题 · /standup 问题 add 今天跟进哪位达人？ · /standup 问题 remove 2",
      "/standup 时间 09:30 · /standup 截止 11:00：私信发送时间和汇总发布时间（团队时区）",
      "/standup holiday add 2026-12-25 圣诞节 · /standup holiday remove 2026-12-25 · /standup 假期",
      "/standup 退订 · /standup 订阅：停止（或恢复）定时私信",
    ],
  },
  async run(ctx) {
    const { args, member, locale, services } = ctx;
    const [first, verb, ...rest] = args;
    const word = WORD[first?.toLowerCase() ?? ""];
    const standup = services.standup;
    const done = (text: string, extra: Block[] = []) => message([{ type: "section", text }, ...extra]);
    switch (word) {
      case undefined: {
        if (first) throw new UserError("standup.unknown_verb", { verb: first }, "/standup questions");
        const form = await standupForm.build({ ...ctx });
        return message([{ type: "section", text: `📝 ${t(locale, "standup.prompt", { date: form.state ?? "" })}` }], {
          ephemeral: true,
          form,
        });
      }
      case "questions": {
        if (!member.team) throw new UserError("standup.no_team");
        const v = verb?.toLowerCase();
        if (v === "add" || v === "添加") {
          const questions = await standup.addQuestion(member, rest.join(" "));
          return questionList(
            questions,
            locale,
            `✅ ${t(locale, "standup.questions_title", { team: member.team.name })}`,
          );
        }
        if (v === "remove" || v === "删除") {
          const questions = await standup.removeQuestion(member, rest[0]);
          return questionList(
            questions,
            locale,
            `✅ ${t(locale, "standup.questions_title", { team: member.team.name })}`,
          );
        }
        const questions = await standup.questionsFor(member.team.id);
        return questionList(questions, locale, t(locale, "standup.questions_title", { team: member.team.name }));
      }
      case "time":
      case "deadline": {
        const { team, time } = await standup.setTime(member, word === "time" ? "standupTime" : "standupDeadline", verb);
        return done(
          `🕘 ${t(locale, word === "time" ? "standup.time_set" : "standup.deadline_set", { team: team.name, time })}`,
        );
      }
      case "holiday":
      case "holidays": {
        const v = verb?.toLowerCase();
        if (v === "add" || v === "remove") {
          const team = await standup.holiday(member, v, rest[0], rest.slice(1).join(" "));
          return done(
            `📅 ${t(locale, v === "add" ? "standup.holiday_added" : "standup.holiday_removed", { team: team.name, date: rest[0] ?? "" })}`,
          );
        }
        if (!member.team) throw new UserError("standup.no_team");
        const dates = (await standup.holidays([member.team.id])).get(member.team.id) ?? [];
        return done(
          dates.length
            ? `${t(locale, "standup.holidays_title", { team: member.team.name })}\n${dates.join("\n")}`
            : t(locale, "standup.no_holidays", { team: member.team.name }),
        );
      }
      case "optout":
      case "optin": {
        await standup.setDmOptOut(member, word === "optout");
        return done(t(locale, word === "optout" ? "standup.opted_out" : "standup.opted_in"));
      }
      default:
        throw new UserError("standup.unknown_verb", { verb: first ?? "" }, "/standup questions");
    }
  },
};
