// The fault suite's promise about a database that goes away mid-import: on a PostgreSQL server of this file's own
// (never the shared one), stopped while a file sent in Slack is being written and started again, the import writes
// nothing half-way (one transaction), its claim is marked failed once the database is back, the member is told to
// send the file again, the same file sent again is imported exactly once, and a graceful stop afterwards returns
// at once (the cut-off transaction gave its connection back).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POOL_CLOSE_GRACE_MS } from "../../src/db/postgres-pool.js";
import type { Starling } from "../../src/main.js";
import { startTestApp } from "../support/app.js";
import { writeOrderBenchCsv } from "../support/export-files.js";
import { type FakeSlack, sendToSlackEndpoint, startFakeSlack, TEST_SIGNING_SECRET } from "../support/fake-slack.js";
import { type PostgresServer, startPostgres } from "../support/postgres-server.js";

/**
 * Order lines in the file: enough that their transaction (the merge from the stage and the facts) takes a second or
 * so, long enough to pull the plug during.
 */
const ROWS = 30_000;

/**
 * Stops and starts the server startPostgres gave us, keeping its data: pg_ctl on its data directory, with the
 * options it was started with (read from the server itself).
 */
async function controls(server: PostgresServer) {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const show = async (name: string) => String((await admin.query(`SHOW ${name}`)).rows[0]?.[name]);
  const dataDir = await show("data_directory");
  const port = await show("port");
  const sockets = await show("unix_socket_directories");
  await admin.end();
  const bin = [process.env.PG_BIN, "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin"].find(
    (d) => d && existsSync(join(d, "pg_ctl")),
  ) as string;
  const pgCtl = (args: string[]) => {
    const asRoot = process.getuid?.() === 0;
    const result = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", join(bin, "pg_ctl"), ...args], { encoding: "utf8" })
      : spawnSync(join(bin, "pg_ctl"), args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${result.stderr || result.stdout}`);
  };
  return {
    /**
     * Every session cut at once, its transaction aborted ("fast"; "immediate" would also lose this server's
     * recent commits, which it does not flush: fsync and synchronous_commit are off for speed).
     */
    stop: () => pgCtl(["-D", dataDir, "-m", "fast", "-w", "stop"]),
    start: () =>
      pgCtl([
        "-D",
        dataDir,
        "-l",
        join(dataDir, "..", "restart.log"),
        "-w",
        "-t",
        "60",
        "-o",
        `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
        "start",
      ]),
  };
}

/** Polls an asynchronous probe until it holds (every 50 ms), failing with what it waited for. */
async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("an import while PostgreSQL goes away", () => {
  let server: PostgresServer;
  let database: { stop(): void; start(): void };
  let app: Starling;
  let slack: FakeSlack;
  let dir: string;
  let content: Buffer;
  let url: string;
  let stopped = false;
  const prisma = () => app.db.prisma;

  /** Reads the database with a client of the test's own (the app's may be between reconnects). */
  async function query<T>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const share = async (eventId: string, ts: string) => {
    const fileId = slack.hostFile({ name: "GizmoHub Deals may.csv", content, channel: "C0UK", shareTs: ts });
    const event = JSON.stringify({
      token: "x",
      team_id: "T0STARLING",
      api_app_id: "A0STARLING",
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: "file_shared", file_id: fileId, user_id: "UOLIVER", channel_id: "C0UK", event_ts: ts },
    });
    expect((await sendToSlackEndpoint(app.url, event, { contentType: "application/json" })).status).toBe(200);
  };
  const answer = (what: RegExp) =>
    slack.waitFor(
      () => slack.callsTo("chat.update").find((c) => what.test(String(c.args.text))),
      `an answer matching ${what}`,
      120_000,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "starling-outage-"));
    const path = join(dir, "orders.csv");
    await writeOrderBenchCsv(path, ROWS);
    content = await readFile(path);
    server = await startPostgres();
    database = await controls(server);
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE starling");
    await admin.end();
    url = server.urlFor("starling");
    slack = await startFakeSlack();
    slack.users.set("UOLIVER", { id: "UOLIVER", name: "oliver", email: "oliver@demo.starling.dev" });
    app = await startTestApp("postgres", {
      database: { kind: "postgres", url },
      env: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
    });
  }, 180_000);
  afterAll(async () => {
    // The test stops the app itself (that a stop returns is part of the promise); this is for a test that failed
    // before getting there.
    if (!stopped) await app?.stop();
    await slack?.close();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes nothing half-way, tells the member, and imports the file once when it is sent again", async () => {
    await share("Ev0OUTAGE1", "1700000300.000100");
    // The claim exists only once the file was read: from then on the rows are being written.
    await waitFor(
      async () => (await query<{ status: string }>(`SELECT status FROM "ImportBatch"`))[0]?.status === "running",
      "the import to start writing",
      60_000,
    );
    database.stop();
    const told = await answer(/database could not be reached while GizmoHub Deals may\.csv was being imported/);
    expect(String(told.args.text)).toContain("Send the same file again");
    database.start();

    // Nothing of the file landed, and its claim is given up as soon as the database is back.
    await waitFor(
      async () => (await query<{ status: string }>(`SELECT status FROM "ImportBatch"`))[0]?.status === "failed",
      "the claim to be marked failed",
      60_000,
    );
    expect(await query(`SELECT 1 FROM "OrderLine"`)).toHaveLength(0);
    expect(await query(`SELECT 1 FROM "Fact" WHERE source = 'import'`)).toHaveLength(0);

    slack.calls.length = 0;
    await share("Ev0OUTAGE2", "1700000400.000100");
    const summary = await answer(/Imported GizmoHub Deals may\.csv/);
    expect(String(summary.args.text)).toContain(`${ROWS.toLocaleString("en-US")} imported`);
    expect(await prisma().orderLine.count()).toBe(ROWS);
    expect(await prisma().importBatch.count({ where: { status: "completed" } })).toBe(1);

    // And once only: the same bytes again change nothing.
    slack.calls.length = 0;
    await share("Ev0OUTAGE3", "1700000500.000100");
    await answer(/was already imported into GizmoHub Deals/);
    expect(await prisma().orderLine.count()).toBe(ROWS);

    // And a graceful stop returns at once: the transaction the outage cut off gave its connection back, so closing
    // the pool has nothing to wait for and its bounded close never needs to end connections by force. (The race
    // is only a safety net, so that a regression fails here rather than hanging the suite.)
    const began = Date.now();
    const stop = app.stop().then(() => "stopped" as const);
    stopped = true;
    const safetyNet = new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 15_000).unref());
    expect(await Promise.race([stop, safetyNet])).toBe("stopped");
    expect(Date.now() - began).toBeLessThan(POOL_CLOSE_GRACE_MS);
  }, 300_000);
});
