// Generates the benchmark workspace straight in SQL: one workspace, N teams of M members with two shops each,
// and a year of daily facts. Values are deterministic (a multiplicative hash of member, day and metric), so
// two runs produce the same data and the same answers.
import pg from "pg";

export interface SeedSize {
  teams: number;
  members: number;
  days: number;
  /** Last day with facts (the fixed clock's date). */
  endDate: string;
}

export interface SeedResult {
  workspaceId: string;
  memberFacts: number;
  shopFacts: number;
  loadMs: number;
  indexMs: number;
  analyzeMs: number;
}

export const WORKSPACE_ID = "bench_ws";
export const MANAGER_HANDLE = "boss";

/** Timezones and markets the teams cycle through; team 1 (the manager's) is Jakarta. */
const ZONES: [timezone: string, market: string][] = [
  ["Asia/Jakarta", "ID"],
  ["Europe/London", "GB"],
  ["Asia/Bangkok", "TH"],
  ["Asia/Ho_Chi_Minh", "VN"],
  ["Asia/Kuala_Lumpur", "MY"],
  ["Asia/Manila", "PH"],
  ["Asia/Singapore", "SG"],
  ["America/New_York", "US"],
];

/** The 15 stored metrics every member has every day: key, modulus of the hash, divisor (100 = cents). */
const MEMBER_METRICS: [key: string, modulus: number, divisor: number][] = [
  ["gmv_gross", 2_000_000, 100],
  ["orders", 60, 1],
  ["items_sold", 120, 1],
  ["items_returned", 8, 1],
  ["refund_amount", 50_000, 100],
  ["ad_spend", 300_000, 100],
  ["impressions", 50_000, 1],
  ["clicks", 3_000, 1],
  ["videos_posted", 6, 1],
  ["live_sessions", 3, 1],
  ["live_minutes", 240, 1],
  ["creators_contacted", 40, 1],
  ["creator_replies", 15, 1],
  ["samples_shipped", 10, 1],
  ["video_views", 100_000, 1],
];

/** Commerce metrics that shops report (what /kpi team rolls up from shop facts rather than member facts). */
const SHOP_METRICS = new Set([
  "gmv_gross",
  "orders",
  "items_sold",
  "items_returned",
  "refund_amount",
  "ad_spend",
  "impressions",
  "clicks",
]);

export const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const teamSlug = (t: number) => `team-${pad(t, 3)}`;
export const leadHandle = (t: number) => `lead-${pad(t, 3)}`;

const sqlList = (rows: string[]) => rows.join(",\n  ");
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

function metricValues(shop: boolean): string {
  return sqlList(
    MEMBER_METRICS.flatMap(([key, modulus, divisor], k) =>
      !shop || SHOP_METRICS.has(key)
        ? [`(${k + 1}, ${quote(key)}, ${shop ? modulus * 10 : modulus}::bigint, ${divisor}::numeric)`]
        : [],
    ),
  );
}

// x = (seed * 2654435761) mod 2^31-1: cheap, deterministic, well spread; the value is x mod the metric's range.
const hashed = (seed: string) => `((((${seed})::bigint * 2654435761) % 2147483647) % mk.modulus)::numeric / mk.divisor`;

/** Member facts for days [fromDay, toDay) counted back from the end date (day 0 = end date). */
function memberFactsSql(size: SeedSize, fromDay: number, toDay: number): string {
  return `
INSERT INTO "Fact" ("workspaceId", "teamId", date, "metricKey", "scopeType", "scopeId", "memberId", value, source)
SELECT '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'), '${size.endDate}'::date - d, mk.key, 'member',
       'bm_' || lpad(t::text, 3, '0') || '_' || lpad(j::text, 3, '0'),
       'bm_' || lpad(t::text, 3, '0') || '_' || lpad(j::text, 3, '0'),
       ${hashed(`((t - 1) * ${size.members} + j) * 1000003 + d * 7919 + mk.k * 104729`)},
       'bench'
FROM generate_series(${toDay - 1}, ${fromDay}, -1) AS d
CROSS JOIN generate_series(1, ${size.teams}) AS t
CROSS JOIN generate_series(1, ${size.members}) AS j
CROSS JOIN (VALUES
  ${metricValues(false)}
) AS mk(k, key, modulus, divisor)`;
}

function shopFactsSql(size: SeedSize): string {
  return `
INSERT INTO "Fact" ("workspaceId", "teamId", date, "metricKey", "scopeType", "scopeId", "shopId", value, source)
SELECT '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'), '${size.endDate}'::date - d, mk.key, 'shop',
       'bs_' || lpad(t::text, 3, '0') || '_' || s, 'bs_' || lpad(t::text, 3, '0') || '_' || s,
       ${hashed(`((t - 1) * 2 + s) * 999983 + d * 7927 + mk.k * 104723 + 17`)},
       'bench'
FROM generate_series(${size.days - 1}, 0, -1) AS d
CROSS JOIN generate_series(1, ${size.teams}) AS t
CROSS JOIN generate_series(1, 2) AS s
CROSS JOIN (VALUES
  ${metricValues(true)}
) AS mk(k, key, modulus, divisor)`;
}

