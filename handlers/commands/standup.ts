// /standup: answer today's standup now (the scheduled standup sends the same form in a DM).
import type { CommandHandler } from "../../src/chat/commands.js";
import { message } from "../../src/chat/message.js";
import { t } from "../../src/domain/i18n.js";
import type { Services } from "../../src/services.js";
import { standupForm } from "../forms/standup.js";

export const standupCommand: CommandHandler<Services> = {
  name: "standup",
  aliases: ["站会", "日报"],
  summary: {
    en: "Answer today's standup questions.",
    zh: "填写今天的站会问题。",
  },
  usage: {
    en: ["/standup: opens today's standup form for your team"],
    zh: ["/standup：打开你所在团队今天的站会表单"],
  },
  async run(ctx) {
    const form = await standupForm.build({ ...ctx });
    return message([{ type: "section", text: `📝 ${t(ctx.locale, "standup.prompt", { date: form.state ?? "" })}` }], {
      ephemeral: true,
      form,
    });
  },
};
