// The promise about the playground, which acts as any member without a password: beside Slack or Lark (or bound
// beyond this machine without PLAYGROUND=on) none of its routes exists; when it is on, only its own page on this
// machine can use it (the Host, the Origin and the Content-Type are checked, and a refused request changes nothing);
// and its "run now" goes through the scheduler's claims, so a job sends one set of posts a day. On both databases.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/chat/message.js";
import type { ChatPlatform } from "../../src/chat/platform.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { hostAllowed, sameOrigin } from "../../src/playground/guard.js";
import { FIXED_NOW, startTestApp, type TestClock, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { larkTestEnv, startFakeLark } from "../support/fake-lark.js";
import { startFakeSlack, TEST_SIGNING_SECRET } from "../support/fake-slack.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on them.
type Json = any;

/** A request with headers fetch() will not let a page set (Host), as a rebinding page or a script sends them. */
function send(
  url: string,
  input: { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: Json; headers: Record<string, string | string[] | undefined> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: input.method, path: input.path, headers: input.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: Json = text;
          try {
            body = JSON.parse(text);
          } catch {
            // The page is HTML: keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
    req.end(input.body);
  });
}

const PLAYGROUND_ROUTES: { method: "GET" | "POST"; path: string; body?: Json }[] = [
  { method: "GET", path: "/playground" },
  { method: "GET", path: "/api/playground/members" },
  { method: "GET", path: "/api/playground/feed" },
  { method: "POST", path: "/api/playground/command", body: { as: "ava", text: "/ingest token create stolen" } },
  { method: "POST", path: "/api/playground/action", body: { as: "ava", actionId: "log.undo", value: "x" } },
  { method: "POST", path: "/api/playground/form", body: { as: "ava", formId: "standup.answer", values: {} } },
  { method: "POST", path: "/api/playground/run", body: { job: "standup" } },
];

describe.each(DATABASE_KINDS)("the playground switched off, on %s", (kind) => {
  const configurations: {
    name: string;
    env: () => Promise<{ env: Record<string, string>; close(): Promise<void> }>;
  }[] = [
    {
      name: "Slack configured",
      async env() {
        const fake = await startFakeSlack();
        return {
          env: {
            SLACK_BOT_TOKEN: "xoxb-test-token",
            SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
            SLACK_API_URL: fake.apiUrl,
          },
          close: fake.close,
        };
      },
    },
    {
      name: "Lark configured",
      async env() {
        const fake = await startFakeLark();
        return {
          env: {
            ...larkTestEnv(fake.domain),
          },
          close: fake.close,
        };
      },
    },
    {
      // PLAYGROUND=auto serves it only on a loopback HOST: reaching it from elsewhere takes PLAYGROUND=on.
      name: "HOST=0.0.0.0 without PLAYGROUND=on",
      async env() {
        return { env: { HOST: "0.0.0.0" }, close: async () => undefined };
      },
    },
  ];

  describe.each(configurations)("with $name", ({ env }) => {
    let app: Starling;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const configured = await env();
      close = configured.close;
      app = await startTestApp(kind, { demo: false, env: configured.env });
    });
    afterAll(async () => {
      await app?.stop();
      await close?.();
    });

    it.each(PLAYGROUND_ROUTES)("answers 404 to $method $path", async (route) => {
      const answer = await send(app.url, {
        method: route.method,
        path: route.path,
        headers: { host: new URL(app.url).host, "content-type": "application/json" },
        body: route.body ? JSON.stringify(route.body) : undefined,
      });
      expect(answer.status).toBe(404);
    });

    it("keeps no playground feed: scheduled posts go only to the chat platforms configured", () => {
      expect(app.playground).toBe(false);
      expect(app.platforms.map((p) => p.name)).not.toContain("playground");
    });
  });
});