/** Every shop's feed complete on every seeded day, as a daily export would leave it: the freshness read's real size. */
function sourceDaysSql(size: SeedSize): string {
  return `
INSERT INTO "SourceDay" ("teamId", "shopId", source, date, "workspaceId", complete, "firstSeenAt", "completedAt")
SELECT 'bt_' || lpad(t::text, 3, '0'), 'bs_' || lpad(t::text, 3, '0') || '_' || s, 'export',
       '${size.endDate}'::date - d, '${WORKSPACE_ID}', true,
       ('${size.endDate}'::date - d + 1)::timestamp + interval '9 hours',
       ('${size.endDate}'::date - d + 1)::timestamp + interval '9 hours'
FROM generate_series(${size.days - 1}, 1, -1) AS d
CROSS JOIN generate_series(1, ${size.teams}) AS t
CROSS JOIN generate_series(1, 2) AS s`;
}

function orgSql(size: SeedSize): string {
  const zones = (i: 0 | 1) => `(ARRAY[${ZONES.map((z) => quote(z[i])).join(", ")}])[((t - 1) % ${ZONES.length}) + 1]`;
  return `
INSERT INTO "Workspace" (id, name, "reportingCurrency") VALUES ('${WORKSPACE_ID}', 'Starling Bench', 'USD');
INSERT INTO "Team" (id, "workspaceId", slug, name, market, timezone, currency)
SELECT 'bt_' || lpad(t::text, 3, '0'), '${WORKSPACE_ID}', 'team-' || lpad(t::text, 3, '0'),
       'Team ' || lpad(t::text, 3, '0'), ${zones(1)}, ${zones(0)}, 'USD'
FROM generate_series(1, ${size.teams}) AS t;
INSERT INTO "Member" (id, "workspaceId", "teamId", handle, "displayName", role)
SELECT 'bm_' || lpad(t::text, 3, '0') || '_' || lpad(j::text, 3, '0'), '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'),
       CASE WHEN j = 1 THEN 'lead-' || lpad(t::text, 3, '0')
            WHEN t = 1 AND j = 2 THEN '${MANAGER_HANDLE}'
            ELSE 'm-' || lpad(t::text, 3, '0') || '-' || lpad(j::text, 3, '0') END,
       'Member ' || t || '.' || j,
       (CASE WHEN j = 1 THEN 'lead' WHEN t = 1 AND j = 2 THEN 'manager' ELSE 'member' END)::"Role"
FROM generate_series(1, ${size.teams}) AS t CROSS JOIN generate_series(1, ${size.members}) AS j;
INSERT INTO "Shop" (id, "workspaceId", "teamId", "externalId", name, market, currency, timezone)
SELECT 'bs_' || lpad(t::text, 3, '0') || '_' || s, '${WORKSPACE_ID}', 'bt_' || lpad(t::text, 3, '0'),
       'bench-' || t || '-' || s, 'Shop ' || t || '.' || s, ${zones(1)}, 'USD', ${zones(0)}
FROM generate_series(1, ${size.teams}) AS t CROSS JOIN generate_series(1, 2) AS s;`;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Bulk-load session: no FK trigger per row (the ids are generated consistently), no commit wait.
  await client.query("SET session_replication_role = replica; SET synchronous_commit = off");
  return client;
}

/**
 * Loads the data. The Fact secondary indexes are dropped during the load and recreated afterwards from
 * their exact definitions (pg_indexes), which is several times faster than maintaining them row by row.
 * Two connections load two halves of the year in parallel (2 cores).
 */
export async function seed(url: string, size: SeedSize): Promise<SeedResult> {
  const [a, b] = [await connect(url), await connect(url)];
  try {
    await a.query(orgSql(size));
    await a.query(sourceDaysSql(size));
    const { rows: indexes } = await a.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Fact' AND indexname <> 'Fact_pkey'`,
    );
    for (const index of indexes) await a.query(`DROP INDEX "${index.indexname}"`);

    const loadStart = performance.now();
    const half = Math.ceil(size.days / 2);
    const [r1, r2] = await Promise.all([
      a.query(memberFactsSql(size, 0, half)),
      b.query(memberFactsSql(size, half, size.days)).then(async (r) => ({ r, s: await b.query(shopFactsSql(size)) })),
    ]);
    const loadMs = performance.now() - loadStart;

    const indexStart = performance.now();
    for (const client of [a, b]) {
      await client.query("SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 0");
    }
    // Biggest first, alternating between the two connections.
    const queue = [...indexes].sort((x, y) => y.indexdef.length - x.indexdef.length);
    const worker = async (client: pg.Client) => {
      for (let next = queue.shift(); next; next = queue.shift()) await client.query(next.indexdef);
    };
    await Promise.all([worker(a), worker(b)]);
    const indexMs = performance.now() - indexStart;

    const analyzeStart = performance.now();
    await a.query(
      `ANALYZE "Fact"; ANALYZE "Member"; ANALYZE "Team"; ANALYZE "Shop"; ANALYZE "Workspace"; ANALYZE "SourceDay"`,
    );
    // A real table has been vacuumed: set the visibility map so index-only scans are possible, as in production.
    await a.query(`VACUUM "Fact"`);
    // Flush the load now, so the checkpoint's writes do not land in the middle of the timings.
    await a.query("CHECKPOINT");
    const analyzeMs = performance.now() - analyzeStart;

    return {
      workspaceId: WORKSPACE_ID,
      memberFacts: (r1.rowCount ?? 0) + (r2.r.rowCount ?? 0),
      shopFacts: r2.s.rowCount ?? 0,
      loadMs,
      indexMs,
      analyzeMs,
    };
  } finally {
    await Promise.allSettled([a.end(), b.end()]);
  }
}
