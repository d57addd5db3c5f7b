// The fault suite's promise about hostile files, on both databases: every hostile shape of issue 14 sent to the bot
// (a cell reference past XFD, gaps no export has, an unclosed XML tag, a sheet past the row cap, a huge cell, a zip
// bomb, a truncated or damaged zip, bytes that are no spreadsheet at all, an unclosed quoted CSV cell, a huge CSV
// line, too many columns, too many rows, and an upload bigger than the limit, refused before it is downloaded when
// Slack says its size) is refused with a message that names the limit, in the member's language, in the thread's
// progress message; nothing is written, not even the import's claim; and the server keeps answering other
// members while a big file is read.
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES } from "../../src/imports/limits.js";
import type { Starling } from "../../src/main.js";
import { command, startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { type HostileKind, hostileFormat, writeHostileFile } from "../support/export-files.js";
import { type FakeLark, larkTestEnv, messageEvent, sendLarkCallback, startFakeLark } from "../support/fake-lark.js";
import { type FakeSlack, sendToSlackEndpoint, startFakeSlack, TEST_SIGNING_SECRET } from "../support/fake-slack.js";

/** Each hostile shape, and words of the refusal the member must read (English). */
const REFUSALS: Record<HostileKind, RegExp> = {
  "far-reference": /Row 3 goes past column XFD \(16,384\).*\(ZZZZZZ3\).*Nothing was imported/,
  "sparse-cells": /places a few cells far apart \(XFC\d+, with the columns before it empty\).*Nothing was imported/,
  "unclosed-tag": /an XML tag longer than 65,536 characters.*Nothing was imported/,
  "xlsx-too-many-rows": /more than 2,000,000 rows.*Nothing was imported/,
  "xlsx-huge-cell": /A cell on line 3 is longer than 32,767 characters.*Nothing was imported/,
  "zip-bomb": /unpacks to [\d,]+ times its size.*looks like a zip bomb.*Nothing was imported/,
  "truncated-zip": /not a readable XLSX file/,
  "corrupt-zip": /is damaged/,
  "not-a-zip": /not a CSV or XLSX file: it holds binary data/,
  "unclosed-quote": /A quoted cell starting on line 3 runs past 32,767 characters.*closing quote.*Nothing was imported/,
  "huge-cell": /A cell on line 3 is longer than 32,767 characters.*Nothing was imported/,
  "huge-line": /The row starting on line 3 is longer than 1,048,576 characters.*Nothing was imported/,
  "too-many-columns": /Row 3 goes past column XFD \(16,384\).*Nothing was imported/,
  "too-many-rows": /more than 2,000,000 rows.*Nothing was imported/,
};

let dir: string;
/** A big file that is read to its end and refused there: 40,000 order lines, then 16,400 columns. */
let bigFile: string;
const files = new Map<HostileKind, Buffer>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "starling-hostile-"));
  for (const kind of Object.keys(REFUSALS) as HostileKind[]) {
    const path = join(dir, `${kind}.${hostileFormat(kind)}`);
    await writeHostileFile(path, kind);
    files.set(kind, await readFile(path));
  }
  bigFile = join(dir, "big.csv");
  await writeHostileFile(bigFile, "too-many-columns", 40_000);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Slack's file_shared event for a file a user shared in a channel. */
function fileShared(e: { eventId: string; fileId: string; userId: string; channel: string }): string {
  return JSON.stringify({
    token: "x",
    team_id: "T0STARLING",
    api_app_id: "A0STARLING",
    type: "event_callback",
    event_id: e.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "file_shared", file_id: e.fileId, user_id: e.userId, channel_id: e.channel, event_ts: "1.2" },
  });
}

