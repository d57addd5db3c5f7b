// Seller Center order exports into facts, on both databases: the quirks of real files, idempotency (the same file,
// overlapping files), skipped rows with their line, one transaction, and files sent to the bot in Slack and Lark.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OrderLine } from "../../src/imports/order-line.js";
import type { ParsedExport } from "../../src/imports/parsed.js";
import { createImportService } from "../../src/imports/service.js";
import { silentLogger } from "../../src/log.js";
import type { Starling } from "../../src/main.js";
import { command, FIXED_NOW, startTestApp, testClock } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import {
  liveListTable,
  type OrderSpec,
  type OrderTableOptions,
  orderTable,
  sampleOrders,
  writeHostileFile,
  writeTable,
} from "../support/export-files.js";
import { type FakeLark, larkTestEnv, messageEvent, sendLarkCallback, startFakeLark } from "../support/fake-lark.js";
import { type FakeSlack, sendToSlackEndpoint, startFakeSlack, TEST_SIGNING_SECRET } from "../support/fake-slack.js";

/** Polls an asynchronous probe until it holds (every 20 ms, for at most 10 s). */
async function waitUntil(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One SKU line of an order: a cable bought on 1 December unless said otherwise. */
function order(o: Partial<OrderSpec> & Pick<OrderSpec, "orderId">): OrderSpec {
  return {
    skuId: "1729001",
    productName: "Gizmo Cable",
    status: "completed",
    quantity: 1,
    subtotal: "10.00",
    orderAmount: o.subtotal ?? "10.00",
    created: "2026-12-01T10:00:00",
    ...o,
  };
}

// As Seller Center writes it: BOM, a description row, ids and times ending in a tab, "GBP 1,230.75" money.
const QUIRKS = {
  narrow: true,
  descriptionRow: true,
  trailingTabs: true,
  moneyPrefix: "GBP ",
  grouped: true,
  dates: "DMY",
} as const satisfies OrderTableOptions;

// Order 1: two SKUs (order-level amounts repeated on both), 1 returned, a refund. Order 2: video, 23:30 in London.
// Order 3: cancelled (counts in no fact). All on 1-2 December 2026, shop-local. Line 7 (added below) has a date
// no calendar has.
const ORDERS = [
  order({
    orderId: "578890915909831224",
    returnType: "Return/Refund",
    quantity: 2,
    returned: 1,
    subtotal: "20.50",
    orderAmount: "45.50",
    refund: "10.25",
    created: "2026-12-01T09:56:09",
    creator: "@TechWithTom",
    channel: "LIVE",
  }),
  order({
    orderId: "578890915909831224",
    skuId: "1729002",
    productName: "Gizmo Plug",
    subtotal: "25.00",
    orderAmount: "45.50",
    refund: "10.25",
    created: "2026-12-01T09:56:09",
    creator: "@TechWithTom",
    channel: "LIVE",
  }),
  order({
    orderId: "578890915909831225",
    status: "shipped",
    quantity: 3,
    subtotal: "1230.75",
    created: "2026-12-02T23:30:00",
    channel: "Video",
  }),
  order({
    orderId: "578890915909831226",
    status: "cancelled",
    returnType: "Cancel",
    skuId: "1729003",
    subtotal: "99.00",
    created: "2026-12-02T10:00:00",
    channel: "Video",
  }),
];

/** Slack's file_shared event callback for a file a user shared in a channel. */
function fileShared(e: { eventId: string; fileId: string; userId: string; channel: string }): string {
  return JSON.stringify({
    token: "x",
    team_id: "T0STARLING",
    api_app_id: "A0STARLING",
    type: "event_callback",
    event_id: e.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: "file_shared",
      file_id: e.fileId,
      user_id: e.userId,
      channel_id: e.channel,
      event_ts: "1700000100.000200",
    },
  });
}

