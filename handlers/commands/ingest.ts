// /ingest: tokens for the ingest API (admins), and how to call it. Thin: read the words, call the token service,
// render. The API itself is src/ingest/routes.ts.

import type { CommandHandler } from "../../src/chat/commands.js";
import { UserError } from "../../src/domain/errors.js";
import { assertDirectConversation } from "../../src/domain/permissions.js";
import { wordTable } from "../../src/domain/text.js";
import { renderCreated, renderHelp, renderRevoked, renderTokenList } from "../../src/ingest/render.js";
import { TOKEN_EXAMPLES } from "../../src/ingest/token-service.js";
import type { Services } from "../../src/services.js";

const TOKEN_WORDS = new Set(["token", "tokens", "令牌", "密钥"]);
const VERBS = wordTable<"create" | "list" | "revoke">({
  create: "create",
  new: "create",
  创建: "create",
  新建: "create",
  list: "list",
  ls: "list",
  列表: "list",
  查看: "list",
  revoke: "revoke",
  delete: "revoke",
  撤销: "revoke",
  吊销: "revoke",
});

export const ingestCommand: CommandHandler<Services> = {
  name: "ingest",
  aliases: ["接入", "数据接入"],
  summary: {
    en: "The ingest API for ERP and BI tools: tokens (admins) and how to send facts.",
    zh: "数据接入 API（供 ERP、BI 系统使用）：管理令牌（管理员）及发送数据的方法。",
  },
  usage: {
    en: [
      `${TOKEN_EXAMPLES.create}: a token for the ingest API, shown once (admins)`,
      `/ingest token list · ${TOKEN_EXAMPLES.revoke}`,
      'POST /api/ingest/facts with "Authorization: Bearer <token>" and "Idempotency-Key: <one per batch>"; JSON {"facts": [{"date", "metric", "team" | "shop" | "member", "value", "currency"?, "contentType"?, "traffic"?, "productId"?}]} or text/csv; at most 10,000 facts',
      `curl -X POST https://<your host>/api/ingest/facts -H "Authorization: Bearer stk_…" -H "Idempotency-Key: erp-2026-11-20-1" -H "Content-Type: application/json" -d '{"facts":[{"date":"2026-11-20","metric":"gmv_gross","shop":"7495000000000000101","value":"1250.50","currency":"USD"}]}'`,
      'Days complete: {"complete": [{"team": "ID-beauty", "shop"?: "<id or name>", "through": "2026-12-02"}]} (with or without facts), or ?complete_through=2026-12-02 on a CSV request; only days that are over',
    ],
    zh: [
      "/ingest 令牌 创建 erp：创建接入 API 令牌，只显示一次（管理员）",
      "/ingest 令牌 列表 · /ingest 令牌 撤销 stk_a1B2c3",
      'POST /api/ingest/facts，请求头 "Authorization: Bearer <令牌>" 和 "Idempotency-Key: <每批唯一>"；JSON {"facts": [{"date", "metric", "team" | "shop" | "member", "value", "currency"?, "contentType"?, "traffic"?, "productId"?}]} 或 text/csv；每次最多 10,000 条',
      `curl -X POST https://<your host>/api/ingest/facts -H "Authorization: Bearer stk_…" -H "Idempotency-Key: erp-2026-11-20-1" -H "Content-Type: application/json" -d '{"facts":[{"date":"2026-11-20","metric":"gmv_gross","shop":"7495000000000000101","value":"1250.50","currency":"USD"}]}'`,
      '声明数据完整：{"complete": [{"team": "ID-beauty", "shop"?: "<店铺 id 或名称>", "through": "2026-12-02"}]}（可带或不带数据），CSV 请求加 ?complete_through=2026-12-02；只能声明已经结束的日期',
    ],
  },
  async run(ctx) {
    const { args, member, locale, services } = ctx;
    // "/ingest token create erp" and the short "/ingest create erp" both work.
    const words = TOKEN_WORDS.has(args[0]?.toLowerCase() ?? "") ? args.slice(1) : args;
    const [verbWord, ...rest] = words;
    if (verbWord === undefined) {
      // "/ingest" alone explains the API; "/ingest token" lists the tokens.
      if (args.length === 0) return renderHelp(locale);
      return renderTokenList(await services.ingest.list(member), locale, member.timezone);
    }
    switch (VERBS[verbWord.toLowerCase()]) {
      case "create": {
        // The reply shows the new token: never in a channel or group chat, where everyone would read it.
        assertDirectConversation(ctx.conversation, "ingest.token_create");
        const { token, stored } = await services.ingest.create(member, rest.join(" "));
        return renderCreated(token, stored, locale);
      }
      case "list":
        return renderTokenList(await services.ingest.list(member), locale, member.timezone);
      case "revoke":
        return renderRevoked(await services.ingest.revoke(member, rest[0] ?? ""), locale);
      default:
        throw new UserError("ingest.unknown_verb", { verb: verbWord }, TOKEN_EXAMPLES.create);
    }
  },
};
