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
  },
);