describe.each(DATABASE_KINDS)("hostile files on %s", (kind) => {
  let app: Starling;
  let slack: FakeSlack;
  let lark: FakeLark;
  let events = 0;
  /** Everything an import writes: its claim, order lines, records and facts, and its staged rows (none left). */
  const written = async () => {
    const p = app.db.prisma;
    const [staged] = await app.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "ImportStage"');
    return {
      staged: staged?.n,
      batches: await p.importBatch.count(),
      lines: await p.orderLine.count(),
      records: await p.importedRecord.count(),
      facts: await p.fact.count({ where: { source: "import" } }),
    };
  };
  /** Shares a file in Slack as a member and returns the text its progress message ends with. */
  const shareInSlack = async (name: string, content: Buffer, userId = "UOLIVER") => {
    const fileId = slack.hostFile({ name, content, channel: "C0UK", shareTs: `1700000${++events}.000100` });
    const event = fileShared({ eventId: `Ev0HOSTILE${kind}${events}`, fileId, userId, channel: "C0UK" });
    expect((await sendToSlackEndpoint(app.url, event, { contentType: "application/json" })).status).toBe(200);
    const update = await slack.waitFor(
      () => slack.callsTo("chat.update").find((c) => c.args.channel === "C0UK" && String(c.args.text).includes("⚠️")),
      `the answer to ${name}`,
      60_000,
    );
    slack.calls.length = 0;
    return String(update.args.text);
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    lark = await startFakeLark();
    slack.users.set("UOLIVER", { id: "UOLIVER", name: "oliver", email: "oliver@demo.starling.dev" });
    slack.users.set("UMEI", { id: "UMEI", name: "mei", email: "mei@demo.starling.dev" });
    lark.users.set("ou_oliver", { openId: "ou_oliver", name: "oliver", email: "oliver@demo.starling.dev" });
    app = await startTestApp(kind, {
      env: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ...larkTestEnv(lark.domain),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await lark?.close();
  });

  it.each(Object.keys(REFUSALS) as HostileKind[])(
    "refuses %s with the limit's message and writes nothing",
    async (hostile) => {
      const before = await written();
      const text = await shareInSlack(
        `GizmoHub Deals ${hostile}.${hostileFormat(hostile)}`,
        files.get(hostile) as Buffer,
      );
      expect(text).toMatch(REFUSALS[hostile]);
      expect(await written()).toEqual(before);
    },
    60_000,
  );

  it("refuses in Chinese for a member who reads Chinese", async () => {
    const text = await shareInSlack("GizmoHub Deals far.xlsx", files.get("far-reference") as Buffer, "UMEI");
    expect(text).toContain("超出了第 XFD (16,384) 列");
    expect(text).toContain("没有导入任何内容");
  });

  it("refuses an upload Slack reports as too big before downloading it", async () => {
    const before = await written();
    const downloads: string[] = [];
    const realFetch = globalThis.fetch;
    // The download is the adapter's fetch of url_private_download: watch for it (and let everything through).
    globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/files-pri/")) downloads.push(url);
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      const text = await shareInSlack("GizmoHub Deals year.csv", Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x31));
      expect(text).toMatch(/This file is 200 MB; files sent to the bot can be at most 200 MB.*npm run import/);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(downloads).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it("stops a Lark download (no size given) at the limit and refuses it", async () => {
    const before = await written();
    lark.hostFile("om_big_1", "file_v2_big", Buffer.alloc(MAX_UPLOAD_BYTES + 64 * 1024, 0x31));
    const event = messageEvent({
      openId: "ou_oliver",
      text: "",
      messageId: "om_big_1",
      messageType: "file",
      file: { key: "file_v2_big", name: "GizmoHub Deals year.csv" },
    });
    expect((await sendLarkCallback(app.url, event)).status).toBe(200);
    const patched = await lark.waitFor(
      () => lark.sent().find((s) => s.kind === "patch" && JSON.stringify(s.card).includes("files sent to the bot")),
      "the refusal card",
      60_000,
    );
    expect(JSON.stringify(patched.card)).toContain("at most 200 MB");
    expect(await written()).toEqual(before);
  });

  it("answers another member's command while a big file is being read, then refuses the file", async () => {
    const before = await written();
    const order: string[] = [];
    let reading!: () => void;
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const workspaceId = (await app.db.prisma.shop.findFirstOrThrow({ where: { name: "GizmoHub Deals" } })).workspaceId;
    const importing = app.services.imports
      .importFile({
        workspaceId,
        path: bigFile,
        fileName: "GizmoHub Deals big.csv",
        // Day first, as the file's dates are: rows flow at once (no read ahead to settle the order).
        parseOptions: { dateOrder: "DMY" },
        onProgress: (p) => {
          order.push(`import ${p.phase}`);
          reading();
        },
      })
      .then(
        () => order.push("import done"),
        (error: { key?: string }) => order.push(`import refused: ${error.key}`),
      );
    // The worker has read the first 5,000 rows and is reading on.
    await started;
    const reply = await command(app, "sari", "/kpi");
    order.push("command answered");
    expect(reply.messages.map((m) => m.text).join("\n")).not.toMatch(/internal error|try again/i);
    await importing;
    expect(order.filter((e) => e !== "import reading")).toEqual([
      "command answered",
      "import refused: import.limit.columns",
    ]);
    expect(await written()).toEqual(before);
  }, 120_000);
});
