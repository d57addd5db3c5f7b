// /export and `npm run export` end to end on PGlite and PostgreSQL, on the demo data: the CSV holds exactly the rows
// SQL finds for the scope and period, with exact decimals, a BOM, a header, CRLF and RFC 4180 quoting; members get
// their own rows only and every refusal says why; a chat file stops at the cap and says so; the CLI writes the same
// bytes as chat.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/chat/message.js";
import { runExportCli } from "../../src/exports/cli.js";
import { renderExport } from "../../src/exports/render.js";
import { createExportRepository } from "../../src/exports/repository.js";
import { createExportService } from "../../src/exports/service.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { command, FIXED_NOW, startTestApp, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

const FACT_HEADER =
  "fact_id,date,team,metric,unit,scope_type,scope,shop_external_id,content_type,traffic,product_id,value,team_currency,original_currency,original_amount,fx_rate_date,source,import_batch_id";

/** A strict RFC 4180 reader: quoted fields with "" escapes, commas and line breaks inside quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (ch === "\n") throw new Error(`bare LF at ${i}: rows must end with CRLF`);
    else field += ch;
  }
  if (field !== "" || row.length) throw new Error("the last row does not end with CRLF");
  return rows;
}

/** The CSV as records keyed by header, after checking the BOM. */
function readCsv(bytes: Uint8Array) {
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
  const [header = [], ...rows] = parseCsv(text);
  return {
    text,
    header,
    records: rows.map((r) => {
      expect(r).toHaveLength(header.length);
      return Object.fromEntries(header.map((h, i) => [h, r[i] as string]));
    }),
  };
}

/** Postgres prints numeric(24,6) with all six decimals; the export writes the same number without trailing zeros. */
const plainDecimal = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);

function collector() {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      parts.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, bytes: () => new Uint8Array(Buffer.concat(parts)) };
}

