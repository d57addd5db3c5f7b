// A local Slack Web API for end-to-end tests: Starling's WebClient points at it (SLACK_API_URL), response_urls
// point at it, and it records every call so a test can assert what a Slack user would have seen. It can also be
// told to answer 429 with Retry-After, to check that a rate-limited message is sent later rather than lost, to fail
// a method with a 5xx a few times (a send retried), to refuse the bot token (revoked), and to listen on a port chosen
// beforehand (Slack unreachable at start, then back).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { slackSignature } from "../../src/chat/slack-signature.js";
import { type HeldCall, holdCall, waitFor } from "./wait.js";

// biome-ignore lint/suspicious/noExplicitAny: recorded Slack API arguments are arbitrary JSON, asserted in tests.
export type Json = any;

export interface SlackCall {
  method: string;
  args: Json;
  token: string | null;
}

export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  email?: string;
  locale?: string;
  tz?: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Slack's Web API takes form-encoded or JSON bodies; nested values arrive JSON-encoded in form fields. */
function parseArgs(body: string, contentType: string | undefined): Json {
  if (!body) return {};
  if (contentType?.includes("application/json")) return JSON.parse(body);
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    try {
      args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

export interface FakeSlack {
  apiUrl: string;
  baseUrl: string;
  calls: SlackCall[];
  /** Bodies posted to response URLs, by URL id. */
  responses: { id: string; body: Json }[];
  uploads: { fileId: string; bytes: number }[];
  users: Map<string, SlackUser>;
  /**
   * A file someone shared, as files.info describes it; its bytes are served at url_private_download, only to a
   * request with the bot token. Returns the file id for a file_shared event.
   */
  hostFile(file: { name: string; content: Uint8Array | string; channel: string; shareTs: string }): string;
  /** A fresh response_url that records into `responses`. */
  responseUrl(): string;
  callsTo(method: string): SlackCall[];
  /** Socket Mode: the connections Starling opened, and a way to push an envelope and wait for its ack. */
  socketConnections(): number;
  sendEnvelope(envelope: { type: string; payload: Json; retry_attempt?: number }): Promise<Json>;
  /** The next `times` calls to `method` (or to response URLs with "response_url") get 429 with Retry-After. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  /** The next `times` calls to `method` (or "response_url") get HTTP `status` (a 5xx: Slack having a bad moment). */
  fail(method: string, status: number, times: number): void;
  /** auth.test (and every call) says the token was revoked, until `restore()`. */
  revokeToken(): void;
  restore(): void;
  /** How many calls to `method` were answered with an error `fail` asked for. */
  failed(method: string): number;
  /**
   * The next call to `method` waits for `release()` before it is answered: a test can act (stop the database)
   * while Starling is in the middle of handling something. `reached` resolves when the call has arrived.
   */
  hold(method: string): { reached: Promise<void>; release(): void };
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeSlack(options: { port?: number; teamId?: string } = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? "T0STARLING";
  const failures = new Map<string, { status: number; times: number }>();
  const failedCounts = new Map<string, number>();
  let revoked = false;
  const holds = new Map<string, HeldCall>();
  const failing = (key: string) => {
    const failure = failures.get(key);
    if (!failure || failure.times <= 0) return null;
    failure.times--;
    failedCounts.set(key, (failedCounts.get(key) ?? 0) + 1);
    return failure.status;
  };
  const calls: SlackCall[] = [];
  const responses: { id: string; body: Json }[] = [];
  const uploads: { fileId: string; bytes: number }[] = [];
  const users = new Map<string, SlackUser>();
  const hosted = new Map<string, { name: string; content: Buffer; channel: string; shareTs: string }>();
  const limits = new Map<string, { retryAfter: number; times: number }>();
  let ts = 1_700_000_000;
  let base = "";

  const limited = (key: string) => {
    const limit = limits.get(key);
    if (!limit || limit.times <= 0) return null;
    limit.times--;
    return limit.retryAfter;
  };

  function answer(method: string, args: Json): Json {
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${base.replace("http", "ws")}/socket` };
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: teamId, team: "Starling test", url: base };
      case "chat.postMessage": {
        const channel = String(args.channel ?? "");
        // Posting to a user id lands in the bot's DM with them.
        return { ok: true, channel: channel.startsWith("U") ? `D${channel.slice(1)}` : channel, ts: `${ts++}.000100` };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "views.open":
      case "views.publish":
        return { ok: true, view: { id: `V${ts++}`, ...(args.view ?? {}) } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users ?? "").replace(/^U/, "")}` } };
      case "users.info": {
        const user = users.get(String(args.user));
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            real_name: user.real_name ?? user.name,
            tz: user.tz ?? "Asia/Jakarta",
            locale: user.locale ?? "en-US",
            profile: { email: user.email, display_name: user.name },
          },
        };
      }
      case "files.info": {
        const file = hosted.get(String(args.file));
        if (!file) return { ok: false, error: "file_not_found" };
        return {
          ok: true,
          file: {
            id: args.file,
            name: file.name,
            size: file.content.byteLength,
            url_private_download: `${base}/files-pri/${String(args.file)}/download/${encodeURIComponent(file.name)}`,
            shares: { public: { [file.channel]: [{ ts: file.shareTs, reply_count: 0 }] } },
          },
        };
      }
      case "files.getUploadURLExternal": {
        const fileId = `F${ts++}`;
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: (args.files ?? []).map((f: Json) => ({ id: f.id, title: f.title })) };
      default:
        return { ok: true };
    }
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const send = (status: number, json: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    };
    if (url.pathname.startsWith("/api/")) {
      const method = url.pathname.slice("/api/".length);
      const retryAfter = limited(method);
      if (retryAfter !== null)
        return send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
      const held = holds.get(method);
      if (held) {
        holds.delete(method);
        held.arrive();
        await held.released;
      }
      const status = failing(method);
      if (status !== null) return send(status, { ok: false, error: "fatal_error" });
      if (revoked) return send(200, { ok: false, error: "token_revoked" });
      const auth = req.headers.authorization;
      const args = parseArgs(body, req.headers["content-type"]);
      calls.push({ method, args, token: auth?.replace(/^Bearer /, "") ?? args.token ?? null });
      return send(200, answer(method, args));
    }
    if (url.pathname.startsWith("/response/")) {
      const retryAfter = limited("response_url");
      if (retryAfter !== null) return send(429, { ok: false }, { "retry-after": String(retryAfter) });
      const status = failing("response_url");
      if (status !== null) return send(status, { ok: false });
      responses.push({ id: url.pathname.slice("/response/".length), body: JSON.parse(body || "{}") });
      return send(200, { ok: true });
    }
    if (url.pathname.startsWith("/files-pri/")) {
      // Slack serves private files only with the bot token in the Authorization header.
      const file = hosted.get(url.pathname.split("/")[2] ?? "");
      if (!file || req.headers.authorization !== "Bearer xoxb-test-token") {
        res.writeHead(file ? 403 : 404);
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(file.content);
      return;
    }
    if (url.pathname.startsWith("/upload/")) {
      uploads.push({ fileId: url.pathname.slice("/upload/".length), bytes: Buffer.byteLength(body) });
      res.writeHead(200);
      res.end("OK - uploaded");
      return;
    }
    send(404, { ok: false, error: "unknown_path" });
  });
  // Socket Mode: Slack says hello on connect, then pushes envelopes that the app must ack with their id.
  const sockets = new WebSocketServer({ server, path: "/socket" });
  const open = new Set<WebSocket>();
  const acks = new Map<string, (ack: Json) => void>();
  sockets.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("message", (data) => {
      const ack = JSON.parse(String(data));
      acks.get(ack.envelope_id)?.(ack);
    });
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0STARLING" } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  return {
    apiUrl: `${base}/api/`,
    baseUrl: base,
    calls,
    responses,
    uploads,
    users,
    hostFile(file) {
      const id = `F${ts++}`;
      hosted.set(id, { ...file, content: Buffer.from(file.content) });
      return id;
    },
    responseUrl: () => `${base}/response/${randomBytes(6).toString("hex")}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    socketConnections: () => open.size,
    sendEnvelope(envelope) {
      const id = `env-${randomBytes(4).toString("hex")}`;
      const socket = [...open][0];
      if (!socket) return Promise.reject(new Error("no Socket Mode connection"));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${id}`)), 3000);
        acks.set(id, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        socket.send(
          JSON.stringify({ envelope_id: id, accepts_response_payload: envelope.type !== "events_api", ...envelope }),
        );
      });
    },
    rateLimit(method, retryAfterSeconds, times = 1) {
      limits.set(method, { retryAfter: retryAfterSeconds, times });
    },
    fail(method, status, times) {
      failures.set(method, { status, times });
    },
    revokeToken() {
      revoked = true;
    },
    restore() {
      revoked = false;
    },
    failed: (method) => failedCounts.get(method) ?? 0,
    hold(method) {
      const { held, reached, release } = holdCall();
      holds.set(method, held);
      return { reached, release };
    },
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const TEST_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Sends a request to Starling signed as Slack signs it (or deliberately wrong, for the failure cases). */
export async function sendToSlackEndpoint(
  appUrl: string,
  body: string,
  options: {
    contentType?: string;
    secret?: string;
    timestamp?: number;
    signature?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; text: string; ms: number }> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature === undefined
      ? slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, body)
      : options.signature;
  const started = performance.now();
  const response = await fetch(`${appUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      ...(signature === null ? {} : { "x-slack-signature": signature }),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** A slash command body as Slack sends it (form-encoded), with Starling-local response URL. */
export function slashCommandBody(fields: {
  command: string;
  text: string;
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: "gIkuvaNzQIHg97ATvDxqgjtO",
    team_id: fields.teamId ?? "T0STARLING",
    team_domain: "starling-test",
    channel_id: fields.channelId ?? "C0GENERAL",
    channel_name: "general",
    user_id: fields.userId,
    user_name: fields.userName ?? fields.userId.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: "A0STARLING",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${Date.now()}.${randomBytes(4).toString("hex")}`,
  }).toString();
}

/** An interactive payload (block_actions, view_submission) as Slack sends it: form-encoded `payload=<json>`. */
export const interactiveBody = (payload: Json) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
