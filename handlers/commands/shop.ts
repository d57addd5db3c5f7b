// /shop: the workspace's shops and their TikTok Shop Open API connection. Thin: read the words, check the role,
// call the connection repository or the sync, render.
//
// `/shop connect` carries a seller's access token in its text, and the dispatcher writes a command's text to the
// audit log on a PermissionDenied and to the server log on an unexpected error. So this verb never lets either
// happen: its refusals (in a group, or to a non-admin) are audited here with the token left out, every failure
// becomes a UserError whose text has the tokens blanked out, and `redact` keeps only "/shop connect" of the text
// should anything reach the dispatcher's audit or log anyway.

import { DateTime } from "luxon";
import type { CommandContext, CommandHandler } from "../../src/chat/commands.js";
import { type Block, message } from "../../src/chat/message.js";
import { PermissionDenied, UserError } from "../../src/domain/errors.js";
import { type Locale, t } from "../../src/domain/i18n.js";
import { atLeast } from "../../src/domain/permissions.js";
import { wordTable } from "../../src/domain/text.js";
import type { Services } from "../../src/services.js";
import type { ShopStatus } from "../../src/tiktok/connections.js";
import { TikTokSyncError } from "../../src/tiktok/sync.js";

const EXAMPLES = {
  connect: "/shop connect GlowLab Official Store ROW_aBcD1234… refresh ROW_eFgH5678…",
  disconnect: "/shop disconnect GlowLab Official Store",
  sync: "/shop sync GlowLab Official Store",
};

const VERBS = wordTable<"list" | "connect" | "disconnect" | "sync">({
  list: "list",
  ls: "list",
  列表: "list",
  查看: "list",
  connect: "connect",
  连接: "connect",
  绑定: "connect",
  disconnect: "disconnect",
  断开: "disconnect",
  解绑: "disconnect",
  sync: "sync",
  同步: "sync",
});

const REFRESH_WORDS = new Set(["refresh", "刷新"]);

type Ctx = CommandContext<Services>;

const when = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd HH:mm ZZZZ");

function shopLine(shop: ShopStatus, locale: Locale, zone: string): string {
  const head = t(locale, "shop.line", {
    name: shop.name,
    id: shop.externalId,
    market: shop.market,
    currency: shop.currency,
    team: shop.teamSlug,
  });
  const state = shop.connected
    ? [
        `🟢 ${t(locale, "shop.connected")}`,
        shop.lastSyncAt
          ? t(locale, "shop.last_sync", { at: when(shop.lastSyncAt, zone) })
          : t(locale, "shop.never_synced"),
      ]
    : [`⚪ ${t(locale, "shop.not_connected")}`];
  const error = shop.lastError ? `\n   ⚠️ ${t(locale, "shop.last_error", { error: shop.lastError })}` : "";
  return `• ${head}\n   ${state.join(" · ")}${error}`;
}

async function list({ member, locale, services }: Ctx) {
  const shops = await services.shopConnections.shopsOf(member.workspaceId);
  if (shops.length === 0) return message([{ type: "section", text: t(locale, "shop.none") }]);
  const blocks: Block[] = [
    { type: "header", text: t(locale, "shop.list_title", { count: shops.length }) },
    { type: "section", text: shops.map((s) => shopLine(s, locale, member.timezone)).join("\n") },
    { type: "context", text: t(locale, services.tiktok ? "shop.list_hint" : "shop.api_off") },
  ];
  return message(blocks);
}

/** The shop a command names (its name or TikTok shop id), or a UserError listing the shops. */
async function shopNamed(ctx: Ctx, ref: string, example: string): Promise<ShopStatus> {
  const { shop, all } = await ctx.services.shopConnections.findShop(ctx.member.workspaceId, ref);
  const shops = all.map((s) => s.name).join(", ") || "-";
  if (!ref.trim()) throw new UserError("shop.which", { shops }, example);
  if (!shop) throw new UserError("shop.unknown", { shop: ref, shops }, example);
  return shop;
}

