// What a member reads when Slack, Lark or the database cannot be reached, or their workspace is not served.
import { defineMessages } from "../domain/message-catalogue.js";

export const platformMessages = defineMessages(
  {
    "error.try_again":
      "I couldn't reach Starling's database just now, so nothing was changed. Please send the same command again in a minute.",
  },
  {
    "error.try_again": "暂时无法连接 Starling 的数据库，没有做任何更改。请一分钟后再发送同一条命令。",
  },
);