describe.each(DATABASE_KINDS)("/export on %s", (kind) => {
  let app: Starling;
  let workspaceId: string;
  const clock = testClock(FIXED_NOW);
  const member = async (handle: string) =>
    (await app.services.members.findByHandle(workspaceId, handle)) as MemberProfile;
  /** The command through the dispatcher, to read the file's bytes (the playground API reports only their size). */
  const exportAs = async (handle: string, text: string): Promise<OutgoingMessage> => {
    const [reply] = await app.dispatcher.dispatch({
      member: await member(handle),
      text,
      platform: "playground",
      conversation: "direct",
    });
    return reply as OutgoingMessage;
  };
  const fileOf = (reply: OutgoingMessage) => {
    const file = reply.files?.[0];
    if (!file) throw new Error(`no file in: ${reply.text}`);
    return file;
  };
  const sql = <Row extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    app.db.sql.query<Row>(text, params);
  const teamId = async (slug: string) =>
    (await sql<{ id: string }>(`SELECT id FROM "Team" WHERE slug = $1`, [slug]))[0]?.id as string;

  beforeAll(async () => {
    app = await startTestApp(kind, { clock });
    workspaceId = (await app.services.members.playgroundWorkspaceId()) as string;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("sends a lead every fact row of the team's month, exactly the rows SQL finds, with exact decimals", async () => {
    const api = await command(app, "budi", "/export facts 2026-10 team ID-beauty");
    const [shown] = api.messages as unknown as {
      text: string;
      files: { name: string; mimeType: string; bytes: number }[];
    }[];
    const id = await teamId("ID-beauty");
    const expected = await sql<{ id: string }>(
      `SELECT f.id::text AS id FROM "Fact" f WHERE f."teamId" = $1 AND f.date BETWEEN '2026-10-01' AND '2026-10-31'
       ORDER BY f.id`,
      [id],
    );
    expect(expected.length).toBeGreaterThan(1000);
    expect(shown?.files).toEqual([
      { name: "starling-facts-ID-beauty-2026-10.csv", mimeType: "text/csv", bytes: expect.any(Number) },
    ]);
    expect(shown?.text).toContain(
      `Facts: ${expected.length.toLocaleString("en-US")} rows · October 2026 · team ID-beauty`,
    );

    const file = fileOf(await exportAs("budi", "/export facts 2026-10 team ID-beauty"));
    expect(file.content.byteLength).toBe(shown?.files[0]?.bytes);
    const csv = readCsv(file.content);
    expect(csv.header.join(",")).toBe(FACT_HEADER);
    expect(csv.records.map((r) => r.fact_id)).toEqual(expected.map((r) => r.id));
    expect(new Set(csv.records.map((r) => r.team))).toEqual(new Set(["ID-beauty"]));
    expect(csv.records.every((r) => (r.date ?? "") >= "2026-10-01" && (r.date ?? "") <= "2026-10-31")).toBe(true);

    // A money value with decimals, and its original amount, exactly as stored.
    const [money] = await sql<{ id: string; value: string; original_amount: string; original_currency: string }>(
      `SELECT id::text AS id, value::text AS value, "originalAmount"::text AS original_amount,
              "originalCurrency" AS original_currency
       FROM "Fact" WHERE "teamId" = $1 AND date BETWEEN '2026-10-01' AND '2026-10-31'
         AND "originalAmount" IS NOT NULL AND "originalAmount" <> trunc("originalAmount") ORDER BY id LIMIT 1`,
      [id],
    );
    expect(money).toBeDefined();
    const row = csv.records.find((r) => r.fact_id === money?.id);
    expect(row).toMatchObject({
      value: plainDecimal(money?.value as string),
      original_amount: plainDecimal(money?.original_amount as string),
      original_currency: money?.original_currency,
      team_currency: "IDR",
      unit: "money",
    });
    expect(row?.original_amount).toMatch(/\.\d*[1-9]$/);

    // Shop facts name the shop, and its 19-digit id stays a quoted string (no float, no =\"…\" trick).
    const shopRow = csv.records.find((r) => r.scope_type === "shop");
    expect(shopRow?.scope).toMatch(/^GlowLab /);
    expect(shopRow?.shop_external_id).toMatch(/^74950000000000001\d\d$/);
    expect(csv.text).toContain(`,"${shopRow?.shop_external_id}",`);
    expect(csv.text).not.toContain('="');
    expect(csv.text.endsWith("\r\n")).toBe(true);
  });

  it("gives a member their own member-scoped rows only, and the file name says whose", async () => {
    const sari = await member("sari");
    const expected = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Fact" WHERE "scopeType" = 'member' AND "memberId" = $1
         AND date BETWEEN '2026-10-01' AND '2026-10-31'`,
      [sari.id],
    );
    const reply = await exportAs("sari", "/export facts 2026-10");
    const file = fileOf(reply);
    expect(file.name).toBe("starling-facts-sari-2026-10.csv");
    expect(reply.ephemeral).toBe(true);
    const { records } = readCsv(file.content);
    expect(records).toHaveLength(expected[0]?.n as number);
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => `${r.scope_type}:${r.scope}`))).toEqual(new Set(["member:sari"]));
  });

  it("refuses a member another member's or a team's rows, and a lead other teams, saying why", async () => {
    const cases: [string, string, string][] = [
      ["sari", "/export facts 2026-10 @dewi", "@dewi is not in your team"],
      ["sari", "/export logs 2026-10 team ID-beauty", "Only managers and the lead of ID-beauty"],
      ["sari", "/export creators all", "Only managers and admins can export every team"],
      ["budi", "/export facts 2026-10 team TH-home", "Only managers and the lead of TH-home"],
      ["budi", "/export facts 2026-10 @ploy", "@ploy is not in your team"],
    ];
    for (const [as, text, why] of cases) {
      const reply = await exportAs(as, text);
      expect(reply.text, text).toContain(why);
      expect(reply.files ?? []).toEqual([]);
    }
    const denials = await app.db.prisma.auditLog.findMany({
      where: { allowed: false, action: { startsWith: "export." } },
    });
    expect(denials.length).toBeGreaterThanOrEqual(cases.length);
    // A lead may export one member of their team, a manager anyone.
    expect(fileOf(await exportAs("budi", "/export facts 2026-10 @sari")).name).toBe("starling-facts-sari-2026-10.csv");
    expect(fileOf(await exportAs("ava", "/export facts 2026-10 team TH-home")).name).toBe(
      "starling-facts-TH-home-2026-10.csv",
    );
    const allowed = await app.db.prisma.auditLog.findFirst({ where: { allowed: true, action: "export.facts" } });
    expect(allowed?.detail).toMatchObject({ period: "2026-10-01..2026-10-31" });
  });

  it("answers a bad period or a bad kind with the reason and a correct example", async () => {
    const period = await exportAs("budi", "/export facts 2026-13");
    expect(period.text).toContain("“2026-13” is not a period I can read");
    expect(period.text).toContain("Example: /export facts 2026-10 team ID-beauty");
    const what = await exportAs("budi", "/export widgets 2026-10");
    expect(what.text).toContain("“widgets” is not something I export");
    expect(what.text).toContain("Example: /export facts last month");
    expect((await exportAs("budi", "/export creators 2026-10")).text).toContain("without a period");
    const help = (await command(app, "budi", "/export help")).messages[0]?.text ?? "";
    expect(help).toContain("/export facts 2026-10");
  });

  it("works in Chinese: /导出 数据 上月 and /导出 达人 团队 …", async () => {
    const tan = await member("tan");
    const reply = await exportAs("tan", "/导出 数据 上月");
    const file = fileOf(reply);
    expect(file.name).toBe("starling-facts-tan-2026-10.csv");
    expect(reply.text).toContain("数据：");
    expect(reply.text).toContain("2026年10月");
    const [own] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Fact" WHERE "scopeType" = 'member' AND "memberId" = $1
         AND date BETWEEN '2026-10-01' AND '2026-10-31'`,
      [tan.id],
    );
    expect(readCsv(file.content).records).toHaveLength(own?.n as number);

    // A manager (mei writes Chinese) exports a team's creators with owner, stage and the stage history count.
    const creators = await exportAs("mei", "/导出 达人 团队 ID-beauty");
    const creatorFile = fileOf(creators);
    expect(creatorFile.name).toBe("starling-creators-ID-beauty-2026-11-23.csv");
    expect(creators.text).toContain("达人：");
    const expected = await sql<{ id: string; owner: string | null; stage: string; changes: number }>(
      `SELECT c.id, m.handle AS owner, c.stage::text AS stage,
              (SELECT count(*)::int FROM "CreatorStageChange" s WHERE s."creatorId" = c.id) AS changes
       FROM "Creator" c LEFT JOIN "Member" m ON m.id = c."ownerId"
       WHERE c."teamId" = $1 ORDER BY c.id`,
      [await teamId("ID-beauty")],
    );
    const { records } = readCsv(creatorFile.content);
    expect(records.map((r) => [r.creator_id, r.owner, r.stage, Number(r.stage_changes)])).toEqual(
      expected.map((r) => [r.id, r.owner ?? "", r.stage, r.changes]),
    );
    expect(expected.some((r) => r.changes > 0)).toBe(true);
  });

  it("exports content logs with member text quoted and formula-guarded, and UTF-8 intact", async () => {
    await command(app, "dewi", '/log video 1 #lipstick =HYPERLINK("x") hi, "there"');
    await command(app, "dewi", "/log post 2 口红 新品");
    const { records, text } = readCsv(fileOf(await exportAs("dewi", "/export logs 2026-11-23")).content);
    const notes = records.map((r) => r.note);
    expect(notes).toContain(`'=HYPERLINK("x") hi, "there"`);
    expect(notes).toContain("口红 新品");
    expect(text).toContain(`"'=HYPERLINK(""x"") hi, ""there"""`);
    expect(records.every((r) => r.member === "dewi" && r.local_date === "2026-11-23")).toBe(true);
    const [sqlCount] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM "ContentLog" WHERE "memberId" = $1 AND "localDate" = '2026-11-23'`,
      [(await member("dewi")).id],
    );
    expect(records).toHaveLength(sqlCount?.n as number);
  });

  it("reads the database in pages and cuts a chat file at the cap, saying how many rows and how to get all", async () => {
    const deps = { members: app.services.members, audit: app.services.audit, clock, freshness: app.services.freshness };
    const budi = await member("budi");
    const args = ["facts", "2026-10", "team", "ID-beauty"];
    // Small pages: the keyset paging must give the same bytes as 5,000-row pages.
    const paged = createExportService({ ...deps, repo: createExportRepository(app.db.prisma, 97) });
    const whole = createExportService({ ...deps, repo: createExportRepository(app.db.prisma) });
    const a = await paged.forChat(budi, args, "playground");
    const b = await whole.forChat(budi, args, "playground");
    expect(a.truncated).toBe(false);
    expect(Buffer.from(a.file?.content ?? []).equals(Buffer.from(b.file?.content ?? []))).toBe(true);

    const capped = createExportService({
      ...deps,
      repo: createExportRepository(app.db.prisma, 97),
      limits: { playground: 40_000 },
    });
    const cut = await capped.forChat(budi, args, "playground");
    expect(cut.truncated).toBe(true);
    expect(cut.total).toBe(b.rows);
    expect(cut.rows).toBeLessThan(cut.total);
    expect(cut.file?.content.byteLength).toBeLessThanOrEqual(40_000);
    // The cut file is the start of the whole one, ending on a whole row.
    const cutBytes = Buffer.from(cut.file?.content ?? []);
    expect(
      Buffer.from(b.file?.content ?? [])
        .subarray(0, cutBytes.length)
        .equals(cutBytes),
    ).toBe(true);
    expect(readCsv(cut.file?.content ?? new Uint8Array()).records).toHaveLength(cut.rows);
    const text = renderExport(cut, "en").text;
    expect(text).toContain(`stops at ${cut.rows.toLocaleString("en-US")} of ${cut.total.toLocaleString("en-US")} rows`);
    expect(text).toContain("npm run export -- facts 2026-10 --team ID-beauty");
  });

  it("the CLI writes the same bytes as chat for the same scope, to stdout or a file, and refuses bad arguments", async () => {
    const run = async (argv: string[]) => {
      const out = collector();
      let err = "";
      const code = await runExportCli(argv, {
        stdout: out.stream,
        stderr: { write: (s: string) => (err += s) },
        database: app.db,
        clock,
      });
      return { code, bytes: out.bytes(), err };
    };
    const team = await run(["facts", "2026-10", "--team", "ID-beauty"]);
    expect(team.code).toBe(0);
    const chat = fileOf(await exportAs("budi", "/export facts 2026-10 team ID-beauty"));
    expect(Buffer.from(team.bytes).equals(Buffer.from(chat.content))).toBe(true);
    const rows = readCsv(chat.content).records.length;
    expect(team.err).toBe(
      `Exported ${rows.toLocaleString("en-US")} fact rows · October 2026 (2026-10-01..2026-10-31) · team ID-beauty → stdout\n`,
    );

    const dir = await mkdtemp(join(tmpdir(), "starling-export-"));
    try {
      const path = join(dir, "sari.csv");
      // "yesterday" is read in sari's calendar (Jakarta), as in chat: the demo's logs are from yesterday.
      const member = await run(["logs", "yesterday", "--member", "@sari", "--out", path]);
      expect(member.code).toBe(0);
      const chatLogs = fileOf(await exportAs("sari", "/export logs 2026-11-22"));
      expect(readCsv(chatLogs.content).records.map((r) => r.note)).toContain("Payday LIVE, serum bundle sold out");
      expect((await readFile(path)).equals(Buffer.from(chatLogs.content))).toBe(true);
      expect(member.err).toContain(`→ ${path}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    for (const [argv, reason] of [
      [[], "say what to export"],
      [["widgets"], '"widgets" is not something I export'],
      [["facts", "2026-13"], '"2026-13" is not a period'],
      [["facts", "--team"], "argument missing"],
      [["facts", "--team", "ID-beauty", "--member", "sari"], "not both"],
      [["facts", "--team", "XX-none"], 'no team "XX-none"'],
      [["facts", "--colour", "red"], "Unknown option"],
    ] as [string[], string][]) {
      const bad = await run(argv);
      expect(bad.code, argv.join(" ")).toBe(2);
      expect(bad.err).toContain(reason);
      expect(bad.err).toContain("example: npm run export -- facts 2026-10 --team ID-beauty --out facts.csv");
      expect(bad.bytes.byteLength).toBe(0);
    }
  });
});
