// /alert: anomaly alerts from chat. Thin: read the words, call the alert service, render.

import { ruleText } from "../../src/alerts/render.js";
import type { CommandHandler } from "../../src/chat/commands.js";
import { message } from "../../src/chat/message.js";
import { ALERT_EXAMPLES, parseSnooze } from "../../src/domain/alert-grammar.js";
import { UserError } from "../../src/domain/errors.js";
import { t } from "../../src/domain/i18n.js";
import { wordTable } from "../../src/domain/text.js";
import type { Services } from "../../src/services.js";

const VERBS = wordTable<string>({
  list: "list",
  open: "list",
  列表: "list",
  查看: "list",
  rules: "rules",
  规则: "rules",
  add: "add",
  添加: "add",
  新增: "add",
  remove: "remove",
  delete: "remove",
  删除: "remove",
  snooze: "snooze",
  稍后: "snooze",
  暂停: "snooze",
  mute: "mute",
  静音: "mute",
  ack: "ack",
  acknowledge: "ack",
  确认: "ack",
  assign: "assign",
  分配: "assign",
  sensitivity: "sensitivity",
  灵敏度: "sensitivity",
  scan: "scan",
  检测: "scan",
});

/** "team ID-beauty" at the end of a read command. */
function teamRef(words: string[]): string | undefined {
  const i = words.findIndex((w) => ["team", "团队", "小组"].includes(w.toLowerCase()));
  return i >= 0 ? words.slice(i + 1).join(" ") || undefined : undefined;
}

