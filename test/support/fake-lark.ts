// A local Lark/Feishu Open API for end-to-end tests: the Lark SDK's Client points at it (LARK_DOMAIN), including
// the tenant_access_token call, and it records every call so a test can assert what a Lark user would have seen.
// It can answer 429 with x-ogw-ratelimit-reset, as Lark's gateway does, to check that messages are queued, not lost,
// and fail a path with a 5xx a few times (a send retried). Events can come from another tenant (the allow-list).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { larkEncrypt, larkSignature } from "../../src/chat/lark-crypto.js";
import { type HeldCall, holdCall, waitFor } from "./wait.js";

// biome-ignore lint/suspicious/noExplicitAny: recorded Lark API bodies are arbitrary JSON, asserted in tests.
export type Json = any;

export interface LarkCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Json;
  auth: string | null;
  at: number;
}

export interface LarkUser {
  openId: string;
  name: string;
  email?: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const FAKE_TENANT_TOKEN = "t-fake-tenant-token";
export const BOT_OPEN_ID = "ou_starling_bot";

export interface FakeLark {
  domain: string;
  calls: LarkCall[];
  users: Map<string, LarkUser>;
  /** A file a user sent in a message: served by the message-resource API (with the tenant token). */
  hostFile(messageId: string, fileKey: string, content: Uint8Array | string): void;
  /** Messages sent (created or replied), with their card parsed. */
  sent(): { kind: "create" | "reply" | "patch"; target: string; card: Json; call: LarkCall }[];
  /** How often the SDK's WSClient asked for a long-connection URL (the fake offers none). */
  endpointRequests(): number;
  /** The next `times` calls whose path ends with `pathSuffix` get 429 with x-ogw-ratelimit-reset. */
  rateLimit(pathSuffix: string, resetSeconds: number, times?: number): void;
  /** The next `times` calls whose path ends with `pathSuffix` get HTTP `status` (a 5xx: Lark having a bad moment). */
  fail(pathSuffix: string, status: number, times: number): void;
  /** How many calls `fail(pathSuffix, …)` has failed so far: the attempts a retry made before it got through. */
  failed(pathSuffix: string): number;
  /**
   * The next call whose path starts with `pathPrefix` waits for `release()` before it is answered: a test can act
   * (stop the database) while Starling is in the middle of handling something. `reached` resolves on arrival.
   */
  hold(pathPrefix: string): { reached: Promise<void>; release(): void };
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeLark(options: { port?: number } = {}): Promise<FakeLark> {
  const calls: LarkCall[] = [];
  const users = new Map<string, LarkUser>();
  const files = new Map<string, Buffer>();
  const limits = new Map<string, { reset: number; times: number }>();
  const failures = new Map<string, { status: number; times: number; failed: number }>();
  const holds = new Map<string, HeldCall>();
  let next = 1;
  let wsEndpointRequests = 0;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = await readBody(req);
    const send = (status: number, json: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    };
    for (const [suffix, limit] of limits) {
      if (url.pathname.endsWith(suffix) && limit.times > 0) {
        limit.times--;
        return send(
          429,
          { code: 99991400, msg: "request trigger frequency limit" },
          {
            "x-ogw-ratelimit-limit": "5",
            "x-ogw-ratelimit-reset": String(limit.reset),
          },
        );
      }
    }
    for (const [prefix, held] of holds) {
      if (url.pathname.startsWith(prefix)) {
        holds.delete(prefix);
        held.arrive();
        await held.released;
      }
    }
    for (const [suffix, failure] of failures) {
      if (url.pathname.endsWith(suffix) && failure.times > 0) {
        failure.times--;
        failure.failed++;
        return send(failure.status, { code: 1, msg: "internal error" });
      }
    }
    if (url.pathname === "/callback/ws/endpoint") {
      wsEndpointRequests++;
      return send(200, { code: 1000040350, msg: "the fake Lark has no long connection" });
    }
    const isJson = req.headers["content-type"]?.includes("application/json");
    const body = isJson && raw.length ? JSON.parse(raw.toString("utf8")) : { bytes: raw.length };
    const call: LarkCall = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      auth: req.headers.authorization ?? null,
      at: Date.now(),
    };
    if (url.pathname === "/open-apis/auth/v3/tenant_access_token/internal") {
      calls.push(call);
      return send(200, { code: 0, msg: "ok", tenant_access_token: FAKE_TENANT_TOKEN, expire: 7200 });
    }
    if (call.auth !== `Bearer ${FAKE_TENANT_TOKEN}`) {
      return send(401, { code: 99991663, msg: "Invalid access token for authorization" });
    }
    calls.push(call);
    const path = url.pathname;
    if (path === "/open-apis/bot/v3/info")
      return send(200, { code: 0, msg: "ok", bot: { open_id: BOT_OPEN_ID, app_name: "Starling" } });
    if (path === "/open-apis/im/v1/messages" && call.method === "POST") {
      return send(200, { code: 0, msg: "success", data: { message_id: `om_${next++}`, chat_id: body.receive_id } });
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (reply) return send(200, { code: 0, msg: "success", data: { message_id: `om_${next++}`, root_id: reply[1] } });
    if (/^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(path) && call.method === "PATCH")
      return send(200, { code: 0, msg: "success" });
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
    if (user) {
      const found = users.get(decodeURIComponent(user[1] ?? ""));
      if (!found?.email) {
        return send(400, {
          code: 99991672,
          msg: "Access denied. One of the following scopes is required: [contact:user.email:readonly]",
        });
      }
      return send(200, {
        code: 0,
        msg: "success",
        data: { user: { open_id: found.openId, name: found.name, email: found.email } },
      });
    }
    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
    if (resource && call.method === "GET") {
      const file = files.get(`${resource[1]}/${resource[2]}`);
      if (!file || call.query.type !== "file") return send(404, { code: 234003, msg: "File not in msg." });
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(file);
      return;
    }
    if (path === "/open-apis/im/v1/images")
      return send(200, { code: 0, msg: "success", data: { image_key: `img_${next++}` } });
    if (path === "/open-apis/im/v1/files")
      return send(200, { code: 0, msg: "success", data: { file_key: `file_${next++}` } });
    send(404, { code: 404, msg: `the fake has no ${call.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  const domain = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const parseCard = (content: unknown) => {
    try {
      return typeof content === "string" ? JSON.parse(content) : content;
    } catch {
      return content;
    }
  };

  return {
    domain,
    calls,
    users,
    sent: () =>
      calls.flatMap((call): { kind: "create" | "reply" | "patch"; target: string; card: Json; call: LarkCall }[] => {
        if (call.path === "/open-apis/im/v1/messages" && call.method === "POST") {
          return [
            { kind: "create" as const, target: String(call.body.receive_id), card: parseCard(call.body.content), call },
          ];
        }
        const reply = /\/messages\/([^/]+)\/reply$/.exec(call.path);
        if (reply)
          return [{ kind: "reply" as const, target: reply[1] ?? "", card: parseCard(call.body.content), call }];
        const patch = /\/messages\/([^/]+)$/.exec(call.path);
        if (patch && call.method === "PATCH") {
          return [{ kind: "patch" as const, target: patch[1] ?? "", card: parseCard(call.body.content), call }];
        }
        return [];
      }),
    hostFile(messageId, fileKey, content) {
      files.set(`${messageId}/${fileKey}`, Buffer.from(content));
    },
    endpointRequests: () => wsEndpointRequests,
    rateLimit(pathSuffix, resetSeconds, times = 1) {
      limits.set(pathSuffix, { reset: resetSeconds, times });
    },
    fail(pathSuffix, status, times) {
      failures.set(pathSuffix, { status, times, failed: 0 });
    },
    failed: (pathSuffix) => failures.get(pathSuffix)?.failed ?? 0,
    hold(pathPrefix) {
      const { held, reached, release } = holdCall();
      holds.set(pathPrefix, held);
      return { reached, release };
    },
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const TEST_ENCRYPT_KEY = "starling-test-encrypt-key";
export const TEST_VERIFICATION_TOKEN = "starling-test-verification-token";

/** POSTs a callback to Starling as Lark sends it: encrypted and signed (or deliberately wrong, for failure cases). */
export async function sendLarkCallback(
  appUrl: string,
  payload: Json,
  options: { encryptKey?: string | null; timestamp?: number; nonce?: string; signature?: string | null } = {},
): Promise<{ status: number; body: Json; ms: number }> {
  const key = options.encryptKey === undefined ? TEST_ENCRYPT_KEY : options.encryptKey;
  // Compact JSON, as Lark sends it.
  const raw = key ? JSON.stringify({ encrypt: larkEncrypt(key, JSON.stringify(payload)) }) : JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString("hex");
  const signature =
    options.signature === undefined ? (key ? larkSignature(timestamp, nonce, key, raw) : null) : options.signature;
  const started = performance.now();
  const response = await fetch(`${appUrl}/lark/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      ...(signature ? { "x-lark-signature": signature } : {}),
    },
    body: raw,
  });
  const text = await response.text();
  let body: Json = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, ms: performance.now() - started };
}

