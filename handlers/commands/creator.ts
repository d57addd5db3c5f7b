// /creator: the creator CRM from chat. Thin: read the words, call the creator service, render.

import type { CommandHandler } from "../../src/chat/commands.js";
import { message } from "../../src/chat/message.js";
import {
  creatorLine,
  renderCreatorCard,
  renderFollowups,
  renderFunnel,
  renderOutreachBoard,
  renderTierChanges,
  renderTierConfig,
  stageName,
} from "../../src/creators/render.js";
import { CREATOR_EXAMPLES } from "../../src/creators/service.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import { parseStage } from "../../src/domain/pipeline.js";
import { wordTable } from "../../src/domain/text.js";
import type { Services } from "../../src/services.js";

const VERBS = wordTable<string>({
  add: "add",
  添加: "add",
  新增: "add",
  show: "show",
  查看: "show",
  find: "find",
  search: "find",
  查找: "find",
  搜索: "find",
  stage: "stage",
  move: "stage",
  阶段: "stage",
  note: "note",
  备注: "note",
  assign: "assign",
  分配: "assign",
  pipeline: "pipeline",
  funnel: "pipeline",
  漏斗: "pipeline",
  管道: "pipeline",
  followups: "followups",
  followup: "followups",
  跟进: "followups",
  board: "board",
  leaderboard: "board",
  排行: "board",
  tiers: "tiers",
  tier: "tiers",
  分级: "tiers",
});

