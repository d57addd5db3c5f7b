// What a member reads when input is out of bounds, a secret is asked for in a group, or an object belongs to
// another team.
import { defineMessages } from "./message-catalogue.js";

export const safetyMessages = defineMessages(
  {
    "error.secret_in_group":
      "This command shows or takes a secret, so it only works in a direct message with me: nothing was done here. Open a DM with Starling and send it there.",
    "error.secret_typed_in_group":
      "A shop token only goes to me in a direct message, so nothing was done. If you typed the token here, others in this chat may have read it: create a new one in TikTok Shop Partner Center and send /shop connect to me in a DM.",
    "deny.creator_view":
      "@{handle} belongs to another team: its owner, their team and managers see its card. /creator find shows who owns it.",
    "deny.log_undo": "You can only undo your own logs.",
  },
  {
    "error.secret_in_group": "这条命令会显示或接收密钥，只能在与我的私聊中使用，这里没有执行任何操作。请打开与 Starling 的私聊后再发送。",
    "error.secret_typed_in_group":
      "店铺令牌只能在与我的私聊中发送，这里没有执行任何操作。如果你已在这里输入了令牌，群里的其他人可能已经看到：请在 TikTok Shop 合作伙伴中心重新生成令牌，再私聊我发送 /shop connect。",
    "deny.creator_view": "@{handle} 属于其他团队：只有负责人、其团队和经理可以查看详情。用 /creator find 可以查看负责人。",
    "deny.log_undo": "你只能撤销自己的记录。",
  },
);
