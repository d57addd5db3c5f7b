// What a member reads when input is out of bounds, a secret is asked for in a group, or an object belongs to
// another team.
import { defineMessages } from "./message-catalogue.js";

export const safetyMessages = defineMessages(
  {
    "error.secret_in_group":
      "This command shows or takes a secret, so it only works in a direct message with me. Open a DM with Starling and send it there.",
  },
  {
    "error.secret_in_group": "这条命令会显示或接收密钥，只能在与我的私聊中使用。请打开与 Starling 的私聊后再发送。",
  },
);