export const creatorCommand: CommandHandler<Services> = {
  name: "creator",
  aliases: ["达人", "creators"],
  summary: {
    en: "Creator CRM: add creators, move them along the pipeline, follow-ups, funnel rates, outreach board, tiers.",
    zh: "达人管理：添加达人、推进合作阶段、跟进提醒、转化漏斗、建联排行、达人分级。",
  },
  usage: {
    en: [
      `${CREATOR_EXAMPLES.add}: add a creator (TikTok unless a platform is named; a profile URL works too)`,
      "/creator show @glowbyamy · /creator find beauty",
      `${CREATOR_EXAMPLES.stage}: stages prospect, contacted, replied, sample_requested, sample_shipped, video_posted, first_sale, active, declined, paused`,
      `${CREATOR_EXAMPLES.note} · ${CREATOR_EXAMPLES.assign}`,
      "/creator pipeline [@member | team ID-beauty] [week | month | 2026-10]: counts, reply rate, sample→video, video→first sale, days between stages",
      "/creator followups [@member | team ID-beauty]: what is due today",
      "/creator board [contacts | replies | samples | videos | sales] [period]: outreach leaderboard (leads, managers)",
      "/creator tiers · /creator tiers set A gmv 25000000 videos 4 · /creator tiers set return 12% · /creator tiers recompute",
      `${CREATOR_EXAMPLES.contact}: log a contact (dm, email, whatsapp, line, zalo, tiktok; sent, replied, no_reply, interested, sample, declined)`,
    ],
    zh: [
      "/creator 添加 @glowbyamy tiktok ID 12万 美妆：添加达人（默认 TikTok，也可粘贴主页链接）",
      "/creator 查看 @glowbyamy · /creator 查找 美妆",
      "/creator 阶段 @glowbyamy 已寄样：阶段有 潜在、已联系、已回复、索样、已寄样、已发视频、首单、活跃、拒绝、暂停",
      "/creator 备注 @glowbyamy 晚上8点后用WhatsApp联系 · /creator 分配 @glowbyamy @dewi",
      "/creator 漏斗 [@成员 | 团队 ID-beauty] [本周 | 本月]：各阶段数量、回复率、寄样→视频、视频→首单、阶段间天数",
      "/creator 跟进 [@成员 | 团队 ID-beauty]：今天到期的跟进",
      "/creator 排行 [联系 | 回复 | 寄样 | 视频 | 首单] [时间段]：建联排行（组长、经理）",
      "/creator 分级 · /creator 分级 set A gmv 25000000 videos 4 · /creator 分级 recompute",
      "/log 联系 @glowbyamy whatsapp 已回复：记录一次建联",
    ],
  },
  async run(ctx) {
    const { args, member, locale, services } = ctx;
    const [verbWord, ...rest] = args;
    const verb = VERBS[verbWord?.toLowerCase() ?? ""];
    const zone = member.timezone;
    const creators = services.creators;
    switch (verb) {
      case "add": {
        const [ref, ...words] = rest;
        const { creator, created } = await creators.add(member, { ref: ref ?? "", words });
        const key = created ? "creator.added" : "creator.exists";
        return message([
          {
            type: "section",
            text: `${created ? "✅" : "ℹ️"} ${t(locale, key, { creator: creatorLine(creator, locale) })}`,
          },
        ]);
      }
      case "show": {
        const shown = await creators.show(member, rest[0], rest[1]);
        return renderCreatorCard({ ...shown, currency: member.team?.currency ?? "USD" }, locale, zone);
      }
      case "find": {
        const text = rest.join(" ").trim();
        if (!text) throw new UserError("creator.find_what", {}, "/creator find beauty");
        const found = await creators.find(member, text);
        if (found.length === 0) return message([{ type: "section", text: t(locale, "creator.none_found", { text }) }]);
        return message([
          { type: "header", text: t(locale, "creator.found", { count: found.length, text }) },
          { type: "section", text: found.map((c) => creatorLine(c, locale)).join("\n") },
        ]);
      }
      case "stage": {
        const [ref, stageWord, ...noteWords] = rest;
        const stage = parseStage(stageWord);
        if (!stage) throw new UserError("creator.bad_stage", { value: stageWord ?? "" }, CREATOR_EXAMPLES.stage);
        const moved = await creators.stage(member, ref, stage, noteWords.join(" ") || null);
        return message([
          {
            type: "section",
            text: `➡️ ${t(locale, "creator.moved", {
              handle: moved.creator.displayHandle,
              from: stageName(moved.from, locale),
              to: stageName(moved.to, locale),
            })}`,
          },
          ...(moved.nextFollowUpAt
            ? [
                {
                  type: "context" as const,
                  text: t(locale, "creator.next_followup_on", {
                    date: moved.nextFollowUpAt.toISOString().slice(0, 10),
                  }),
                },
              ]
            : []),
        ]);
      }
      case "note": {
        const [ref, ...words] = rest;
        const creator = await creators.note(member, ref, words.join(" "));
        return message([
          { type: "section", text: `📝 ${t(locale, "creator.noted", { handle: creator.displayHandle })}` },
        ]);
      }
      case "assign": {
        const { creator, owner } = await creators.assign(member, rest[0], rest[1]);
        return message([
          {
            type: "section",
            text: `👤 ${t(locale, "creator.assigned", { handle: creator.displayHandle, owner: owner.handle })}`,
          },
        ]);
      }
      case "pipeline":
        return renderFunnel(await creators.pipeline(member, rest), locale, zone);
      case "followups":
        return renderFollowups(await creators.followups(member, rest), locale, zone);
      case "board":
        return renderOutreachBoard(await creators.leaderboard(member, rest), locale);
      case "tiers": {
        const [sub, ...words] = rest;
        if (!member.team) throw new UserError("creator.no_team", {}, CREATOR_EXAMPLES.add);
        if (sub?.toLowerCase() === "set" || sub === "设置") {
          return renderTierConfig(await creators.setTierConfig(member, words), member.team.name, locale);
        }
        if (sub?.toLowerCase() === "recompute" || sub === "重算") {
          const { changes } = await creators.recomputeTiersFor(member);
          if (changes.length === 0) return message([{ type: "section", text: t(locale, "creator.no_tier_changes") }]);
          return renderTierChanges(changes, member.team.name, locale);
        }
        return renderTierConfig(await creators.tierConfigFor(member.team), member.team.name, locale);
      }
      default:
        throw new UserError("creator.unknown_verb", { verb: verbWord ?? "" }, CREATOR_EXAMPLES.add);
    }
  },
};
