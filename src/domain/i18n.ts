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
