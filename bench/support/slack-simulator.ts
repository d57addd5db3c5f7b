// Plays Slack for bench/slack-latency.ts, in a worker thread: it sends the signed slash commands (the load) and
// serves the Slack Web API and the response_urls that the app under test calls back. Running it on its own thread
// keeps its clock and its sockets off the event loop of the app being measured, as real Slack would be; otherwise
// the app's post-ack work (database queries, rendering) would delay the sending and reading of requests, and the
// bench would time its own queue. The main thread talks to it with the messages below, one at a time.
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort } from "node:worker_threads";
import { z } from "zod";

export const loadPlanSchema = z.object({
  label: z.string(),
  url: z.string(),
  signingSecret: z.string(),
  rps: z.number().positive(),
  warmupSeconds: z.number().nonnegative(),
  seconds: z.number().positive(),
});
export type LoadPlan = z.infer<typeof loadPlanSchema>;

export const loadResultSchema = z.object({
  /** Commands sent in the measured window (after the warm-up). */
  sent: z.number(),
  /** Send → complete HTTP response, in ms, of the measured requests answered with 200. */
  latenciesMs: z.array(z.number()),
  /** Measured requests not answered with 200, by status code or error. */
  failures: z.record(z.string(), z.number()),
  /** How late the generator sent a request against its schedule, worst case (a sanity check on the load). */
  maxSendLagMs: z.number(),
});
export type LoadResult = z.infer<typeof loadResultSchema>;

export const replyTallySchema = z.object({
  /** Commands sent, warm-up included. */
  commands: z.number(),
  /** Commands with at least one POST to their response_url. */
  delivered: z.number(),
  /** Send → first POST to the response_url, in ms, per delivered command. */
  replyLatenciesMs: z.array(z.number()),
  /**
   * First reply → last reply, in ms: the span over which the replies were delivered. A server that keeps up
   * delivers them over the same span as the load was sent, so delivered ÷ span is the offered rate.
   */
  replySpanMs: z.number(),
  /** Replies that are an error or an "I don't know you" instead of an answer, with a few distinct examples. */
  errorReplies: z.number(),
  errorExamples: z.array(z.string()),
  /** Web API calls received during the whole run, by method. */
  apiCalls: z.record(z.string(), z.number()),
});
export type ReplyTally = z.infer<typeof replyTallySchema>;

export const toSimulatorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run"), plan: loadPlanSchema }),
  z.object({ type: z.literal("replies"), label: z.string(), waitMs: z.number() }),
]);
export type ToSimulator = z.infer<typeof toSimulatorSchema>;

export const fromSimulatorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), apiUrl: z.string() }),
  z.object({ type: z.literal("ran"), result: loadResultSchema }),
  z.object({ type: z.literal("replies"), tally: replyTallySchema }),
]);
export type FromSimulator = z.infer<typeof fromSimulatorSchema>;

/** Demo members the commands come from (demo emails are <handle>@demo.starling.dev). */
const USERS: Record<string, string> = {
  U_SARI: "sari",
  U_DEWI: "dewi",
  U_RIZKY: "rizky",
  U_BUDI: "budi",
  U_AVA: "ava",
};

/** The command mix, cycled: plain and weekly KPIs, boards (managers only), and logs (which write). */
const MIX: { userId: string; command: "/kpi" | "/log"; text: string }[] = [
  { userId: "U_SARI", command: "/kpi", text: "" },
  { userId: "U_DEWI", command: "/kpi", text: "week" },
  { userId: "U_BUDI", command: "/kpi", text: "board gmv month" },
  { userId: "U_RIZKY", command: "/log", text: "video 1" },
  { userId: "U_AVA", command: "/kpi", text: "board gmv month" },
  { userId: "U_SARI", command: "/log", text: "video 1" },
  { userId: "U_BUDI", command: "/kpi", text: "" },
  { userId: "U_DEWI", command: "/log", text: "video 1" },
  { userId: "U_RIZKY", command: "/kpi", text: "week" },
  { userId: "U_AVA", command: "/kpi", text: "" },
];