function requireApi(ctx: Ctx) {
  if (!ctx.services.tiktok) throw new UserError("shop.api_off");
  return ctx.services.tiktok;
}

/** "<shop words…> <access_token> [refresh <refresh_token>]" */
function parseConnect(words: string[]) {
  const at = words.findIndex((w) => REFRESH_WORDS.has(w.toLowerCase()));
  const before = at < 0 ? words : words.slice(0, at);
  const refreshToken = at < 0 ? null : (words[at + 1] ?? "");
  return { shopRef: before.slice(0, -1).join(" "), accessToken: before.at(-1) ?? "", refreshToken };
}

const blank = (text: string, secrets: (string | null)[]) =>
  secrets.reduce<string>((out, s) => (s ? out.split(s).join("[redacted]") : out), text);

/** Every text a member reads or the audit keeps, with the tokens blanked out. */
function withoutSecrets(error: UserError, secrets: (string | null)[]): UserError {
  const params = Object.fromEntries(
    Object.entries(error.params).map(([k, v]) => [k, typeof v === "string" ? blank(v, secrets) : v]),
  );
  return new UserError(error.key, params, error.example);
}

async function connect(ctx: Ctx, words: string[]) {
  const { member, locale, services } = ctx;
  const { shopRef, accessToken, refreshToken } = parseConnect(words);
  const secrets = [accessToken, refreshToken];
  try {
    // A token typed in a channel or group is read by everyone there; the member is told to DM instead (and to
    // replace the token if others saw it). Both refusals are audited here, with the text (and so the token) left out.
    const refusal =
      ctx.conversation !== "direct"
        ? ("error.secret_typed_in_group" as const)
        : !atLeast(member, "admin")
          ? ("deny.shop_connect" as const)
          : null;
    if (refusal) {
      await services.audit.record({
        workspaceId: member.workspaceId,
        actorId: member.id,
        action: "shop.connect",
        subject: "/shop connect (token withheld from the log)",
        allowed: false,
        detail: { reason: refusal, conversation: ctx.conversation },
      });
      throw new UserError(refusal);
    }
    const sync = requireApi(ctx);
    // "/shop connect GlowLab Official Store" without a token: say what is missing, not "no shop GlowLab Official".
    const whole = await services.shopConnections.findShop(member.workspaceId, words.join(" "));
    if (whole.shop || !shopRef || !accessToken || refreshToken === "") {
      throw new UserError("shop.connect_usage", {}, EXAMPLES.connect);
    }
    // An unknown shop is not echoed: in "/shop connect <token> <shop>" (words swapped) the "shop" is the token.
    const { shop, all } = await services.shopConnections.findShop(member.workspaceId, shopRef);
    if (!shop) throw new UserError("shop.which", { shops: all.map((s) => s.name).join(", ") || "-" }, EXAMPLES.connect);
    const authorized = await sync.connect(shop, { accessToken, refreshToken });
    await services.audit.record({
      workspaceId: member.workspaceId,
      actorId: member.id,
      action: "shop.connect",
      subject: shop.name,
      allowed: true,
      detail: { externalId: shop.externalId, refreshToken: refreshToken !== null },
    });
    return message(
      [
        {
          type: "section",
          text: `✅ ${t(locale, "shop.connected_done", { shop: shop.name, id: authorized.id, region: authorized.region })}`,
        },
        { type: "context", text: t(locale, "shop.token_note") },
      ],
      { ephemeral: true },
    );
  } catch (error) {
    // Never a PermissionDenied out of here: the dispatcher would audit the command's text, token included. A
    // mis-ordered command ("/shop connect <token> <shop>") would echo the token as the shop's name: blanked too.
    if (error instanceof UserError && !(error instanceof PermissionDenied)) throw withoutSecrets(error, secrets);
    const reason = blank(error instanceof Error ? error.message : String(error), secrets);
    throw new UserError("shop.connect_failed", { reason });
  }
}