describe.each(DATABASE_KINDS)("order export imports on %s", (kind) => {
  let app: Starling;
  let slack: FakeSlack;
  let lark: FakeLark;
  let dir: string;
  const prisma = () => app.db.prisma;
  /** Writes an order export; `broken` adds a last line whose Created Time is "31/13/2026 10:00:00". */
  const exportFile = async (name: string, orders: OrderSpec[], broken = false) => {
    const table = orderTable(orders, QUIRKS);
    if (broken) {
      const row = [...(orderTable([order({ orderId: "578890915909831227" })], QUIRKS).rows.at(-1) ?? [])];
      row[table.header.indexOf("Created Time")] = "31/13/2026 10:00:00\t";
      table.rows.push(row);
    }
    const path = join(dir, name);
    await writeTable(path, table, { format: "csv", bom: true });
    return path;
  };
  const shop = () => prisma().shop.findFirstOrThrow({ where: { name: "GizmoHub Deals" } });
  const importFacts = async (metricKey: string) => {
    const rows = await prisma().fact.findMany({
      where: { shopId: (await shop()).id, source: "import", metricKey, scopeType: "shop" },
      orderBy: [{ date: "asc" }, { contentType: "asc" }],
    });
    return rows.map((r) => `${r.date.toISOString().slice(0, 10)} ${r.contentType} ${r.value.toString()}`);
  };
  const workspaceId = async () => (await shop()).workspaceId;
  /** The shop's imported fact of one metric on one day. */
  const importFactOn = async (metricKey: string, date: string) =>
    prisma().fact.findFirstOrThrow({
      where: { shopId: (await shop()).id, source: "import", metricKey, date: new Date(`${date}T00:00:00Z`) },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "starling-import-"));
    slack = await startFakeSlack();
    lark = await startFakeLark();
    slack.users.set("UOLIVER", { id: "UOLIVER", name: "oliver", email: "oliver@demo.starling.dev" });
    slack.users.set("USARI", { id: "USARI", name: "sari", email: "sari@demo.starling.dev" });
    lark.users.set("ou_oliver", { openId: "ou_oliver", name: "oliver", email: "oliver@demo.starling.dev" });
    app = await startTestApp(kind, {
      env: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ...larkTestEnv(lark.domain),
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await lark?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    slack.calls.length = 0;
    lark.calls.length = 0;
  });

  it("turns an export with the documented quirks into order lines and daily facts, and says what it skipped", async () => {
    const summary = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path: await exportFile("GizmoHub Deals orders.csv", ORDERS, true),
      fileName: "GizmoHub Deals orders.csv",
    });
    expect(summary).toMatchObject({ kind: "orders", rowsRead: 5, imported: 4, created: 4, skipped: 1 });
    expect(summary.shop.name).toBe("GizmoHub Deals");
    expect(summary.skips).toEqual([{ line: 7, reason: "unparseable Created Time '31/13/2026 10:00:00'" }]);
    expect(summary.dates).toEqual({ from: "2026-12-01", to: "2026-12-02" });
    // The 18-digit id survives as text.
    const lines = await prisma().orderLine.findMany({ orderBy: [{ orderId: "asc" }, { skuId: "asc" }] });
    expect(lines.map((l) => l.orderId)).toContain("578890915909831224");
    // 23:30 in London on 2 December belongs to the shop's 2 December.
    const late = lines.find((l) => l.orderId === "578890915909831225");
    expect(late?.localDate.toISOString().slice(0, 10)).toBe("2026-12-02");

    // GMV (gross) = SKU subtotals of orders not cancelled; the refund counts once per order, not per SKU line.
    expect(await importFacts("gmv_gross")).toEqual(["2026-12-01 live 45.5", "2026-12-02 video 1230.75"]);
    expect(await importFacts("orders")).toEqual(["2026-12-01 live 1", "2026-12-02 video 1"]);
    expect(await importFacts("items_sold")).toEqual(["2026-12-01 live 3", "2026-12-02 video 3"]);
    expect(await importFacts("items_returned")).toEqual(["2026-12-01 live 1", "2026-12-02 video 0"]);
    expect(await importFacts("refund_amount")).toEqual(["2026-12-01 live 10.25", "2026-12-02 video 0"]);
    // The creator the orders name is a known creator: their sales are theirs too.
    const creatorGmv = await prisma().fact.findFirst({
      where: { source: "import", scopeType: "creator", metricKey: "gmv_gross", creator: { handle: "techwithtom" } },
    });
    expect(creatorGmv?.value.toString()).toBe("45.5");
  });

  it("imports the same file once, and an overlapping file updates rows instead of adding them", async () => {
    const path = await exportFile("again.csv", ORDERS, true);
    const again = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path,
      fileName: "GizmoHub Deals orders.csv",
    });
    expect(again.duplicateOf).not.toBeNull();
    expect(await prisma().orderLine.count()).toBe(4);

    // A later export: order ...225 delivered now, and a new order on 2 December.
    const later = [
      order({
        orderId: "578890915909831225",
        status: "delivered",
        quantity: 3,
        subtotal: "1230.75",
        created: "2026-12-02T23:30:00",
        channel: "Video",
      }),
      order({
        orderId: "578890915909831228",
        skuId: "1729002",
        subtotal: "19.99",
        created: "2026-12-02T12:00:00",
        channel: "Video",
      }),
    ];
    const overlap = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path: await exportFile("later.csv", later),
      fileName: "GizmoHub Deals later.csv",
    });
    expect(overlap).toMatchObject({ imported: 2, created: 1, updated: 1 });
    expect(await prisma().orderLine.count()).toBe(5);
    expect(await importFacts("gmv_gross")).toEqual(["2026-12-01 live 45.5", "2026-12-02 video 1250.74"]);
    expect(await importFacts("orders")).toEqual(["2026-12-01 live 1", "2026-12-02 video 2"]);
  });

  it("keeps the later of two lines with the same order and SKU, reports the earlier, and stores any text exactly", async () => {
    // Text COPY must carry as it is: quotes, commas, a line break, a backslash, CJK and an emoji.
    const awkward = 'Cable, 2 m "braided"\nline two \\ 数据线 🔌';
    const summary = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path: await exportFile("GizmoHub Deals twice.csv", [
        order({ orderId: "578890915909831290", subtotal: "10.00", created: "2026-12-05T10:00:00" }),
        order({ orderId: "578890915909831290", subtotal: "12.35", created: "2026-12-05T10:00:00" }),
        order({ orderId: "578890915909831290", subtotal: "0.10", created: "2026-12-05T10:00:00" }),
        order({ orderId: "578890915909831291", productName: awkward, created: "2026-12-05T11:00:00" }),
      ]),
      fileName: "GizmoHub Deals twice.csv",
    });
    // Lines 3 and 4 are the earlier copies (line 2 is the description row under the header).
    expect(summary).toMatchObject({ rowsRead: 4, imported: 2, created: 2, skipped: 2 });
    expect(summary.skips).toEqual([
      { line: 3, reason: "same order and SKU as line 4: the later line is kept" },
      { line: 4, reason: "same order and SKU as line 5: the later line is kept" },
    ]);
    const kept = await prisma().orderLine.findMany({
      where: { orderId: { in: ["578890915909831290", "578890915909831291"] } },
      orderBy: { orderId: "asc" },
    });
    expect(kept.map((l) => l.subtotal.toString())).toEqual(["0.1", "10"]);
    expect(kept[1]?.productName).toBe(awkward);
    // Nothing is left in the stage once the import is done.
    expect(await app.db.sql.query('SELECT 1 FROM "ImportStage"')).toHaveLength(0);
  });

  it("refuses a file whose bad row comes after thousands of staged ones: nothing claimed, written or left staged", async () => {
    const before = { lines: await prisma().orderLine.count(), facts: await prisma().fact.count() };
    // 30,000 good lines (several COPY chunks, on either database) before a cell past Excel's limit.
    const path = join(dir, "GizmoHub Deals late refusal.csv");
    await writeHostileFile(path, "huge-cell", 30_000);
    let written = 0;
    await expect(
      app.services.imports.importFile({
        workspaceId: await workspaceId(),
        path,
        fileName: "GizmoHub Deals late refusal.csv",
        // Day first, as asked: otherwise the parser reads the whole file for its dates before a row is staged.
        parseOptions: { dateOrder: "DMY" },
        onProgress: (p) => {
          written = Math.max(written, p.rowsWritten ?? 0);
        },
      }),
    ).rejects.toMatchObject({ key: "import.limit.cell" });
    // Rows were staged while the file was read (the pipeline overlaps)...
    expect(written).toBeGreaterThan(0);
    // ...and none of them is anywhere now.
    expect({ lines: await prisma().orderLine.count(), facts: await prisma().fact.count() }).toEqual(before);
    expect(await prisma().importBatch.count({ where: { fileName: "GizmoHub Deals late refusal.csv" } })).toBe(0);
    expect(await app.db.sql.query('SELECT 1 FROM "ImportStage"')).toHaveLength(0);
  }, 60_000);

  it("reads an XLSX export with Indonesian headers and statuses the same way", async () => {
    const path = join(dir, "GizmoHub Deals pesanan.xlsx");
    await writeTable(path, orderTable(sampleOrders(), { headers: "id", statuses: "id" }), {
      format: "xlsx",
      sheet: "OrderSKUList",
    });
    const summary = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path,
      fileName: "GizmoHub Deals pesanan.xlsx",
    });
    expect(summary).toMatchObject({ kind: "orders", imported: 4, skipped: 0 });
    // 2024-05-31: one order of two SKU lines (24.6 + 5.9); the cancelled order of 14 June counts nowhere.
    const may31 = await importFactOn("gmv_gross", "2024-05-31");
    expect(may31.value.toString()).toBe("30.5");
    expect(
      await prisma().fact.count({
        where: { shopId: (await shop()).id, source: "import", date: new Date("2024-06-14T00:00:00Z") },
      }),
    ).toBe(0);
  });

  it("imports a LIVE session list into the shop's LIVE sessions, minutes and viewers, skipping its repeated header", async () => {
    const path = join(dir, "GizmoHub Deals live.csv");
    await writeTable(path, liveListTable(), { format: "csv" });
    const summary = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path,
      fileName: "GizmoHub Deals live.csv",
    });
    expect(summary.kind).toBe("live_sessions");
    expect(summary.skips.map((k) => k.reason)).toContain("repeated header");
    const minutes = await importFactOn("live_minutes", "2024-05-31");
    // 1h2m3s = 3,723 seconds = 62.05 minutes.
    expect(minutes.value.toString()).toBe("62.05");
    const again = await app.services.imports.importFile({
      workspaceId: await workspaceId(),
      path,
      fileName: "copy.csv",
    });
    expect(again.duplicateOf).not.toBeNull();
    expect(await prisma().importedRecord.count({ where: { kind: "live_session" } })).toBe(summary.imported);
  });

  it("changes nothing and claims nothing when the database refuses a row while it is staged", async () => {
    const before = { lines: await prisma().orderLine.count(), facts: await prisma().fact.count() };
    const broken = [
      order({ orderId: "578890915909831230", created: "2026-12-03T10:00:00" }),
      // Parses, but no int4 holds it: PostgreSQL refuses the COPY into the stage.
      order({ orderId: "578890915909831231", quantity: 99999999999, created: "2026-12-03T10:00:00" }),
    ];
    await expect(
      app.services.imports.importFile({
        workspaceId: await workspaceId(),
        path: await exportFile("broken.csv", broken),
        fileName: "GizmoHub Deals broken.csv",
      }),
    ).rejects.toThrow();
    expect({ lines: await prisma().orderLine.count(), facts: await prisma().fact.count() }).toEqual(before);
    // The claim comes only after the whole file was read and staged: there is none, and nothing is left staged.
    expect(await prisma().importBatch.count({ where: { fileName: "GizmoHub Deals broken.csv" } })).toBe(0);
    expect(await app.db.sql.query('SELECT 1 FROM "ImportStage"')).toHaveLength(0);
  });

  it("imports a file shared with the bot in Slack, with progress in its thread, once per event", async () => {
    const content = await readFile(
      await exportFile("upload-578890915909831240.csv", [
        order({
          orderId: "578890915909831240",
          quantity: 2,
          subtotal: "30.00",
          created: "2026-12-04T10:00:00",
          channel: "Video",
        }),
      ]),
    );
    const fileId = slack.hostFile({
      name: "gizmohub-deals-dec.csv",
      content,
      channel: "C0UK",
      shareTs: "1700000100.000100",
    });
    const event = fileShared({ eventId: "Ev0FILE1", fileId, userId: "UOLIVER", channel: "C0UK" });
    expect((await sendToSlackEndpoint(app.url, event, { contentType: "application/json" })).status).toBe(200);
    const summary = await slack.waitFor(
      () => slack.callsTo("chat.update").find((c) => String(c.args.text).includes("Imported gizmohub-deals-dec.csv")),
      "the import summary",
    );
    const started = slack.callsTo("chat.postMessage").find((c) => String(c.args.text).includes("Importing"));
    expect(started?.args.thread_ts).toBe("1700000100.000100");
    expect(summary.args.text).toContain("1 imported");
    expect(await prisma().orderLine.count({ where: { orderId: "578890915909831240" } })).toBe(1);

    // Slack retries the event: nothing is imported again.
    await sendToSlackEndpoint(app.url, event, {
      contentType: "application/json",
      headers: { "x-slack-retry-num": "1" },
    });
    await app.idle();
    expect(slack.callsTo("files.info")).toHaveLength(1);
  });

  it("refuses a file for another team's shop, in the member's words", async () => {
    const content = await readFile(
      await exportFile("upload-578890915909831250.csv", [
        order({
          orderId: "578890915909831250",
          quantity: 2,
          subtotal: "30.00",
          created: "2026-12-04T10:00:00",
          channel: "Video",
        }),
      ]),
    );
    const fileId = slack.hostFile({
      name: "GizmoHub Deals.csv",
      content,
      channel: "C0ID",
      shareTs: "1700000200.000100",
    });
    const event = fileShared({ eventId: "Ev0FILE2", fileId, userId: "USARI", channel: "C0ID" });
    await sendToSlackEndpoint(app.url, event, { contentType: "application/json" });
    const refused = await slack.waitFor(
      () => slack.callsTo("chat.update").find((c) => String(c.args.text).includes("own team's shops")),
      "the refusal",
    );
    expect(refused.args.text).toContain("GizmoHub Deals");
    expect(await prisma().orderLine.count({ where: { orderId: "578890915909831250" } })).toBe(0);
  });

  it("imports a file sent to the bot in Lark and answers in the file's thread", async () => {
    const content = await readFile(
      await exportFile("upload-578890915909831260.csv", [
        order({
          orderId: "578890915909831260",
          quantity: 1,
          subtotal: "12.34",
          created: "2026-12-05T10:00:00",
          channel: "Video",
        }),
      ]),
    );
    lark.hostFile("om_file_1", "file_v2_abc", content);
    const event = messageEvent({
      openId: "ou_oliver",
      text: "",
      messageId: "om_file_1",
      messageType: "file",
      file: { key: "file_v2_abc", name: "GizmoHub Deals dec 5.csv" },
    });
    expect((await sendLarkCallback(app.url, event)).status).toBe(200);
    await app.idle();
    const patched = await lark.waitFor(
      () =>
        lark
          .sent()
          .find((s) => s.kind === "patch" && JSON.stringify(s.card).includes("Imported GizmoHub Deals dec 5.csv")),
      "the summary card",
    );
    expect(JSON.stringify(patched.card)).toContain("1 imported");
    expect(lark.sent().some((s) => s.kind === "reply" && s.target === "om_file_1")).toBe(true);
    expect(await prisma().orderLine.count({ where: { orderId: "578890915909831260" } })).toBe(1);
  });

  it("shows /import list and /import show only for the viewer's team's shops (managers: the workspace's)", async () => {
    const batch = await prisma().importBatch.findFirstOrThrow({
      where: { fileName: "GizmoHub Deals orders.csv", status: "completed" },
    });
    const id = batch.id.slice(-6);
    const texts = async (as: string, text: string) =>
      (await command(app, as, text)).messages.map((m) => m.text).join("\n");
    // GizmoHub Deals is UK-gadgets': its lead and a manager see it, a member of ID-beauty does not.
    expect(await texts("oliver", "/import list")).toContain("GizmoHub Deals orders.csv");
    expect(await texts("mei", "/import list")).toContain("GizmoHub Deals orders.csv");
    expect(await texts("sari", "/import list")).not.toContain("GizmoHub Deals");
    expect(await texts("oliver", `/import show ${id}`)).toContain("GizmoHub Deals orders.csv");
    // Another team's import is answered word for word as an id that does not exist, and the attempt is audited.
    const hidden = await texts("sari", `/import show ${id}`);
    expect(hidden).toBe((await texts("sari", "/import show zzzzzz")).replace("zzzzzz", id));
    expect(hidden).not.toContain("GizmoHub");
    const audit = await prisma().auditLog.findMany({ where: { action: "import.show", allowed: false } });
    expect(audit.map((a) => a.subject)).toContain(`/import show ${id}`);
  });

  describe("the claim of a long import", () => {
    /** A shop-local order line of 10 December, as the parser hands it over. */
    const line = (orderId: string): OrderLine => ({
      line: 2,
      orderId,
      skuId: "1729001",
      productId: null,
      productName: "Gizmo Cable",
      status: "completed",
      returnType: null,
      createdAt: "2026-12-10T10:00:00",
      currency: "GBP",
      quantity: 1,
      returnedQuantity: 0,
      skuSubtotalAfterDiscount: "10.00",
      orderAmount: "10.00",
      orderRefundAmount: null,
      creatorHandle: null,
      channel: "video",
    });

    it("is kept alive past the old 60-minute limit: the same file sent meanwhile is never imported twice", async () => {
      const clock = testClock();
      let reached!: () => void;
      const reading = new Promise<void>((resolve) => {
        reached = resolve;
      });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let calls = 0;
      // On the embedded database the first upload's rows come slowly (it is still reading, so nothing is claimed
      // yet); on PostgreSQL they come at once, and its transaction is held up by a lock instead (below).
      const imports = createImportService({
        prisma: prisma(),
        copyFrom: app.db.copyFrom,
        clock,
        log: silentLogger,
        heartbeatMs: 20,
        afterImport: async () => {},
        async parse(): Promise<ParsedExport> {
          const first = ++calls === 1;
          async function* items() {
            yield { order: line("578890915909839900") };
            if (first && kind === "pglite") {
              reached();
              await gate;
            }
            yield { order: line("578890915909839901") };
          }
          return { kind: "orders", items: items() };
        },
      });
      const path = await exportFile("long.csv", [order({ orderId: "578890915909839900" })]);
      const input = { workspaceId: await workspaceId(), path, fileName: "GizmoHub Deals long.csv" };
      if (kind === "postgres") {
        // A lock on the order lines holds the first import inside its transaction, its file claimed, for as long as
        // the test likes.
        const locked = prisma().$transaction(
          async (tx) => {
            await tx.$executeRawUnsafe('LOCK TABLE "OrderLine" IN SHARE MODE');
            reached();
            await gate;
          },
          { timeout: 60_000 },
        );
        await reading;
        const firstImport = imports.importFile(input);
        await waitUntil(
          async () =>
            (await prisma().importBatch.findFirst({ where: { fileName: "GizmoHub Deals long.csv" } }))?.status ===
            "running",
        );
        // Two hours later (the old limit declared a running import stale after one), the import is still writing.
        clock.now = clock.now.plus({ hours: 2 });
        // Its heartbeat refreshes the claim at the new time...
        await waitUntil(async () => {
          const claim = await prisma().importBatch.findFirst({ where: { fileName: "GizmoHub Deals long.csv" } });
          return (claim?.heartbeatAt?.getTime() ?? 0) >= clock.now.toMillis();
        });
        // ...so the same file sent again is "being imported", not a second import in parallel.
        await expect(imports.importFile(input)).rejects.toMatchObject({ key: "import.in_progress" });
        release();
        await locked;
        expect((await firstImport).imported).toBe(2);
      } else {
        // The first upload is still reading (nothing claimed): the second reads, claims and imports the file, and
        // the first, done reading, finds it imported.
        const firstImport = imports.importFile(input);
        await reading;
        const second = await imports.importFile(input);
        expect(second.imported).toBe(2);
        release();
        expect((await firstImport).duplicateOf).not.toBeNull();
      }
      expect(
        await prisma().orderLine.count({ where: { orderId: { in: ["578890915909839900", "578890915909839901"] } } }),
      ).toBe(2);
      expect(await prisma().importBatch.count({ where: { fileName: "GizmoHub Deals long.csv" } })).toBe(1);
      // Nothing is left in the stage.
      expect(await app.db.sql.query('SELECT 1 FROM "ImportStage"')).toHaveLength(0);
    });

    it("is taken over once its heartbeat stopped (the importer crashed)", async () => {
      const path = await exportFile("crashed.csv", [
        order({ orderId: "578890915909839910", created: "2026-12-11T10:00:00" }),
      ]);
      const fileHash = createHash("sha256")
        .update(await readFile(path))
        .digest("hex");
      const shopRow = await shop();
      // A claim left "running" by an importer whose last beat was six minutes ago.
      const beat = FIXED_NOW.minus({ minutes: 6 }).toJSDate();
      await prisma().importBatch.create({
        data: {
          workspaceId: shopRow.workspaceId,
          shopId: shopRow.id,
          kind: "orders",
          fileName: "GizmoHub Deals crashed.csv",
          fileHash,
          startedAt: FIXED_NOW.minus({ hours: 3 }).toJSDate(),
          heartbeatAt: beat,
        },
      });
      const summary = await app.services.imports.importFile({
        workspaceId: shopRow.workspaceId,
        path,
        fileName: "GizmoHub Deals crashed.csv",
      });
      expect(summary).toMatchObject({ duplicateOf: null, imported: 1 });
      expect(await prisma().importBatch.count({ where: { fileHash } })).toBe(1);
    });
  });
});