export const TENANT_KEY = "tenant_starling_test";

/** The v2 envelope header every callback carries. */
function header(
  eventType: string,
  eventId: string | undefined,
  createTime: string = String(Date.now()),
  tenantKey: string = TENANT_KEY,
): Json {
  return {
    event_id: eventId ?? `ev_${randomBytes(8).toString("hex")}`,
    token: TEST_VERIFICATION_TOKEN,
    create_time: createTime,
    event_type: eventType,
    tenant_key: tenantKey,
    app_id: "cli_a1b2c3d4e5f60718",
  };
}

/** An im.message.receive_v1 v2 envelope, shaped like the captured ones in ../shared/fixtures/lark. */
export function messageEvent(input: {
  openId: string;
  text: string;
  chatType?: "p2p" | "group";
  chatId?: string;
  messageId?: string;
  eventId?: string;
  createTime?: number;
  mentions?: { key: string; openId: string; name: string }[];
  messageType?: "text" | "post" | "file";
  /** For a file message: the file's key and name. */
  file?: { key: string; name: string };
  /** Another Lark organisation than the one Starling serves. */
  tenantKey?: string;
}): Json {
  const tenant = input.tenantKey ?? TENANT_KEY;
  const createTime = String(input.createTime ?? Date.now());
  const content =
    input.messageType === "file"
      ? { file_key: input.file?.key ?? "", file_name: input.file?.name ?? "" }
      : input.messageType === "post"
        ? { title: "", content: [[{ tag: "text", text: input.text }]] }
        : { text: input.text };
  return {
    schema: "2.0",
    header: header("im.message.receive_v1", input.eventId, createTime, tenant),
    event: {
      sender: {
        sender_id: { union_id: `on_${input.openId}`, user_id: input.openId.replace("ou_", ""), open_id: input.openId },
        sender_type: "user",
        tenant_key: tenant,
      },
      message: {
        message_id: input.messageId ?? `om_${randomBytes(8).toString("hex")}`,
        create_time: createTime,
        update_time: createTime,
        chat_id: input.chatId ?? `oc_dm_${input.openId}`,
        chat_type: input.chatType ?? "p2p",
        message_type: input.messageType ?? "text",
        content: JSON.stringify(content),
        mentions: (input.mentions ?? []).map((m) => ({
          key: m.key,
          id: { union_id: `on_${m.openId}`, user_id: m.openId, open_id: m.openId },
          name: m.name,
          tenant_key: tenant,
        })),
      },
    },
  };
}

