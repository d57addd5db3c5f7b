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
    // Input bounds and dates (issue 14 item 7): each bound's constant names its key.
    "error.number_too_large": "“{value}” is more than I can take here: the most is {max}. Nothing was changed.",
    "error.too_many_decimals": "“{value}” has too many decimals: at most {max} after the point. Nothing was changed.",
    "error.command_too_long":
      "That message is {length} characters long; a command is at most {max}. Nothing was done: send a shorter one.",
    "error.bad_date":
      "“{value}” is not a real date: write yyyy-MM-dd with a day that month has, in the years {min}–{max}. Nothing was changed.",
    "log.note_too_long": "The note is {length} characters long; a note is at most {max}. Nothing was logged.",
    "log.tag_too_long": "The tag #{tag} is too long: a tag is at most {max} characters. Nothing was logged.",
    "log.too_many_tags": "That is {count} tags; one log takes at most {max}. Nothing was logged.",
    "creator.note_too_long": "The note is {length} characters long; a note is at most {max}. Nothing was saved.",
    "standup.answer_too_long":
      "This answer is {length} characters long; an answer is at most {max}. Shorten it and send again.",
    "standup.question_too_long":
      "The question is {length} characters long; a question is at most {max}. Nothing was changed.",
    "standup.holiday_name_too_long":
      "The holiday's name is {length} characters long; a name is at most {max}. Nothing was changed.",
    "standup.bad_form_date":
      "This standup form is for “{value}”, which is not a real date, so nothing was saved. Open today's form with /standup.",
    "standup.stale_form":
      "This standup form is for {date}, more than {days} days from today, so nothing was saved. Open today's form with /standup.",
  },
  {
    "error.secret_in_group":
      "这条命令会显示或接收密钥，只能在与我的私聊中使用，这里没有执行任何操作。请打开与 Starling 的私聊后再发送。",
    "error.secret_typed_in_group":
      "店铺令牌只能在与我的私聊中发送，这里没有执行任何操作。如果你已在这里输入了令牌，群里的其他人可能已经看到：请在 TikTok Shop 合作伙伴中心重新生成令牌，再私聊我发送 /shop connect。",
    "deny.creator_view":
      "@{handle} 属于其他团队：只有负责人、其团队和经理可以查看详情。用 /creator find 可以查看负责人。",
    "deny.log_undo": "你只能撤销自己的记录。",
    "error.number_too_large": "“{value}”超出了这里能接受的范围：最大为 {max}。未做任何更改。",
    "error.too_many_decimals": "“{value}”的小数位太多：小数点后最多 {max} 位。未做任何更改。",
    "error.command_too_long": "这条消息有 {length} 个字符，命令最多 {max} 个字符。未执行任何操作，请发送更短的命令。",
    "error.bad_date":
      "“{value}”不是真实存在的日期：请用 yyyy-MM-dd，日期须是该月实际有的一天，年份在 {min}–{max} 之间。未做任何更改。",
    "log.note_too_long": "备注有 {length} 个字符，最多 {max} 个字符。未记录。",
    "log.tag_too_long": "标签 #{tag} 太长：标签最多 {max} 个字符。未记录。",
    "log.too_many_tags": "共有 {count} 个标签，一条记录最多 {max} 个。未记录。",
    "creator.note_too_long": "备注有 {length} 个字符，最多 {max} 个字符。未保存。",
    "standup.answer_too_long": "这条回答有 {length} 个字符，回答最多 {max} 个字符。请缩短后再提交。",
    "standup.question_too_long": "问题有 {length} 个字符，问题最多 {max} 个字符。未做任何更改。",
    "standup.holiday_name_too_long": "假期名称有 {length} 个字符，名称最多 {max} 个字符。未做任何更改。",
    "standup.bad_form_date": "这张站会表单的日期“{value}”不是真实存在的日期，未保存。请用 /standup 打开今天的表单。",
    "standup.stale_form": "这张站会表单是 {date} 的，距今天超过 {days} 天，未保存。请用 /standup 打开今天的表单。",
  },
);