/** Far beyond Slack's 3 s, so that a slow ack is measured rather than cut off. */
const REQUEST_TIMEOUT_MS = 120_000;
const MAX_ERROR_EXAMPLES = 3;

/** What the simulator remembers about every command it sent, by response_url number. */
interface SentCommand {
  label: string;
  sentAt: number;
  firstReplyAt?: number;
}

const sentCommands = new Map<number, SentCommand>();
const apiCalls: Record<string, number> = {};
let errorReplies = 0;
const errorExamples = new Set<string>();
let nextCommand = 1;
let nextUpload = 1;

function json(res: http.ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readText(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** users.info: a demo member whose email links them to the demo data. */
function userInfo(body: string): unknown {
  const id = new URLSearchParams(body).get("user") ?? "";
  const handle = USERS[id];
  if (!handle) return { ok: false, error: "user_not_found" };
  const name = handle.charAt(0).toUpperCase() + handle.slice(1);
  return {
    ok: true,
    user: {
      id,
      name: handle,
      real_name: name,
      tz: "Asia/Jakarta",
      locale: "en-US",
      profile: { email: `${handle}@demo.starling.dev` },
    },
  };
}

function webApi(method: string, body: string, baseUrl: string): unknown {
  switch (method) {
    case "auth.test":
      return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "TBENCH", team: "bench" };
    case "users.info":
      return userInfo(body);
    case "conversations.open":
      return { ok: true, channel: { id: "D1" } };
    case "chat.postMessage":
      return { ok: true, channel: "C1", ts: "1.0" };
    case "files.getUploadURLExternal": {
      const n = nextUpload++;
      return { ok: true, upload_url: `${baseUrl}/upload/${n}`, file_id: `F${n}` };
    }
    default:
      return { ok: true };
  }
}

/** The reply's fallback text, which starts with the first block's text. */
function replyText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "text" in parsed) return String(parsed.text);
  } catch {
    // Not JSON: keep the raw body.
  }
  return body;
}

function recordReply(n: number, body: string): void {
  const sent = sentCommands.get(n);
  if (sent && sent.firstReplyAt === undefined) sent.firstReplyAt = performance.now();
  const text = replyText(body).trimStart();
  // Starling's error replies start with ⚠️, "who are you?" with 👋 (a ⚠️ further in is part of a report).
  if (!text.startsWith("⚠️") && !text.startsWith("👋")) return;
  errorReplies++;
  if (errorExamples.size < MAX_ERROR_EXAMPLES) errorExamples.add(text.replace(/\s+/g, " ").slice(0, 200));
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, baseUrl: string): Promise<void> {
  const body = await readText(req);
  const path = new URL(req.url ?? "/", baseUrl).pathname;
  const api = /^\/api\/(.+)$/.exec(path);
  if (req.method === "POST" && api?.[1]) {
    apiCalls[api[1]] = (apiCalls[api[1]] ?? 0) + 1;
    json(res, webApi(api[1], body, baseUrl));
    return;
  }
  const response = /^\/response\/(\d+)$/.exec(path);
  if (req.method === "POST" && response?.[1]) {
    recordReply(Number(response[1]), body);
    json(res, {});
    return;
  }
  if (req.method === "POST" && path.startsWith("/upload/")) {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("OK");
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ ok: false, error: "unknown_url" }));
}

