// A member's home page (Slack's App Home tab): their numbers against target with pace, their targets, and
// buttons for what they do most. Built from the same commands they would type, so it always agrees with them.

import { t } from "../domain/i18n.js";
import { atLeast } from "../domain/permissions.js";
import type { MemberProfile } from "../members/types.js";
import type { Dispatcher } from "./dispatcher.js";
import { OPEN_FORM_ACTION } from "./dispatcher.js";
import { FORM_IDS } from "./forms.js";
import type { Block, Button } from "./message.js";
import type { PlatformName } from "./platform.js";

export async function homeBlocks<Services>(
  dispatcher: Dispatcher<Services>,
  member: MemberProfile,
  platform: PlatformName,
  updatedAt: string,
): Promise<Block[]> {
  const locale = member.language;
  const [kpi, targets] = await Promise.all([
    dispatcher.dispatch({ member, text: "/kpi", platform, conversation: "direct" }),
    dispatcher.dispatch({ member, text: "/target list", platform, conversation: "direct" }),
  ]);
  const buttons: Button[] = [];
  if (member.team)
    buttons.push({ actionId: OPEN_FORM_ACTION, label: t(locale, "standup.open"), value: FORM_IDS.standup });
  if (atLeast(member, "lead")) {
    buttons.push({ actionId: OPEN_FORM_ACTION, label: t(locale, "form.target.title"), value: FORM_IDS.target });
  }
  return [
    { type: "header", text: t(locale, "home.title") },
    ...(kpi ?? []).flatMap((m) => m.blocks),
    { type: "divider" },
    ...(targets ?? []).flatMap((m) => m.blocks),
    ...(buttons.length
      ? ([
          { type: "divider" },
          { type: "section", text: t(locale, "home.actions") },
          { type: "actions", buttons },
        ] as Block[])
      : []),
    { type: "context", text: t(locale, "home.updated", { time: updatedAt }) },
  ];
}
