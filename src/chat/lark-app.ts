// Starling in Lark/Feishu: the same commands as in Slack, typed to the bot in a DM or with an @mention in a group,
// plus interactive cards (buttons and forms) and the bot menu. Events arrive at POST /lark/events, or over the
// SDK's long connection (WSClient) when LARK_CONNECTION=websocket, and go through the SDK's EventDispatcher.
// Before the SDK sees a request we check it ourselves: the signature over the raw bytes within five minutes (with an
// Encrypt Key), and the verification token. Every event id and message id is claimed in the database, so Lark's
// redeliveries never act twice, even across a restart.

import type { Readable } from "node:stream";
import * as lark from "@larksuiteoapi/node-sdk";
import { z } from "zod";
import type { Config } from "../config.js";
import type { DeliveryRepository } from "../deliveries/repository.js";
import { type Locale, t } from "../domain/i18n.js";
import { HttpError, type HttpServer, readBody, sendJson } from "../http/server.js";
import { bootstrapMessage, unknownUserMessage } from "../identity/messages.js";
import type { IdentityService, PlatformProfile } from "../identity/service.js";
import { answerUnknownUser } from "../identity/unknown-user.js";
import type { Logger } from "../log.js";
import type { MemberProfile } from "../members/types.js";
import { type Dispatcher, OPEN_FORM_ACTION } from "./dispatcher.js";
import { type LarkCard, readLarkAction, renderLarkCards, renderLarkFormCard } from "./lark-card.js";
import { larkDecrypt, verifyLarkSignature } from "./lark-crypto.js";
import { createLarkOutbox } from "./lark-outbox.js";
import { createLarkPlatform, type LarkPlatform } from "./lark-platform.js";
import { commandText, type LarkMessage, larkMessageSchema } from "./lark-text.js";
import type { OutgoingMessage } from "./message.js";
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
  /** What to do with a file a member sends to the bot (import it). */
  onFile?: UploadHandler;
}

const fileContentSchema = z.object({ file_key: z.string(), file_name: z.string() });