async function disconnect(ctx: Ctx, ref: string) {
  const { member, locale, services } = ctx;
  if (!atLeast(member, "admin")) throw new PermissionDenied("shop.disconnect", "deny.shop_connect");
  const shop = await shopNamed(ctx, ref, EXAMPLES.disconnect);
  const removed = await services.shopConnections.disconnect(shop.id);
  if (removed) {
    await services.audit.record({
      workspaceId: member.workspaceId,
      actorId: member.id,
      action: "shop.disconnect",
      subject: shop.name,
      allowed: true,
    });
  }
  const key = removed ? "shop.disconnected" : "shop.was_not_connected";
  return message([{ type: "section", text: t(locale, key, { shop: shop.name }) }], { ephemeral: true });
}

async function syncNow(ctx: Ctx, ref: string) {
  const { member, locale } = ctx;
  if (!atLeast(member, "manager")) throw new PermissionDenied("shop.sync", "deny.shop_sync");
  const sync = requireApi(ctx);
  const shop = await shopNamed(ctx, ref, EXAMPLES.sync);
  if (!shop.connected) throw new UserError("shop.not_connected_sync", { shop: shop.name }, EXAMPLES.connect);
  try {
    const r = await sync.syncShop(shop.id);
    const zone = member.timezone;
    const fmt = (d: DateTime) => d.setZone(zone).toFormat("yyyy-MM-dd HH:mm ZZZZ");
    const blocks: Block[] = [
      {
        type: "section",
        text: `🔄 ${t(locale, "shop.synced", {
          shop: shop.name,
          orders: r.orders,
          from: fmt(r.from),
          to: fmt(r.to),
          imported: r.imported,
          created: r.created,
          updated: r.updated,
        })}`,
      },
    ];
    if (r.dates) blocks.push({ type: "context", text: t(locale, "shop.synced_days", r.dates) });
    return message(blocks);
  } catch (error) {
    if (error instanceof TikTokSyncError) {
      throw new UserError("shop.sync_failed", { shop: shop.name, reason: error.reason });
    }
    throw error;
  }
}

export const shopCommand: CommandHandler<Services> = {
  name: "shop",
  aliases: ["店铺", "shops"],
  summary: {
    en: "Your shops and their TikTok Shop API connection: list, connect (admins), disconnect, sync now.",
    zh: "店铺及其 TikTok Shop API 连接：列表、连接（管理员）、断开、立即同步。",
  },
  usage: {
    en: [
      "/shop list: every shop with its market, currency, connection, last sync and last error",
      "/shop connect <shop name or id> <access_token> [refresh <refresh_token>]: connect a shop (admins; the token is stored encrypted)",
      `${EXAMPLES.disconnect}: forget its tokens (admins); imported orders stay`,
      `${EXAMPLES.sync}: pull its orders now (managers and admins); it also runs every day at 07:30 shop time`,
    ],
    zh: [
      "/店铺 列表：所有店铺及其市场、币种、连接状态、上次同步和上次错误",
      "/店铺 连接 <店铺名或ID> <access_token> [刷新 <refresh_token>]：连接店铺（管理员；令牌加密保存）",
      "/店铺 断开 GlowLab Official Store：删除令牌（管理员），已导入的订单保留",
      "/店铺 同步 GlowLab Official Store：立即拉取订单（经理和管理员）；每天店铺时间 07:30 也会自动同步",
    ],
  },
  redact(text) {
    // "/shop connect <shop> <token> …": only the command and its verb are kept.
    const words = text.trim().split(/\s+/);
    return VERBS[words[1]?.toLowerCase() ?? ""] === "connect" ? `${words.slice(0, 2).join(" ")} [withheld]` : text;
  },
  async run(ctx) {
    const [verbWord, ...rest] = ctx.args;
    const verb = verbWord === undefined ? "list" : VERBS[verbWord.toLowerCase()];
    switch (verb) {
      case "list":
        return list(ctx);
      case "connect":
        return connect(ctx, rest);
      case "disconnect":
        return disconnect(ctx, rest.join(" "));
      case "sync":
        return syncNow(ctx, rest.join(" "));
      default:
        throw new UserError("shop.unknown_verb", { verb: verbWord ?? "" }, "/shop list");
    }
  },
};
