// What a member reads about the span of a figure: through which day it is complete, what is not in yet, and which
// shop holds it back since when.
import { defineMessages } from "../domain/message-catalogue.js";

export const freshnessMessages = defineMessages(
  {
    "span.not_in_yet": "Not in yet: {days}.",
    "span.shop_behind": "{shop}: no data since {date}",
    "span.shop_behind_team": "{shop} ({team}): no data since {date}",
    "span.shop_nothing_yet": "{shop}: nothing complete yet",
    "span.shop_nothing_yet_team": "{shop} ({team}): nothing complete yet",
    "span.more_behind": "and {count} more shops behind",
    "span.so_far": "so far {days}: +{amount}",
    "span.not_in_yet_value": "not in yet",
    "digest.mtd_through": "Month to date through {date}, the last day every shop is in.",
    "digest.alert_missing": "no data from {shop} since {date} ({severity})",
    "weekly.through": "Through {date} ({days} of 7 days), compared with the same days of the week before.",
    "export.complete_through":
      "Complete through {date}: the file has every stored row, and the days after it are still partial.",
    "weekly.not_in_yet": "No day of last week is complete yet: the figures below are empty until the shops report.",
  },
  {
    "span.not_in_yet": "尚未到齐：{days}。",
    "span.shop_behind": "{shop}：自 {date} 之后没有数据",
    "span.shop_behind_team": "{shop}（{team}）：自 {date} 之后没有数据",
    "span.shop_nothing_yet": "{shop}：还没有完整的一天",
    "span.shop_nothing_yet_team": "{shop}（{team}）：还没有完整的一天",
    "span.more_behind": "另有 {count} 家店铺数据滞后",
    "span.so_far": "{days} 目前：+{amount}",
    "span.not_in_yet_value": "尚未到齐",
    "digest.mtd_through": "本月累计截至 {date}（所有店铺数据都已到齐的最后一天）。",
    "digest.alert_missing": "{shop} 自 {date} 之后没有数据（{severity}）",
    "weekly.through": "截至 {date}（7 天中的 {days} 天），与前一周的相同天数对比。",
    "export.complete_through": "数据完整截至 {date}：文件包含所有已存储的行，此后的日期仍不完整。",
    "weekly.not_in_yet": "上周还没有任何一天的数据到齐：店铺上报之前，以下数字为空。",
  },
);
