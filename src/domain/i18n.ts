// The message catalogue. English is the source of the key list; the Chinese table is typed against
// it, so a key missing from either language is a compile error, not a blank reply.
export type Locale = "en" | "zh";

export const LOCALES: readonly Locale[] = ["en", "zh"];

// Keys are namespaced: "error.*" user errors, "deny.*" permission reasons, "label.*" report labels,
// "tier.*" tier names; help_title/help_footer/example are the dispatcher's help and example framing.
const en = {
  // Errors: each says what was wrong; the dispatcher adds a correct example under "example".
  "error.unknown_command": "I don't know the command “{command}”. Commands: {commands}.",
  "error.unknown_action": "That button is no longer available ({action}). Run the command again.",
  "error.bad_number": "“{value}” is not a number I can read. Examples: 3, 1.2k, 1,250, 12万.",
  "error.bad_period":
    "“{value}” is not a period I can read. Examples: today, yesterday, week, last month, 2026-10, 2026-W43, 2026-Q4, 2026-10-01..2026-10-15.",
  "error.unknown_metric": "I don't know the metric “{metric}”. Examples: gmv, orders, roi, ctr, return_rate.",
  "error.unknown_member": "I can't find a member @{handle} in this workspace.",
  "error.unknown_team": "I don't know the team “{team}”. Teams: {teams}.",
  "error.permission_denied": "Only a {role} or above can do that.",
  "error.not_linked": "Your chat account is not linked to a Starling member yet. Ask a lead to add you.",
  "error.internal_error":
    "Something went wrong on our side (ref {ref}). It has been logged; please try again in a minute.",
  "error.bad_tiers":
    "Tiers must be one to three positive numbers, each harder than the last. Example: `/target set gmv month 40000/50000/65000 usd`.",
  "error.zero_denominator": "{metric} cannot be computed: {denominator} is zero for this period.",
  // Permission reasons (PermissionDenied.reasonKey).
  "deny.view_member": "You can see your own KPIs, and a lead their team's. @{handle} is not in your team.",
  "deny.view_team": "Only managers and the lead of {team} can see that team.",
  "deny.board": "Leaderboards are for leads and managers.",
  "deny.target_other_team": "A lead can set targets for their own team only; {subject} is outside it.",
  "deny.target_member": "Only leads and managers can set targets. Ask your lead to set one for {subject}.",
  // Help.
  help_title: "Starling commands",
  help_footer: "Type `/<command> help` for details. Commands work in English and Chinese.",
  example: "Example",
  // Labels.
  "label.target": "Target",
  "label.pace": "Pace",
  "label.needs_per_day": "needs {amount}/day to reach {tier}",
  "label.projected": "Projected",
  "label.attainment": "Attainment",
  "label.month_to_date": "Month to date",
  "label.trend": "Trend",
  "label.on_track": "On track",
  "label.behind": "Behind",
  "label.no_data": "No data",
  "tier.base": "base",
  "tier.stretch": "stretch",
  "tier.challenge": "challenge",
  // /kpi replies.
  "kpi.period_through": "{period} · through {through}",
  "kpi.trend_flat": "➖ flat vs the same days of the previous period",
  "kpi.vs_previous": "vs the same days of the previous period",
  "kpi.tier_reached": "{tier} reached",
  "kpi.below_base": "below base",
  "kpi.projected": "projected {amount} ({tier})",
  "kpi.not_computable": "not computable (denominator is zero)",
  "kpi.empty": "No numbers yet for this period. Log your work with `/log video 3` or `/log live 2h gmv 1250 usd`.",
  "kpi.composite": "Composite score (weighted attainment): {score}",
  "kpi.top_members": "Top members by {metric}:",
  "kpi.gmv_note":
    "GMV (gross) = what buyers paid for orders placed, before refunds and returns. GMV (net) = gross minus refunds.",
  "kpi.fx_fallback": "No FX rate for {date}: converted at the rate of {rateDate}.",
  "kpi.board_title": "Leaderboard: {metric}",
  "kpi.board_empty": "Nobody has numbers for this metric in this period yet.",
  "kpi.your_rank": "You: #{rank} with {value}",
  "kpi.compare_title": "Markets compared: {metric}",
  "kpi.formula": "Formula",
  "kpi.unit": "Unit",
  "kpi.direction": "Better when",
  "kpi.higher_better": "higher",
  "kpi.lower_better": "lower",
  "kpi.aliases": "Also typed as",
  // /log
  "log.kind.video": "videos",
  "log.kind.live": "LIVE sessions",
  "log.kind.post": "posts",
  "log.count": "{count} {what}",
  "log.logged": "Logged {what} for {date}.",
  "log.duplicate": "Already logged: {what} (this delivery was a repeat, nothing was added).",
  "log.month_total": "This month so far: {total} {what}.",
  "log.undo_button": "Undo",
  "log.undone": "Undone: {what} on {date}. Your totals are updated.",
  "log.nothing_to_undo": "There is no log of yours from the last 24 hours to undo.",
  "log.already_undone": "That log was already undone.",
  "log.undo_too_old":
    "That log is more than {hours} hours old and can no longer be undone. Ask your lead to correct it.",
  "log.unknown_kind": "I can log video, live or post, not “{kind}”.",
  "log.no_team":
    "@{handle} is not in a team yet, so there is no day or currency to log against. Ask an admin to add you to a team.",
  "log.bad_gmv": "“{value}” is not an amount I can read for GMV.",
  "log.bad_count": "“{value}” is not a count: use a whole number from 1 to {max}.",
  "log.bad_duration": "“{value}” is not a LIVE duration I can use (more than 0, at most 24h).",
  "log.duration_only_live": "Only LIVE sessions have a duration (“{value}”).",
  "log.no_fx_rate":
    "There is no {currency}→{teamCurrency} exchange rate on or before that day, so I can't convert it. Log it in {teamCurrency}.",
  // /target
  "target.set_done": "Target set: {metric} for {scope}, {period}",
  "target.weight": "weight {weight}",
  "target.converted": "Typed as {typed}; converted at the rate of {rateDate}.",
  "target.none": "No targets for {period}.",
  "target.list_title": "Targets, {period}",
  "target.cleared": "Target cleared for {scope}, {period}.",
  "target.nothing_to_clear": "There is no {metric} target for {scope} in that period.",
  "target.unknown_verb": "“{verb}” is not a /target action: use set, list or clear.",
  "target.unknown_word": "I don't understand “{word}” in this target.",
  "target.bad_weight": "“{value}” is not a weight: use a percentage like 50%.",
  "target.bad_period":
    "“{value}” is not a target period: use week, month, quarter, next-month, 2026-12, 2026-W49 or 2027-Q1.",
  "target.need_scope": "Say whose target this is: @member, team <team> or market <code>.",
  "target.unknown_market": "No team works in market {market}.",
  "target.currency_not_money": "{metric} is not money, so it takes no currency.",
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  "error.unknown_command": "我不认识命令“{command}”。可用命令：{commands}。",
  "error.unknown_action": "该按钮已失效（{action}），请重新执行命令。",
  "error.bad_number": "“{value}”不是可识别的数字。例如：3、1.2k、1,250、12万。",
  "error.bad_period":
    "“{value}”不是可识别的时间段。例如：今天、昨天、本周、上月、2026-10、2026-W43、2026-Q4、2026-10-01..2026-10-15。",
  "error.unknown_metric": "我不认识指标“{metric}”。例如：gmv、订单、roi、点击率、退货率。",
  "error.unknown_member": "本工作区中找不到成员 @{handle}。",
  "error.unknown_team": "我不认识团队“{team}”。可用团队：{teams}。",
  "error.permission_denied": "只有{role}及以上权限才能执行此操作。",
  "error.not_linked": "你的聊天账号还未关联 Starling 成员，请联系组长添加。",
  "error.internal_error": "系统出错了（编号 {ref}），已记录。请稍后再试。",
  "error.bad_tiers": "目标档位须为一到三个正数，且逐档更难。例如：`/target set gmv month 40000/50000/65000 usd`。",
  "error.zero_denominator": "无法计算{metric}：本期{denominator}为零。",
  "deny.view_member": "你可以查看自己的数据，组长可查看本组成员。@{handle} 不在你的组内。",
  "deny.view_team": "只有经理和 {team} 的组长可以查看该团队。",
  "deny.board": "排行榜仅对组长和经理开放。",
  "deny.target_other_team": "组长只能为本组设置目标，{subject} 不在你的组内。",
  "deny.target_member": "只有组长和经理可以设置目标，请联系组长为 {subject} 设置。",
  help_title: "Starling 命令",
  help_footer: "输入 `/<命令> help` 查看详情。命令支持中文和英文。",
  example: "示例",
  "label.target": "目标",
  "label.pace": "进度",
  "label.needs_per_day": "每天需 {amount} 才能达到{tier}",
  "label.projected": "预计",
  "label.attainment": "达成率",
  "label.month_to_date": "本月累计",
  "label.trend": "趋势",
  "label.on_track": "进度正常",
  "label.behind": "落后",
  "label.no_data": "暂无数据",
  "tier.base": "基础",
  "tier.stretch": "冲刺",
  "tier.challenge": "挑战",
  "kpi.period_through": "{period} · 截至 {through}",
  "kpi.trend_flat": "➖ 与上期同期持平",
  "kpi.vs_previous": "（对比上期同期）",
  "kpi.tier_reached": "已达{tier}档",
  "kpi.below_base": "未达基础档",
  "kpi.projected": "预计 {amount}（{tier}）",
  "kpi.not_computable": "无法计算（分母为零）",
  "kpi.empty": "本期暂无数据。用 `/log 视频 3` 或 `/log 直播 2h gmv 1250 usd` 记录你的工作。",
  "kpi.composite": "综合得分（加权达成率）：{score}",
  "kpi.top_members": "{metric} 排名前列的成员：",
  "kpi.gmv_note": "GMV（总额）= 买家下单支付金额，未扣除退款和退货。GMV（净额）= 总额减去退款。",
  "kpi.fx_fallback": "{date} 无汇率：按 {rateDate} 的汇率换算。",
  "kpi.board_title": "排行榜：{metric}",
  "kpi.board_empty": "本期还没有人有该指标的数据。",
  "kpi.your_rank": "你：第 {rank} 名，{value}",
  "kpi.compare_title": "市场对比：{metric}",
  "kpi.formula": "公式",
  "kpi.unit": "单位",
  "kpi.direction": "方向",
  "kpi.higher_better": "越高越好",
  "kpi.lower_better": "越低越好",
  "kpi.aliases": "别名",
  "log.kind.video": "条视频",
  "log.kind.live": "场直播",
  "log.kind.post": "篇图文",
  "log.count": "{count} {what}",
  "log.logged": "已记录 {what}（{date}）。",
  "log.duplicate": "已记录过：{what}（重复投递，未重复计入）。",
  "log.month_total": "本月累计：{total} {what}。",
  "log.undo_button": "撤销",
  "log.undone": "已撤销：{date} 的 {what}，累计已更新。",
  "log.nothing_to_undo": "过去 24 小时内没有可撤销的记录。",
  "log.already_undone": "该记录已撤销。",
  "log.undo_too_old": "该记录已超过 {hours} 小时，无法撤销。请联系组长修改。",
  "log.unknown_kind": "可记录的类型为 视频、直播、图文，而不是“{kind}”。",
  "log.no_team": "@{handle} 尚未加入团队，无法确定日期和币种。请联系管理员把你加入团队。",
  "log.bad_gmv": "无法识别 GMV 金额“{value}”。",
  "log.bad_count": "“{value}”不是有效数量：请填写 1 到 {max} 的整数。",
  "log.bad_duration": "“{value}”不是有效的直播时长（大于 0，最多 24 小时）。",
  "log.duration_only_live": "只有直播才有时长（“{value}”）。",
  "log.no_fx_rate": "当天及之前没有 {currency}→{teamCurrency} 的汇率，无法换算。请用 {teamCurrency} 记录。",
  "target.set_done": "目标已设置：{scope} 的{metric}，{period}",
  "target.weight": "权重 {weight}",
  "target.converted": "输入为 {typed}，按 {rateDate} 的汇率换算。",
  "target.none": "{period}没有目标。",
  "target.list_title": "目标，{period}",
  "target.cleared": "已清除 {scope} 在{period}的目标。",
  "target.nothing_to_clear": "{scope} 在该时间段没有 {metric} 目标。",
  "target.unknown_verb": "“{verb}”不是 /target 的操作：请用 设置、查看 或 清除。",
  "target.unknown_word": "无法理解目标中的“{word}”。",
  "target.bad_weight": "“{value}”不是有效权重：请用百分比，例如 50%。",
  "target.bad_period": "“{value}”不是有效的目标周期：请用 本周、本月、本季度、2026-12、2026-W49 或 2027-Q1。",
  "target.need_scope": "请说明目标对象：@成员、团队 <团队> 或 市场 <代码>。",
  "target.unknown_market": "没有团队负责市场 {market}。",
  "target.currency_not_money": "{metric} 不是金额，不需要币种。",
};

export const CATALOGUE: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = Object.freeze({ en, zh });

export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** Looks up `key` and fills `{name}` placeholders. A missing parameter stays visible as `{name}`. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUE[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