/** A card.action.trigger v2 callback. */
export function cardAction(input: {
  openId: string;
  value: Json;
  formValue?: Record<string, string>;
  name?: string;
  messageId?: string;
  chatId?: string;
  eventId?: string;
  tenantKey?: string;
}): Json {
  return {
    schema: "2.0",
    header: header("card.action.trigger", input.eventId, undefined, input.tenantKey),
    event: {
      operator: {
        tenant_key: input.tenantKey ?? TENANT_KEY,
        user_id: input.openId.replace("ou_", ""),
        open_id: input.openId,
        union_id: `on_${input.openId}`,
      },
      token: `c-${randomBytes(6).toString("hex")}`,
      action: {
        tag: "button",
        value: input.value,
        ...(input.formValue ? { form_value: input.formValue, name: input.name ?? "submit" } : {}),
      },
      host: "im_message",
      context: { open_message_id: input.messageId ?? "om_card_1", open_chat_id: input.chatId ?? "oc_chat_1" },
    },
  };
}

/** An application.bot.menu_v6 event: a click on the bot's menu. */
export function menuEvent(input: { openId: string; eventKey: string; eventId?: string; tenantKey?: string }): Json {
  return {
    schema: "2.0",
    header: header("application.bot.menu_v6", input.eventId, undefined, input.tenantKey),
    event: {
      operator: {
        operator_name: "someone",
        operator_id: { union_id: `on_${input.openId}`, user_id: "", open_id: input.openId },
      },
      event_key: input.eventKey,
      timestamp: Math.floor(Date.now() / 1000),
    },
  };
}

/** The environment of a Starling whose Lark app talks to this fake (at `domain`), over HTTP with an Encrypt Key. */
export const larkTestEnv = (domain: string) => ({
  LARK_APP_ID: "cli_a1b2c3d4e5f60718",
  LARK_APP_SECRET: "lark-test-secret",
  LARK_VERIFICATION_TOKEN: TEST_VERIFICATION_TOKEN,
  LARK_ENCRYPT_KEY: TEST_ENCRYPT_KEY,
  LARK_DOMAIN: domain,
  LARK_TENANT_KEYS: TENANT_KEY,
});