export const alertCommand: CommandHandler<Services> = {
  name: "alert",
  aliases: ["alerts", "预警", "告警"],
  summary: {
    en: "Anomaly alerts: open alerts, rules, snooze, mute, acknowledge, assign, detector sensitivity.",
    zh: "异常预警：未处理预警、规则、稍后提醒、静音、确认、分配、检测灵敏度。",
  },
  usage: {
    en: [
      "/alert [list] [team ID-beauty]: open alerts with their cause",
      `${ALERT_EXAMPLES.threshold}: alert when a metric crosses a line (leads)`,
      `${ALERT_EXAMPLES.change}: alert on a % change against the same weekday's median of the last 4 weeks, only above a volume floor`,
      "/alert rules: the team's rules and the detector's sensitivity",
      `${ALERT_EXAMPLES.remove} · ${ALERT_EXAMPLES.mute} (a metric or a rule id)`,
      `${ALERT_EXAMPLES.snooze} (1h, 12h, 24h...) · /alert snooze 12h: every open alert of your team`,
      "/alert ack a1b2c3 · /alert assign a1b2c3 @sari",
      `${ALERT_EXAMPLES.sensitivity} (low, medium, high) · /alert scan: check now (leads)`,
      "The detector watches GMV, orders, ROI, return rate, CTR and CVR per team, shop and member with no setup: it compares each day with the same weekday of the last 6 weeks (median and spread) and stays quiet for the first 3 weeks of data.",
      "A shop whose data stops arriving raises one “no data from <shop>” alert once its usual arrival time has passed (no GMV alert on the missing days), updated while the gap lasts and closed with “data is back”. /alert mute data 24h silences new ones.",
    ],
    zh: [
      "/alert [列表] [团队 ID-beauty]：未处理的预警及原因",
      "/alert 添加 退货率 > 8% 团队 ID-beauty：指标越线时预警（组长）",
      "/alert 添加 gmv 下降 30% 底线 500 usd：与近4周同一星期几的中位数相比变化超过一定比例时预警，且基线高于底线",
      "/alert 规则：团队的规则与检测灵敏度",
      "/alert 删除 r1x2y3 · /alert 静音 退货率 24h（指标或规则编号）",
      "/alert 稍后 a1b2c3 12h（1h、12h、24h…）· /alert 稍后 12h：团队全部未处理预警",
      "/alert 确认 a1b2c3 · /alert 分配 a1b2c3 @sari",
      "/alert 灵敏度 高（低、中、高）· /alert 检测：立即检测（组长）",
      "检测器无需设置，按团队、店铺和成员监测 GMV、订单、ROI、退货率、点击率和转化率：与近6周同一星期几相比（中位数与离散度），数据不足3周时不报警。",
      "店铺数据停止到达时，过了它通常的到达时间会发出一条“店铺无数据”预警（缺失的日子不会触发 GMV 预警），缺口持续期间原地更新，数据恢复时提示“数据已恢复”。/alert 静音 数据 24h 可暂停新的此类预警。",
    ],
  },
  async run(ctx) {
    const { args, member, locale, services, platform } = ctx;
    const [verbWord, ...rest] = args;
    const verb = verbWord === undefined ? "list" : VERBS[verbWord.toLowerCase()];
    const alerts = services.alerts;
    switch (verb) {
      case "list":
        return alerts.list(member, locale, teamRef(rest));
      case "rules":
        return alerts.rules(member, locale, teamRef(rest));
      case "add": {
        const { rule, currency } = await alerts.addRule(member, rest.join(" "));
        return message([
          {
            type: "section",
            text: `✅ ${t(locale, "alert.rule_added", { rule: ruleText(rule, currency, locale), id: rule.shortId })}`,
          },
        ]);
      }
      case "remove": {
        const removed = await alerts.removeRule(member, rest[0]);
        return message([
          {
            type: "section",
            text: `🗑️ ${t(locale, "alert.rule_removed", { rule: ruleText(removed, removed.currency, locale) })}`,
          },
        ]);
      }
      case "mute": {
        const minutes = parseSnooze(rest[1]);
        if (!minutes) throw new UserError("alert.bad_duration", { value: rest[1] ?? "" }, ALERT_EXAMPLES.mute);
        const muted = await alerts.mute(member, rest[0], minutes);
        return message([
          {
            type: "section",
            text: `🔇 ${t(locale, "alert.muted", { what: muted.what, until: muted.until.setZone(member.timezone).toFormat("MM-dd HH:mm") })}`,
          },
        ]);
      }
      case "snooze": {
        // "/alert snooze 12h" snoozes the team's open alerts; "/alert snooze a1b2c3 12h" one alert.
        const all = parseSnooze(rest[0]);
        if (all && rest.length === 1) {
          const count = await alerts.snoozeAll(member, all);
          return message([
            { type: "section", text: `💤 ${t(locale, "alert.snoozed_all", { count, hours: all / 60 })}` },
          ]);
        }
        const minutes = parseSnooze(rest[1]);
        if (!rest[0] || !minutes)
          throw new UserError("alert.bad_duration", { value: rest[1] ?? "" }, ALERT_EXAMPLES.snooze);
        return alerts.snooze(member, rest[0], minutes, locale, platform);
      }
      case "ack":
        if (!rest[0]) throw new UserError("alert.not_found", { id: "" }, "/alert ack a1b2c3");
        return alerts.acknowledge(member, rest[0], locale, platform);
      case "assign": {
        const [ref, handle] = rest;
        if (!ref || !handle)
          throw new UserError("alert.bad_assignee", { handle: handle ?? "" }, "/alert assign a1b2c3 @sari");
        return (await alerts.assign(member, ref, handle.replace(/^@/, ""), locale, platform)).message;
      }
      case "sensitivity": {
        const set = await alerts.setSensitivity(member, rest[0], teamRef(rest.slice(1)));
        return message([
          {
            type: "section",
            text: `🎚️ ${t(locale, "alert.sensitivity_set", { team: set.team, level: t(locale, `alert.level.${set.level}`) })}`,
          },
        ]);
      }
      case "scan": {
        const s = await alerts.scanNow(member, teamRef(rest));
        return message([{ type: "section", text: `🔎 ${t(locale, "alert.scan_done", { ...s })}` }]);
      }
      default:
        throw new UserError("alert.unknown_verb", { verb: verbWord ?? "" }, ALERT_EXAMPLES.threshold);
    }
  },
};
