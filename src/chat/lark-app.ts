// Starling in Lark/Feishu: the same commands as in Slack, typed to the bot in a DM or with an @mention in a group,
// plus interactive cards (buttons and forms) and the bot menu. Events arrive at POST /lark/events, or over the
// SDK's long connection (WSClient) when LARK_CONNECTION=websocket, and go through the SDK's EventDispatcher.
// Before the SDK sees a request we check it ourselves: the signature over the raw bytes within five minutes (the
// Encrypt Key is required over HTTP, src/config.ts), and the verification token, compared in constant time. Only the
// tenants in LARK_TENANT_KEYS are served: anyone else is told their workspace is not connected, and nothing is
// stored. Every event id and message id is claimed in the database, so Lark's redeliveries never act twice, even
// across a restart; a message whose handling failed gives its claims back, so a redelivery acts. Lark has no
// ephemeral messages: a private reply asked for in a group goes to the member by DM, with a note in the group.
// Lark unreachable at start does not stop Starling: the bot-info check is retried and /healthz says "degraded".

import type { Readable } from "node:stream";
import * as lark from "@larksuiteoapi/node-sdk";
import { z } from "zod";
import type { Config } from "../config.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { createDeliveryGuard } from "../deliveries/guard.js";
import { isTryAgain, tryAgainMessage } from "../deliveries/outage.js";
import type { DeliveryRepository } from "../deliveries/repository.js";
import { type Locale, t } from "../domain/i18n.js";
import { wordTable } from "../domain/text.js";
import { type PlatformHealth, superviseCheck } from "../http/health.js";
import { HttpError, type HttpServer, readBody, sendJson } from "../http/server.js";
import { bootstrapMessage, notConnectedMessage, unknownUserMessage } from "../identity/messages.js";
import type { IdentityService, PlatformProfile } from "../identity/service.js";
import { answerUnknownUser } from "../identity/unknown-user.js";
import type { Logger } from "../log.js";
import type { MemberProfile } from "../members/types.js";
import { type Dispatcher, OPEN_FORM_ACTION } from "./dispatcher.js";
import { type LarkCard, readLarkAction, renderLarkCards, renderLarkFormCard } from "./lark-card.js";
import { larkDecrypt, sameSecret, verifyLarkSignature } from "./lark-crypto.js";
import { createLarkOutbox } from "./lark-outbox.js";
import { createLarkPlatform, type LarkPlatform } from "./lark-platform.js";
import { commandText, type LarkMessage, larkMessageSchema } from "./lark-text.js";
import { message, type OutgoingMessage } from "./message.js";
import type { UploadHandler } from "./uploads.js";
import { createWorkQueue } from "./work-queue.js";

/** The validated Lark part of the environment (src/config.ts). */
export type LarkConfig = NonNullable<Config["lark"]>;

export interface LarkAdapterDeps<Services> {
  config: LarkConfig;
  http: HttpServer;
  dispatcher: Dispatcher<Services>;
  identity: IdentityService;
  deliveries: DeliveryRepository;
  log: Logger;
  /** Where the adapter reports whether Lark answers (GET /healthz). */
  health: PlatformHealth;
  /** What to do with a file a member sends to the bot (import it). */
  onFile?: UploadHandler;
}

/**
 * One Open API call may take this long (the SDK sets none): Lark answers in well under a second, and a file
 * download of a large export starts within seconds. Without it a half-open connection would hold a reply forever.
 */
export const LARK_CALL_TIMEOUT_MS = 20_000;

/** The SDK's HTTP client with a timeout on every call, the token call included. */
function withTimeout(base: lark.HttpInstance, timeout: number): lark.HttpInstance {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's request options are generic over any body.
  const opts = (o?: lark.HttpRequestOptions<any>) => ({ timeout, ...o });
  return {
    request: (o) => base.request(opts(o)),
    get: (url, o) => base.get(url, opts(o)),
    delete: (url, o) => base.delete(url, opts(o)),
    head: (url, o) => base.head(url, opts(o)),
    options: (url, o) => base.options(url, opts(o)),
    post: (url, data, o) => base.post(url, data, opts(o)),
    put: (url, data, o) => base.put(url, data, opts(o)),
    patch: (url, data, o) => base.patch(url, data, opts(o)),
  };
}

