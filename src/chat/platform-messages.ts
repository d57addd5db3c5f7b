// What a member reads when Slack, Lark or the database cannot be reached, or their workspace is not served.
import { defineMessages } from "../domain/message-catalogue.js";

export const platformMessages = defineMessages(
  {
    "error.try_again":
      "I couldn't reach Starling's database just now, so nothing was changed. Please send the same command again in a minute.",
    "error.workspace_not_connected":
      "This workspace is not connected to Starling, so I can't answer here. An administrator of Starling can add it (the server log names its id).",
    "lark.sent_privately": "I sent my answer to you by direct message: it is only for you.",
  },
  {
    "error.try_again": "暂时无法连接 Starling 的数据库，没有做任何更改。请一分钟后再发送同一条命令。",
    "error.workspace_not_connected":
      "这个工作区尚未接入 Starling，所以我无法在这里回答。Starling 的管理员可以把它加入（服务器日志里有它的编号）。",
    "lark.sent_privately": "我已通过私聊把回答发给你：这条回答只给你看。",
  },
);