async function startFakeSlack(): Promise<string> {
  let baseUrl = "";
  const server = http.createServer((req, res) => {
    handle(req, res, baseUrl).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.unref();
  return baseUrl;
}

/** A slash command as Slack sends it: form-encoded, signed over the raw body with the current unix time. */
function signedCommand(i: number, n: number, baseUrl: string, secret: string) {
  const pick = MIX[i % MIX.length] as (typeof MIX)[number];
  const body = new URLSearchParams({
    token: "bench-verification-token",
    team_id: "TBENCH",
    team_domain: "bench",
    channel_id: "C1",
    channel_name: "general",
    user_id: pick.userId,
    user_name: USERS[pick.userId] ?? "someone",
    command: pick.command,
    text: pick.text,
    response_url: `${baseUrl}/response/${n}`,
    trigger_id: `bench.${n}.${randomBytes(6).toString("hex")}`,
    api_app_id: "ABENCH",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { body, timestamp, signature };
}

type Outcome = { ok: true; ms: number } | { ok: false; reason: string };

function send(url: string, agent: http.Agent, command: ReturnType<typeof signedCommand>): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": Buffer.byteLength(command.body),
        "x-slack-request-timestamp": command.timestamp,
        "x-slack-signature": command.signature,
      },
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("timeout")));
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ ok: false, reason: error.code ?? error.message }));
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => {
        const ms = performance.now() - started;
        resolve(res.statusCode === 200 ? { ok: true, ms } : { ok: false, reason: `HTTP ${res.statusCode}` });
      });
    });
    req.end(command.body);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Open loop: request i leaves at start + i / rps whatever happened to the earlier ones. */
async function runLoad(plan: LoadPlan, baseUrl: string): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true });
  const interval = 1000 / plan.rps;
  const warmup = Math.round(plan.warmupSeconds * plan.rps);
  const total = warmup + Math.round(plan.seconds * plan.rps);
  const start = performance.now() + 20;
  const outcomes: Promise<Outcome>[] = [];
  let maxSendLagMs = 0;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const early = due - performance.now();
    if (early > 0) await sleep(early);
    if (i >= warmup) maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    const n = nextCommand++;
    const command = signedCommand(i, n, baseUrl, plan.signingSecret);
    sentCommands.set(n, { label: plan.label, sentAt: performance.now() });
    outcomes.push(send(plan.url, agent, command));
  }
  const measured = (await Promise.all(outcomes)).slice(warmup);
  agent.destroy();
  const failures: Record<string, number> = {};
  for (const o of measured) if (!o.ok) failures[o.reason] = (failures[o.reason] ?? 0) + 1;
  return {
    sent: measured.length,
    latenciesMs: measured.flatMap((o) => (o.ok ? [o.ms] : [])),
    failures,
    maxSendLagMs,
  };
}

function tally(label: string): ReplyTally {
  const mine = [...sentCommands.values()].filter((c) => c.label === label);
  const replied = mine.flatMap((c) => (c.firstReplyAt === undefined ? [] : [c.firstReplyAt - c.sentAt]));
  const replyTimes = mine.flatMap((c) => (c.firstReplyAt === undefined ? [] : [c.firstReplyAt]));
  return {
    commands: mine.length,
    delivered: replied.length,
    replyLatenciesMs: replied,
    replySpanMs: replyTimes.length > 1 ? Math.max(...replyTimes) - Math.min(...replyTimes) : 0,
    errorReplies,
    errorExamples: [...errorExamples],
    apiCalls: { ...apiCalls },
  };
}

/** Waits until every command of the run has a reply, or waitMs has passed. */
async function replies(label: string, waitMs: number): Promise<ReplyTally> {
  const until = performance.now() + waitMs;
  let current = tally(label);
  while (current.delivered < current.commands && performance.now() < until) {
    await sleep(100);
    current = tally(label);
  }
  return current;
}

async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  const baseUrl = await startFakeSlack();
  const reply = (message: FromSimulator) => port.postMessage(message);
  port.on("message", (raw: unknown) => {
    const message = toSimulatorSchema.parse(raw);
    const work =
      message.type === "run"
        ? runLoad(message.plan, baseUrl).then((result): FromSimulator => ({ type: "ran", result }))
        : replies(message.label, message.waitMs).then((t): FromSimulator => ({ type: "replies", tally: t }));
    // A failure is left unhandled on purpose: the worker dies and the main thread gets its "error" event.
    void work.then(reply);
  });
  reply({ type: "ready", apiUrl: `${baseUrl}/api/` });
}

if (parentPort) await serve(parentPort);