const fileContentSchema = z.object({ file_key: z.string(), file_name: z.string() });

export interface LarkAdapter {
  platform: LarkPlatform;
  /** Resolves when every message being answered in the background has been answered (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Bot menu keys (set in the developer console) → the command they run; any other key runs as typed ("kpi_week"). */
const MENU_COMMANDS = wordTable<string>({
  kpi: "/kpi",
  targets: "/target list",
  target_set: "/target set",
  standup: "/standup",
  log: "/log help",
  help: "help",
});

const senderSchema = z.object({
  sender_type: z.string().optional(),
  sender_id: z.object({ open_id: z.string() }),
});

function sdkLogger(log: Logger) {
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    error: (...msg: unknown[]) => log.warn(`lark sdk: ${text(msg).slice(0, 500)}`),
    warn: (...msg: unknown[]) => log.warn(`lark sdk: ${text(msg).slice(0, 500)}`),
    info: () => {},
    debug: () => {},
    trace: () => {},
  };
}

const toast = (type: "success" | "info" | "warning" | "error", content: string) => ({
  toast: { type, content: content.slice(0, 300) },
});
const cardResponse = (card: LarkCard) => ({ card: { type: "raw", data: card } });

export async function startLark<Services>(deps: LarkAdapterDeps<Services>): Promise<LarkAdapter> {
  const { config, dispatcher, identity, deliveries, log } = deps;
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain ?? lark.Domain.Feishu,
    loggerLevel: lark.LoggerLevel.warn,
    logger: sdkLogger(log),
    httpInstance: withTimeout(lark.defaultHttpInstance as unknown as lark.HttpInstance, LARK_CALL_TIMEOUT_MS),
  });
  const outbox = createLarkOutbox({ log });
  const platform = createLarkPlatform(client, outbox);
  const work = createWorkQueue({ concurrency: 8, log });
  // Claims, their release on failure, and the try-again answer: the same for every Lark delivery (guard.ts).
  const guard = createDeliveryGuard({ platform: "lark", deliveries, log });

  // The start-up check: the tenant token and the bot's own open_id (to tell an @mention of Starling from others).
  // Until it passes, in groups any @mention addresses Starling; it is retried until Lark answers.
  let botOpenId: string | null = null;
  const check = superviseCheck({
    platform: "lark",
    health: deps.health,
    log,
    async check() {
      let info: { code?: number; msg?: string; bot?: { open_id?: string } };
      try {
        info = (await client.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as typeof info;
      } catch (error) {
        const status = (error as { response?: { status?: number } })?.response?.status;
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(`the token or bot info call failed: ${status ? `HTTP ${status}` : detail.slice(0, 200)}`);
      }
      if (info.code !== undefined && info.code !== 0) {
        throw new Error(`Lark refused the bot info call: ${info.code} ${info.msg ?? ""}`.trim());
      }
      botOpenId = info.bot?.open_id ?? null;
    },
  });

  // The allow-list: a tenant key is served only if LARK_TENANT_KEYS names it.
  const listed = new Set(config.allowedTenantKeys);
  identity.admitTenants("lark", (tenantKey) => listed.has(tenantKey));

  /** False (logged, with the key an operator would add) for a tenant Starling does not serve. */
  async function admitted(tenantKey: string, what: string): Promise<boolean> {
    if (await identity.isAdmitted("lark", tenantKey)) return true;
    log.warn(
      `lark: refused ${what} from tenant ${tenantKey || "(none)"}, which is not in LARK_TENANT_KEYS; add it there to serve it`,
    );
    return false;
  }

  async function profileOf(openId: string): Promise<PlatformProfile | null> {
    try {
      const result = await client.contact.user.get({ path: { user_id: openId }, params: { user_id_type: "open_id" } });
      const user = result.data?.user;
      if (!user) return null;
      return {
        email: user.email || user.enterprise_email || undefined,
        displayName: user.name || user.en_name || undefined,
        handle: user.en_name || user.name || undefined,
      };
    } catch {
      // Without the contact permission Lark says 99991672: the user can still link with "kpi link @handle".
      log.warn(`lark: could not read the profile of ${openId}; the user can still link with "kpi link @handle"`);
      return null;
    }
  }

  async function memberFor(tenantKey: string, openId: string) {
    if (!tenantKey) return { workspaceId: "", resolved: null };
    const workspaceId = await identity.resolveWorkspace("lark", tenantKey, `Lark ${tenantKey.slice(0, 8)}`);
    // Checked before the delivery was claimed; a tenant dropped from the list since then is unknown here.
    if (!workspaceId) return { workspaceId: "", resolved: null };
    const resolved = await identity.resolveMember(workspaceId, "lark", openId, () => profileOf(openId));
    return { workspaceId, resolved };
  }

  /** Handles a message event after the ack. */
  async function onMessage(data: Record<string, unknown>): Promise<void> {
    const parsedMessage = larkMessageSchema.safeParse(data.message);
    const sender = senderSchema.safeParse(data.sender);
    if (!parsedMessage.success || !sender.success || sender.data.sender_type !== "user") return;
    const msg = parsedMessage.data;
    const openId = sender.data.sender_id.open_id;
    const ageSeconds = (Date.now() - Number(msg.create_time ?? Date.now())) / 1000;
    if (ageSeconds > config.maxMessageAgeSeconds) {
      // After a reconnect Lark may deliver a backlog: answering hour-old commands would only confuse.
      log.info(
        `lark: ignored message ${msg.message_id}, sent ${Math.round(ageSeconds)} s ago (limit ${config.maxMessageAgeSeconds} s)`,
      );
      return;
    }
    if (msg.message_type === "file") {
      await onFileMessage(data, msg, openId);
      return;
    }
    const typed = commandText(msg, botOpenId);
    if (!typed) return;
    if (msg.chat_type === "group" && !typed.mentionsBot) return;
    const chatKey = msg.chat_id ?? openId;
    const inGroup = msg.chat_type !== "p2p";
    const replyWith = (reply: OutgoingMessage, locale: Locale) =>
      platform.reply(msg.message_id, chatKey, reply, locale);
    // Lark has no ephemeral messages: what is only for the member goes to their DM, and the group reads a note.
    const answer = async (replies: OutgoingMessage[], locale: Locale) => {
      let privately = false;
      for (const reply of replies) {
        if (inGroup && reply.ephemeral) {
          await platform.toOpenId(openId, reply, locale);
          privately = true;
        } else {
          await replyWith(reply, locale);
        }
      }
      if (privately) await replyWith(sentPrivatelyNote(locale), locale);
    };
    const tenantKey = String(data.tenant_key ?? "");
    if (!(await admitted(tenantKey, `a message from ${openId}`))) {
      await replyWith(notConnectedMessage(), "en").catch((error: unknown) =>
        log.warn("lark: could not tell a refused tenant that it is not connected", error),
      );
      return;
    }
    const keys = [`event:${String(data.event_id)}`, `message:${msg.message_id}`];
    await guard.once(
      keys,
      async () => {
        const { workspaceId, resolved } = await memberFor(tenantKey, openId);
        if (!resolved) {
          const unknown = await answerUnknownUser(identity, {
            workspaceId,
            platform: "lark",
            userId: openId,
            userLabel: openId,
            text: typed.text,
          });
          await answer([unknown], "en");
          return "done";
        }
        const { member } = resolved;
        if (resolved.bootstrapped) await replyWith(bootstrapMessage(member), member.language);
        const replies = await dispatcher.dispatch({
          member,
          text: typed.text,
          platform: "lark",
          conversation: inGroup ? "group" : "direct",
          eventId: msg.message_id,
        });
        await guard.afterActing("the answer to a message", () => answer(replies, member.language));
        return replies.some(isTryAgain) ? "retry" : "done";
      },
      (reply) => answer([reply], "en"),
    );
  }

  /**
   * A file sent to the bot (in a DM, or in a group the bot is in): downloaded through the message-resource API and
   * handed to the importer, which answers in the file message's thread.
   */
  async function onFileMessage(data: Record<string, unknown>, msg: LarkMessage, openId: string): Promise<void> {
    const onFile = deps.onFile;
    if (!onFile) return;
    let parsedContent: unknown;
    try {
      parsedContent = JSON.parse(msg.content);
    } catch {
      log.info(`lark: ignored file message ${msg.message_id}, whose content is not JSON`);
      return;
    }
    const content = fileContentSchema.safeParse(parsedContent);
    if (!content.success) return;
    const tenantKey = String(data.tenant_key ?? "");
    if (!(await admitted(tenantKey, `a file from ${openId}`))) return;
    const keys = [`event:${String(data.event_id)}`, `message:${msg.message_id}`];
    const chatKey = msg.chat_id ?? openId;
    const tryAgain = (reply: OutgoingMessage) => platform.reply(msg.message_id, chatKey, reply, "en");
    await guard.once(keys, () => importFile(tenantKey, msg, openId, content.data, chatKey), tryAgain);
  }

  async function importFile(
    tenantKey: string,
    msg: LarkMessage,
    openId: string,
    file: z.infer<typeof fileContentSchema>,
    chatKey: string,
  ): Promise<"done"> {
    const onFile = deps.onFile;
    if (!onFile) return "done";
    const { resolved } = await memberFor(tenantKey, openId);
    if (!resolved) {
      log.info(`lark: ignored a file from ${openId}, who is not a known member`);
      return "done";
    }
    const { file_key: fileKey, file_name: fileName } = file;
    const member = resolved.member;
    await onFile({
      platform: "lark",
      member,
      fileName,
      sizeBytes: null,
      text: "",
      async open() {
        const resource = await client.im.messageResource.get({
          path: { message_id: msg.message_id, file_key: fileKey },
          params: { type: "file" },
        });
        return resource.getReadableStream() as Readable;
      },
      reply: (reply) => platform.reply(msg.message_id, chatKey, reply, member.language),
      update: (ref, reply) => platform.update(ref, reply),
    });
    return "done";
  }

  /** A click or a form submission on a card: answered within Lark's 3 seconds with a toast and/or a new card. */
  async function onCardAction(data: Record<string, unknown>): Promise<object> {
    const operator = z.object({ open_id: z.string() }).safeParse(data.operator);
    if (!operator.success) return {};
    const tenantKey = String(data.tenant_key ?? "");
    if (!(await admitted(tenantKey, `a card action by ${operator.data.open_id}`))) {
      return toast("warning", notConnectedMessage().text);
    }
    const keys = [`event:${String(data.event_id)}`];
    const claimed = await guard.claimAll(keys);
    if (claimed === "unavailable") return toast("warning", tryAgainMessage("both").text);
    if (claimed === "repeat") return {};
    try {
      const answer = await cardActionFor(tenantKey, operator.data.open_id, data);
      if (answer.retry) await guard.releaseAll(keys);
      return answer.body;
    } catch (error) {
      await guard.releaseAll(keys);
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn(
        "lark: the database is unavailable; a card action was not handled, the member is asked to try again",
        error,
      );
      return toast("warning", tryAgainMessage("both").text);
    }
  }

  /** The answer to a claimed card action; `retry` when the dispatcher already asked the member to try again. */
  async function cardActionFor(
    tenantKey: string,
    openId: string,
    data: Record<string, unknown>,
  ): Promise<{ body: object; retry?: boolean }> {
    const wrap = (body: object, reply?: OutgoingMessage) => ({ body, retry: reply ? isTryAgain(reply) : false });
    const { resolved } = await memberFor(tenantKey, openId);
    if (!resolved) return wrap(toast("warning", `${t("en", "link.unknown_user")}`));
    const member = resolved.member;
    const locale = member.language;
    const action = readLarkAction(data.action);
    if (!action) return wrap(toast("warning", t(locale, "error.unknown_action", { action: "?" })));

    if (action.kind === "button") {
      const result = await dispatcher.dispatchAction({
        member,
        actionId: action.actionId,
        value: action.value,
        platform: "lark",
        eventId: String(data.event_id),
      });
      if (result.form) return wrap(cardResponse(renderLarkFormCard(result.form, locale)));
      if (result.ephemeral) return wrap(toast("warning", result.text), result);
      const [card] = renderLarkCards(result, locale);
      return wrap({ ...toast("success", result.text.split("\n")[0] ?? ""), ...(card ? cardResponse(card) : {}) });
    }

    const submitted = await dispatcher.submitForm({
      member,
      formId: action.formId,
      values: action.values,
      state: action.state,
      platform: "lark",
      eventId: String(data.event_id),
    });
    if (submitted.ok) {
      const [card] = renderLarkCards(submitted.message, locale);
      const body = {
        ...toast(isTryAgain(submitted.message) ? "warning" : "success", submitted.message.text.split("\n")[0] ?? ""),
        ...(card ? cardResponse(card) : {}),
      };
      return wrap(body, submitted.message);
    }
    // Show the form again with what was typed and a message under each bad field; nothing was saved.
    const reopened = await dispatcher.dispatchAction({
      member,
      actionId: OPEN_FORM_ACTION,
      value: action.state ? `${action.formId}:${action.state}` : action.formId,
      platform: "lark",
    });
    const errors = Object.values(submitted.errors).join(" ");
    if (!reopened.form) return wrap(toast("error", errors), reopened);
    const refilled = {
      ...reopened.form,
      fields: reopened.form.fields.map((f) => ({ ...f, initial: action.values[f.id] ?? f.initial })),
    };
    return wrap({ ...toast("error", errors), ...cardResponse(renderLarkFormCard(refilled, locale, submitted.errors)) });
  }

  /** A click on the bot menu: run the command and answer by direct message. */
  async function onMenu(data: Record<string, unknown>): Promise<void> {
    const parsed = z
      .object({ operator: z.object({ operator_id: z.object({ open_id: z.string() }) }), event_key: z.string() })
      .safeParse(data);
    if (!parsed.success) return;
    const openId = parsed.data.operator.operator_id.open_id;
    const tenantKey = String(data.tenant_key ?? "");
    const dm = (reply: OutgoingMessage, locale: Locale) => platform.toOpenId(openId, reply, locale);
    if (!(await admitted(tenantKey, `a menu click by ${openId}`))) {
      await dm(notConnectedMessage(), "en").catch((error: unknown) =>
        log.warn("lark: could not tell a refused tenant that it is not connected", error),
      );
      return;
    }
    const keys = [`event:${String(data.event_id)}`];
    await guard.once(
      keys,
      async () => {
        const { resolved } = await memberFor(tenantKey, openId);
        if (!resolved) {
          await dm(unknownUserMessage(), "en");
          return "done";
        }
        const text = MENU_COMMANDS[parsed.data.event_key] ?? parsed.data.event_key.replaceAll("_", " ");
        const member: MemberProfile = resolved.member;
        // The menu's answers go to the member's DM.
        const replies = await dispatcher.dispatch({
          member,
          text,
          platform: "lark",
          conversation: "direct",
          eventId: String(data.event_id),
        });
        await guard.afterActing("the answer to a menu click", async () => {
          for (const reply of replies) await dm(reply, member.language);
        });
        return replies.some(isTryAgain) ? "retry" : "done";
      },
      (reply) => dm(reply, "en"),
    );
  }

  const events = new lark.EventDispatcher({
    encryptKey: config.encryptKey,
    verificationToken: config.verificationToken,
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
  }).register({
    "im.message.receive_v1": async (data: Record<string, unknown>) => {
      work.push("im.message.receive_v1", () => onMessage(data));
      return { msg: "success" };
    },
    "card.action.trigger": (data: Record<string, unknown>) => onCardAction(data),
    "application.bot.menu_v6": async (data: Record<string, unknown>) => {
      work.push("application.bot.menu_v6", () => onMenu(data));
      return { msg: "success" };
    },
  });

  const idle = work.idle;
  // Start-up waits for the first check (at most its timeout), never for Lark to come back.
  await check.firstAttempt;
  const stopAll = async () => {
    check.stop();
    guard.stop();
    await idle();
  };

  if (config.connection === "websocket") {
    const ws = new lark.WSClient({
      appId: config.appId,
      appSecret: config.appSecret,
      domain: config.domain ?? lark.Domain.Feishu,
      logger: sdkLogger(log),
      loggerLevel: lark.LoggerLevel.warn,
    });
    await ws.start({ eventDispatcher: events });
    log.info("Lark connected over the long connection (WSClient)");
    return {
      platform,
      idle,
      async stop() {
        ws.close();
        await stopAll();
      },
    };
  }

  deps.http.add({
    method: "POST",
    path: "/lark/events",
    async handler(req, res) {
      const raw = await readBody(req);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new HttpError(400, "the body is not a Lark callback");
      }
      if (config.encryptKey) {
        // With an Encrypt Key, Lark encrypts every callback and signs events; a plain body is not from Lark.
        if (typeof body.encrypt !== "string") throw new HttpError(401, "expected an encrypted body");
        try {
          body = JSON.parse(larkDecrypt(config.encryptKey, body.encrypt));
        } catch {
          throw new HttpError(400, "the body does not decrypt with LARK_ENCRYPT_KEY");
        }
        // The URL check may come unsigned (Lark's Python SDK skips it too); decrypting it already proved the key.
        const unsignedChallenge = body.type === "url_verification" && !req.headers["x-lark-signature"];
        if (!unsignedChallenge) {
          // Lark's clock, not the business clock: a replayed request is old in wall-clock time.
          const check = verifyLarkSignature({
            encryptKey: config.encryptKey,
            rawBody: raw,
            timestamp: req.headers["x-lark-request-timestamp"] as string | undefined,
            nonce: req.headers["x-lark-request-nonce"] as string | undefined,
            signature: req.headers["x-lark-signature"] as string | undefined,
            nowSeconds: Math.floor(Date.now() / 1000),
          });
          if (!check.ok) {
            log.warn(`lark: rejected a request to /lark/events: ${check.reason}`);
            throw new HttpError(401, "invalid signature");
          }
        }
      } else if (typeof body.encrypt === "string") {
        throw new HttpError(400, "the body is encrypted but LARK_ENCRYPT_KEY is not set");
      }
      const header = (body.header ?? {}) as { token?: unknown };
      const token = header.token ?? body.token;
      if (config.verificationToken && !(typeof token === "string" && sameSecret(token, config.verificationToken))) {
        log.warn("lark: rejected a request to /lark/events: wrong verification token");
        throw new HttpError(401, "invalid verification token");
      }
      if (body.type === "url_verification") {
        sendJson(res, 200, { challenge: body.challenge });
        return;
      }
      // Verified above: the SDK only parses (flattens header and event) and routes by event type.
      const answer = await events.invoke(Object.assign(Object.create({ headers: req.headers }), body), {
        needCheck: false,
      });
      sendJson(res, 200, typeof answer === "object" && answer ? answer : { msg: "success" });
    },
  });
  log.info("Lark served over HTTP at /lark/events");
  return { platform, idle, stop: stopAll };
}

/** The group's note when the answer went to the member's DM: it says so, and nothing of what the answer says. */
function sentPrivatelyNote(locale: Locale): OutgoingMessage {
  return message([{ type: "context", text: `🔒 ${t(locale, "lark.sent_privately")}` }]);
}
