// What a member reads when a shop's data stops arriving: "GizmoHub UK: no data since 21 Nov (2 days)", what to do
// about it, and "data is back" when it comes in.
import { defineMessages } from "../domain/message-catalogue.js";

export const missingMessages = defineMessages(
  {
    "missing.metric": "no data",
    "missing.title": "{shop}: no data since {date} ({days})",
    "missing.days_one": "1 day",
    "missing.days_many": "{count} days",
    "missing.not_in": "Not in: {days}.",
    "missing.usual": "Its data is usually in about {hours} h after the day ends.",
    "missing.held_back":
      "The figures of {team} stop at {date} until it is in, and no GMV or order alert is raised on the missing days.",
    "missing.what_to_do":
      "What to do: send the shop's order export to the bot (a file named “{shop} orders.csv”), or check its sync with /shop list and pull it now with /shop sync {shop}.",
    "missing.back_title": "Data is back:",
    "missing.back_line": "{shop}: complete through {date} again (#{id}, had been missing since {since})",
  },
  {
    "missing.metric": "无数据",
    "missing.title": "{shop}：自 {date} 之后没有数据（{days}）",
    "missing.days_one": "1 天",
    "missing.days_many": "{count} 天",
    "missing.not_in": "尚未到齐：{days}。",
    "missing.usual": "该店铺的数据通常在当天结束后约 {hours} 小时到齐。",
    "missing.held_back": "在数据到齐之前，{team} 的数据只统计到 {date}，缺失的日子不会触发 GMV 或订单预警。",
    "missing.what_to_do":
      "处理方法：把该店铺的订单导出文件发给机器人（文件名如“{shop} orders.csv”），或用 /shop list 查看同步状态，并用 /shop sync {shop} 立即同步。",
    "missing.back_title": "数据已恢复：",
    "missing.back_line": "{shop}：数据已重新完整到 {date}（#{id}，自 {since} 起缺失）",
  },
);