describe.each(DATABASE_KINDS)("the playground on (no chat platform, loopback), on %s", (kind) => {
  let app: Starling;
  let clock: TestClock;
  const prisma = () => app.db.prisma;
  const host = () => new URL(app.url).host;
  /** Everything a refused request could have changed. */
  const snapshot = () =>
    Promise.all([
      prisma().contentLog.count(),
      prisma().contentLog.count({ where: { undoneAt: { not: null } } }),
      prisma().ingestToken.count(),
      prisma().standupAnswer.count(),
      prisma().jobRun.count(),
      prisma().auditLog.count(),
      prisma().target.count(),
    ]);
  /** What the page itself sends: same-origin JSON, as a browser sends it. */
  const fromPage = (extra: Record<string, string> = {}) => ({
    host: host(),
    origin: app.url,
    "content-type": "application/json",
    "sec-fetch-site": "same-origin",
    ...extra,
  });
  const post = (path: string, body: Json, headers: Record<string, string>) =>
    send(app.url, { method: "POST", path, headers, body: JSON.stringify(body) });

  /** Standup DMs as the members would see them, counted by a chat platform of the test's own beside the playground. */
  const standupDms: string[] = [];
  const recorder: ChatPlatform = {
    name: "playground",
    async sendDirect(member: MemberProfile, message: OutgoingMessage) {
      if (message.form?.formId === "standup.answer") standupDms.push(member.handle);
      return null;
    },
    async sendToChannel(channelId: string) {
      return { platform: "playground", channelId, messageId: "recorded" };
    },
    async update() {},
  };

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp(kind, { clock });
    app.platforms.push(recorder);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("serves its own page's requests: same-origin JSON on a loopback Host", async () => {
    const page = await send(app.url, { method: "GET", path: "/playground", headers: { host: host() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Starling playground");
    // The page may not be framed by another site (clickjacking).
    expect(page.headers["x-frame-options"]).toBe("DENY");
    const members = await send(app.url, { method: "GET", path: "/api/playground/members", headers: { host: host() } });
    expect(members.status).toBe(200);
    const reply = await post("/api/playground/command", { as: "sari", text: "/kpi" }, fromPage());
    expect(reply.status).toBe(200);
    expect(reply.body.messages[0].text).toContain("@sari");
    // Any loopback name works, with any port, and a charset on the JSON type.
    for (const name of ["localhost:3000", "127.0.0.2", "[::1]:8080"]) {
      const other = await post(
        "/api/playground/command",
        { as: "sari", text: "help" },
        fromPage({ host: name, origin: `http://${name}`, "content-type": "application/json; charset=utf-8" }),
      );
      expect(other.status).toBe(200);
    }
  });

  it("refuses a body that is not declared JSON with 415, and changes nothing", async () => {
    const before = await snapshot();
    const log = JSON.stringify({ as: "sari", text: "/log video 3" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null]) {
      const headers: Record<string, string> = { host: host() };
      if (type) headers["content-type"] = type;
      const answer = await send(app.url, { method: "POST", path: "/api/playground/command", headers, body: log });
      expect(answer.status).toBe(415);
      expect(answer.body.error).toContain("Content-Type: application/json");
    }
    const token = JSON.stringify({ as: "ava", text: "/ingest token create stolen" });
    const form = JSON.stringify({ as: "sari", formId: "standup.answer", values: { q1: "x" } });
    for (const [path, body] of [
      ["/api/playground/command", token],
      ["/api/playground/form", form],
      ["/api/playground/action", JSON.stringify({ as: "sari", actionId: "log.undo", value: "x" })],
      ["/api/playground/run", JSON.stringify({ job: "standup" })],
    ] as const) {
      const answer = await send(app.url, {
        method: "POST",
        path,
        headers: { host: host(), "content-type": "text/plain" },
        body,
      });
      expect(answer.status).toBe(415);
    }
    expect(await snapshot()).toEqual(before);
    expect(standupDms).toEqual([]);
  });

  it("refuses a request from another site's page (a foreign Origin) with 403, and changes nothing", async () => {
    const before = await snapshot();
    for (const origin of ["https://evil.example", `http://${host()}.evil.example`, "null", "http://localhost:1"]) {
      for (const route of PLAYGROUND_ROUTES.filter((r) => r.method === "POST")) {
        const answer = await post(route.path, route.body, fromPage({ origin, "sec-fetch-site": "cross-site" }));
        expect(answer.status).toBe(403);
        expect(answer.body.error).toContain("only from its own page");
      }
      const feed = await send(app.url, {
        method: "GET",
        path: "/api/playground/feed",
        headers: { host: host(), origin },
      });
      expect(feed.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
    expect(standupDms).toEqual([]);
  });

  it("refuses a rebinding Host (a foreign name that resolves here) with 403 on every route, and changes nothing", async () => {
    const before = await snapshot();
    for (const rebound of [
      "evil.example",
      `evil.example:${new URL(app.url).port}`,
      "127.0.0.1.evil.example",
      "x@localhost",
    ]) {
      for (const route of PLAYGROUND_ROUTES) {
        // The attacker's page is same-origin with its own name: Origin and Host agree, and only the Host is wrong.
        const answer = await send(app.url, {
          method: route.method,
          path: route.path,
          headers: { ...fromPage({ host: rebound, origin: `http://${rebound}` }) },
          body: route.body ? JSON.stringify(route.body) : undefined,
        });
        expect(answer.status).toBe(403);
        expect(answer.body.error).toContain("answers only to this machine");
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(standupDms).toEqual([]);
  });

  it("sends one set of standup DMs a day whether the scheduler or the playground runs the job first", async () => {
    const members = await prisma().member.findMany({ where: { active: true, teamId: { not: null }, dmOptOut: false } });
    expect(members.length).toBeGreaterThan(3);
    const everyone = members.map((m) => m.handle).sort();
    const run = () => post("/api/playground/run", { job: "standup" }, fromPage());

    // Monday 10:00 in Jakarta and Bangkok: their standups (09:30) are due and the scheduler sends them.
    clock.now = FIXED_NOW;
    const report = await app.scheduler.tick();
    expect(report.ran.filter((id) => id.startsWith("standup:"))).toHaveLength(2);
    const bySchedule = standupDms.length;
    expect(bySchedule).toBeGreaterThan(0);

    // The playground's run now sends only London's, which is not due yet; the others already ran today.
    const first = await run();
    expect(first.status).toBe(200);
    const outcomes = Object.fromEntries(first.body.runs.map((r: Json) => [r.target, r.outcome]));
    expect(outcomes).toEqual({ "ID-beauty": "already_ran", "TH-home": "already_ran", "UK-gadgets": "ran" });
    expect(first.body.summary).toContain("ID-beauty: already ran today (2026-11-23)");

    // Clicked twice at once, and then London's time comes: nothing more is sent.
    const again = await Promise.all([run(), run()]);
    for (const answer of again) {
      expect(answer.status).toBe(200);
      expect(answer.body.runs.every((r: Json) => r.outcome === "already_ran")).toBe(true);
      expect(answer.body.posts).toEqual([]);
    }
    clock.now = FIXED_NOW.plus({ hours: 6, minutes: 35 }); // 09:35 in London
    await app.scheduler.tick();
    expect([...standupDms].sort()).toEqual(everyone);
  });

  it("runs first from the playground on a new day, and the scheduler then sends nothing twice", async () => {
    standupDms.length = 0;
    // Tuesday, 08:00 in Jakarta: nobody's standup is due yet; two clicks at once run each team once.
    clock.now = FIXED_NOW.plus({ days: 1, hours: -2 });
    const both = await Promise.all([
      post("/api/playground/run", { job: "standup" }, fromPage()),
      post("/api/playground/run", { job: "standup" }, fromPage()),
    ]);
    const outcomes = both.flatMap((answer) => answer.body.runs.map((r: Json) => `${r.target}:${r.outcome}`)).sort();
    expect(outcomes.filter((o) => o.endsWith(":ran"))).toEqual(["ID-beauty:ran", "TH-home:ran", "UK-gadgets:ran"]);
    // Each team's standup time comes that day: the claims hold, nobody gets a second DM.
    for (const hours of [2, 3, 9]) {
      clock.now = FIXED_NOW.plus({ days: 1, hours });
      await app.scheduler.tick();
    }
    const members = await prisma().member.findMany({ where: { active: true, teamId: { not: null }, dmOptOut: false } });
    expect([...standupDms].sort()).toEqual(members.map((m) => m.handle).sort());
    const runs = await prisma().jobRun.findMany({ where: { jobName: "standup", localDate: new Date("2026-11-24") } });
    expect(runs.map((r) => r.status)).toEqual(["done", "done", "done"]);
  });

  it("still runs, once, a day's standup the scheduler skipped (its time passed while Starling was down)", async () => {
    standupDms.length = 0;
    // Wednesday 16:00 in Jakarta and Bangkok: 09:30 is beyond the 3-hour grace, so the tick records a skip.
    clock.now = FIXED_NOW.plus({ days: 2, hours: 6 });
    const report = await app.scheduler.tick();
    expect(report.skipped.filter((id) => id.startsWith("standup:"))).toHaveLength(2);
    expect(standupDms).toEqual([]);
    const first = await post("/api/playground/run", { job: "standup" }, fromPage());
    expect(first.body.runs.map((r: Json) => r.outcome)).toEqual(["ran", "ran", "ran"]);
    const second = await post("/api/playground/run", { job: "standup" }, fromPage());
    expect(second.body.runs.map((r: Json) => r.outcome)).toEqual(["already_ran", "already_ran", "already_ran"]);
    await app.scheduler.tick();
    const members = await prisma().member.findMany({ where: { active: true, teamId: { not: null }, dmOptOut: false } });
    expect([...standupDms].sort()).toEqual(members.map((m) => m.handle).sort());
  });
});

describe("which Host and Origin the playground trusts", () => {
  it("trusts loopback names on any port, and the bound address only when it is one address", () => {
    for (const host of ["localhost", "localhost:3000", "LOCALHOST:3000", "127.0.0.1:3000", "127.1.2.3", "[::1]:3000"]) {
      expect(hostAllowed(host, "127.0.0.1")).toBe(true);
    }
    expect(hostAllowed("192.168.1.5:3000", "192.168.1.5")).toBe(true);
    expect(hostAllowed("[fd00::1]:3000", "fd00::1")).toBe(true);
    for (const [host, bound] of [
      ["192.168.1.5:3000", "127.0.0.1"],
      ["192.168.1.6:3000", "192.168.1.5"],
      // Listening everywhere names no host: only loopback names pass.
      ["0.0.0.0:3000", "0.0.0.0"],
      ["192.168.1.5:3000", "0.0.0.0"],
      ["[::]:3000", "::"],
      ["localhost.evil.example", "127.0.0.1"],
      ["127.0.0.1.nip.io", "127.0.0.1"],
      ["x@localhost", "127.0.0.1"],
      ["localhost/path", "127.0.0.1"],
      ["", "127.0.0.1"],
    ] as const) {
      expect(hostAllowed(host, bound)).toBe(false);
    }
    expect(hostAllowed(undefined, "127.0.0.1")).toBe(false);
  });

  it("takes an Origin as its own only when scheme-default ports and the Host agree", () => {
    expect(sameOrigin("http://localhost:3000", "localhost:3000")).toBe(true);
    expect(sameOrigin("http://localhost", "localhost:80")).toBe(true);
    expect(sameOrigin("https://localhost", "localhost:443")).toBe(true);
    expect(sameOrigin("http://localhost:3001", "localhost:3000")).toBe(false);
    expect(sameOrigin("http://127.0.0.1:3000", "localhost:3000")).toBe(false);
    expect(sameOrigin("null", "localhost:3000")).toBe(false);
    expect(sameOrigin("file://", "localhost:3000")).toBe(false);
  });
});