export interface LarkAdapter {
  platform: LarkPlatform;
  /** Resolves when every message being answered in the background has been answered (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Bot menu keys (set in the developer console) → the command they run; any other key runs as typed ("kpi_week"). */
const MENU_COMMANDS: Record<string, string> = {
  kpi: "/kpi",
  targets: "/target list",
  target_set: "/target set",
  standup: "/standup",
  log: "/log help",
  help: "help",
};

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
  });
  const outbox = createLarkOutbox({ log });
  const platform = createLarkPlatform(client, outbox);
  const work = createWorkQueue({ concurrency: 8, log });

  let botOpenId: string | null = null;
  try {
    const info = (await client.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as {
      bot?: { open_id?: string };
    };
    botOpenId = info.bot?.open_id ?? null;
  } catch (error) {
    log.warn("lark: could not read the bot's own id; in groups any @mention will address Starling", error);
  }

  async function claimAll(keys: string[]): Promise<boolean> {
    for (const key of keys) {
      if (!(await deliveries.claim("lark", key))) {
        log.info(`lark: skipped a repeated delivery (${key})`);
        return false;
      }
    }
    return true;
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
    if (!(await claimAll([`event:${String(data.event_id)}`, `message:${msg.message_id}`]))) return;
    const chatKey = msg.chat_id ?? openId;
    const replyWith = (reply: OutgoingMessage, locale: Locale) =>
      platform.reply(msg.message_id, chatKey, reply, locale);

    const { workspaceId, resolved } = await memberFor(String(data.tenant_key ?? ""), openId);
    if (!resolved) {
      const answer = await answerUnknownUser(identity, {
        workspaceId,
        platform: "lark",
        userId: openId,
        userLabel: openId,
        text: typed.text,
      });
      await replyWith(answer, "en");
      return;
    }
    const { member } = resolved;
    if (resolved.bootstrapped) await replyWith(bootstrapMessage(member), member.language);
    const replies = await dispatcher.dispatch({
      member,
      text: typed.text,
      platform: "lark",
      conversation: msg.chat_type === "p2p" ? "direct" : "group",
      eventId: msg.message_id,
    });
    for (const reply of replies) await replyWith(reply, member.language);
  }

  /**
   * A file sent to the bot (in a DM, or in a group the bot is in): downloaded through the message-resource API and
   * handed to the importer, which answers in the file message's thread.
   */
  async function onFileMessage(data: Record<string, unknown>, msg: LarkMessage, openId: string): Promise<void> {
    const onFile = deps.onFile;
    if (!onFile) return;
    const content = fileContentSchema.safeParse(JSON.parse(msg.content));
    if (!content.success) return;
    if (!(await claimAll([`event:${String(data.event_id)}`, `message:${msg.message_id}`]))) return;
    const { resolved } = await memberFor(String(data.tenant_key ?? ""), openId);
    if (!resolved) {
      log.info(`lark: ignored a file from ${openId}, who is not a known member`);
      return;
    }
    const { file_key: fileKey, file_name: fileName } = content.data;
    const member = resolved.member;
    const chatKey = msg.chat_id ?? openId;
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
  }

  /** A click or a form submission on a card: answered within Lark's 3 seconds with a toast and/or a new card. */
  async function onCardAction(data: Record<string, unknown>): Promise<object> {
    const operator = z.object({ open_id: z.string() }).safeParse(data.operator);
    if (!operator.success) return {};
    if (!(await claimAll([`event:${String(data.event_id)}`]))) return {};
    const { resolved } = await memberFor(String(data.tenant_key ?? operator.data.open_id), operator.data.open_id);
    if (!resolved) return toast("warning", `${t("en", "link.unknown_user")}`);
    const member = resolved.member;
    const locale = member.language;
    const action = readLarkAction(data.action);
    if (!action) return toast("warning", t(locale, "error.unknown_action", { action: "?" }));

    if (action.kind === "button") {
      const result = await dispatcher.dispatchAction({
        member,
        actionId: action.actionId,
        value: action.value,
        platform: "lark",
        eventId: String(data.event_id),
      });
      if (result.form) return cardResponse(renderLarkFormCard(result.form, locale));
      if (result.ephemeral) return toast("warning", result.text);
      const [card] = renderLarkCards(result, locale);
      return { ...toast("success", result.text.split("\n")[0] ?? ""), ...(card ? cardResponse(card) : {}) };
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
      return { ...toast("success", submitted.message.text.split("\n")[0] ?? ""), ...(card ? cardResponse(card) : {}) };
    }
    // Show the form again with what was typed and a message under each bad field; nothing was saved.
    const reopened = await dispatcher.dispatchAction({
      member,
      actionId: OPEN_FORM_ACTION,
      value: action.state ? `${action.formId}:${action.state}` : action.formId,
      platform: "lark",
    });
    const errors = Object.values(submitted.errors).join(" ");
    if (!reopened.form) return toast("error", errors);
    const refilled = {
      ...reopened.form,
      fields: reopened.form.fields.map((f) => ({ ...f, initial: action.values[f.id] ?? f.initial })),
    };
    return { ...toast("error", errors), ...cardResponse(renderLarkFormCard(refilled, locale, submitted.errors)) };
  }

  /** A click on the bot menu: run the command and answer by direct message. */
  async function onMenu(data: Record<string, unknown>): Promise<void> {
    const parsed = z
      .object({ operator: z.object({ operator_id: z.object({ open_id: z.string() }) }), event_key: z.string() })
      .safeParse(data);
    if (!parsed.success) return;
    if (!(await claimAll([`event:${String(data.event_id)}`]))) return;
    const openId = parsed.data.operator.operator_id.open_id;
    const { resolved } = await memberFor(String(data.tenant_key ?? ""), openId);
    if (!resolved) {
      await platform.toOpenId(openId, unknownUserMessage(), "en");
      return;
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
    for (const reply of replies) {
      await platform.toOpenId(openId, reply, member.language);
    }
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
        await idle();
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
      const header = (body.header ?? {}) as { token?: string };
      const token = header.token ?? (body.token as string | undefined);
      if (config.verificationToken && token !== config.verificationToken) {
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
  return { platform, idle, stop: idle };
}
