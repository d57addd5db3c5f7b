// Benchmark of the seasonal anomaly detector (src/domain/anomaly/): how right it is on a public labelled data set,
// and how fast it scans the whole workspace, each beside a plain 3-sigma detector run in the same script.
//
//   npx tsx bench/anomaly.ts [--series 10000] [--days 365] [--runs 5] [--warmup 1] [--seed 1]
//
// 1. Accuracy on NAB realAdExchange (six hourly files with gaps, ../shared/data/anomaly/nab from the repo root).
//    Each file goes on a regular hourly grid (NaN for an hour with no row) so phases line up. One configuration for
//    every file: DEFAULT_DAILY_DETECTOR with the period and residual window scaled from days to hours, nothing
//    tuned per file. Beside it, the plain 3-sigma detector: trailing mean ± 3 standard deviations over the same
//    span of history our detector looks at (seasons × period points), with the same cold start.
//    Scoring, window-level:
//      - an alert is an incident (consecutive anomalous points, merged by mergeIncidents with the same maxGap for
//        both detectors), and its time is the incident's START: the moment the bot would post;
//      - a true-positive alert starts inside a labelled window (inclusive); a false positive starts outside all;
//      - recall = windows with at least one alert starting in them / windows;
//      - precision = true-positive alerts / all alerts; F1 = their harmonic mean;
//      - alerts per 1,000 points, counting the rows in the file (hours observed).
//    Overall sums the counts over the files first, then computes the ratios.
// 2. Scan speed: `series` synthetic daily series × `days` days in memory (per-series level and weekday profile,
//    ±10% noise, two planted incidents each), timed round-robin after a warm-up (bench/support/timing.ts):
//    our detector (score every point, then merge incidents), the 3-sigma detector on the same data, and a single
//    pass computing each series' mean (the floor: reading the data once). Target: under 2 s for 10,000 × 365.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { type Incident, type IncidentOptions, mergeIncidents } from "../src/domain/anomaly/incidents.js";
import { DEFAULT_DAILY_DETECTOR, type DetectorOptions } from "../src/domain/anomaly/options.js";
import { createScorer, MAX_SCORE } from "../src/domain/anomaly/score.js";
import { positive } from "./support/args.js";
import { measureInterleaved, ms } from "./support/timing.js";

const TARGET_MS = 2000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NAB_DIR = path.resolve(repoRoot, "../shared/data/anomaly/nab");
const HOUR_MS = 3_600_000;

const { values: opts } = parseArgs({
  options: {
    series: { type: "string", default: "10000" },
    days: { type: "string", default: "365" },
    runs: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
  },
});
const seriesCount = positive("series", opts.series);
const days = positive("days", opts.days, 60);
const runs = positive("runs", opts.runs);
const warmup = positive("warmup", opts.warmup, 0);
const seed = positive("seed", opts.seed, 0);

/** The daily defaults on an hourly grid: a day of hours is the cycle, four days of errors the pooled spread. */
const HOURLY_DETECTOR: DetectorOptions = { ...DEFAULT_DAILY_DETECTOR, period: 24, residualWindow: 4 * 24 };

// ---------------------------------------------------------------------------------------------------------
// The plain 3-sigma detector: z = (x − mean) / sd of the trailing `span` points (missing ones skipped), no score
// until `minPoints` of them exist. Running sums make it O(1) per point: the fair "simple" baseline for speed.
function createThreeSigma(span: number, minPoints: number) {
  let buf = new Float64Array(0);
  return (values: ArrayLike<number>): Float64Array => {
    const n = values.length;
    if (buf.length < n) buf = new Float64Array(n);
    const z = buf.subarray(0, n);
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let t = 0; t < n; t++) {
      if (t > 0) {
        const added = values[t - 1] as number;
        if (added - added === 0) {
          sum += added;
          sumSq += added * added;
          count++;
        }
      }
      if (t - 1 - span >= 0) {
        const dropped = values[t - 1 - span] as number;
        if (dropped - dropped === 0) {
          sum -= dropped;
          sumSq -= dropped * dropped;
          count--;
        }
      }
      const x = values[t] as number;
      if (count < minPoints || x - x !== 0) {
        z[t] = Number.NaN;
        continue;
      }
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, (sumSq - sum * mean) / (count - 1)));
      const diff = x - mean;
      const raw = sd > 0 ? diff / sd : diff === 0 ? 0 : Math.sign(diff) * MAX_SCORE;
      z[t] = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, raw));
    }
    return z;
  };
}

const threeSigmaIncidents = (o: DetectorOptions): IncidentOptions => ({
  sensitivity: 3,
  direction: o.direction,
  maxGap: o.maxGap,
});

interface Detector {
  name: string;
  incidents(values: Float64Array): Incident[];
}

function detectors(o: DetectorOptions): Detector[] {
  const scorer = createScorer(o);
  const sigma = createThreeSigma(o.seasons * o.period, o.minSeasons * o.period);
  return [
    { name: "seasonal (ours)", incidents: (v) => mergeIncidents(scorer.score(v).score, o) },
    { name: "3-sigma", incidents: (v) => mergeIncidents(sigma(v), threeSigmaIncidents(o)) },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// NAB: load, grid, score.

interface NabFile {
  name: string;
  values: Float64Array;
  rows: number;
  duplicates: number;
  /** Inclusive grid-index ranges. */
  windows: [number, number][];
}

// NAB timestamps carry no zone; UTC keeps the hourly grid free of DST jumps.
function parseTime(text: string): number {
  const t = DateTime.fromSQL(text.trim(), { zone: "utc" });
  if (!t.isValid) throw new Error(`bad NAB timestamp "${text}"`);
  return t.toMillis();
}

function loadNab(): NabFile[] {
  const labels = JSON.parse(readFileSync(path.join(NAB_DIR, "label_windows.json"), "utf8")) as Record<
    string,
    [string, string][]
  >;
  return Object.entries(labels).map(([file, windows]) => {
    const lines = readFileSync(path.join(NAB_DIR, file), "utf8").trim().split("\n").slice(1);
    const points = lines.map((line) => {
      const [time, value] = line.split(",");
      return { at: parseTime(time ?? ""), value: Number(value) };
    });
    const start = points[0]?.at ?? 0;
    const hourOf = (at: number) => (at - start) / HOUR_MS;
    const length = Math.round(hourOf(points.at(-1)?.at ?? start)) + 1;
    const values = new Float64Array(length).fill(Number.NaN);
    let duplicates = 0;
    for (const p of points) {
      const i = Math.round(hourOf(p.at));
      // One file repeats an hour; the later row wins, as it would in a fact table updated in place.
      if (!Number.isNaN(values[i] as number)) duplicates++;
      values[i] = p.value;
    }
    return {
      name: path.basename(file, ".csv"),
      values,
      rows: points.length,
      duplicates,
      // A grid point is in a window when its time is inside [start, end].
      windows: windows.map(([a, b]): [number, number] => [
        Math.ceil(hourOf(parseTime(a)) - 1e-9),
        Math.floor(hourOf(parseTime(b)) + 1e-9),
      ]),
    };
  });
}

interface Counts {
  windows: number;
  found: number;
  alerts: number;
  truePositives: number;
  points: number;
}

function evaluate(file: NabFile, incidents: Incident[]): Counts {
  const inside = (i: number) => file.windows.some(([a, b]) => i >= a && i <= b);
  const truePositives = incidents.filter((inc) => inside(inc.startIndex)).length;
  const found = file.windows.filter(([a, b]) => incidents.some((inc) => inc.startIndex >= a && inc.startIndex <= b));
  return {
    windows: file.windows.length,
    found: found.length,
    alerts: incidents.length,
    truePositives,
    points: file.rows,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

function row(label: string, c: Counts): string[] {
  const precision = ratio(c.truePositives, c.alerts);
  const recall = ratio(c.found, c.windows);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return [
    label,
    `${c.found}/${c.windows}`,
    String(c.alerts),
    String(c.truePositives),
    String(c.alerts - c.truePositives),
    fixed(precision),
    fixed(recall),
    fixed(f1),
    fixed((1000 * c.alerts) / c.points, 1),
  ];
}

const zero = (): Counts => ({ windows: 0, found: 0, alerts: 0, truePositives: 0, points: 0 });

function add(a: Counts, b: Counts): Counts {
  return {
    windows: a.windows + b.windows,
    found: a.found + b.found,
    alerts: a.alerts + b.alerts,
    truePositives: a.truePositives + b.truePositives,
    points: a.points + b.points,
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)].join("\n");
}

function accuracy(): void {
  const files = loadNab();
  const dups = files.filter((f) => f.duplicates > 0).map((f) => `${f.name} (${f.duplicates})`);
  console.log(`NAB realAdExchange, ${NAB_DIR}`);
  console.log(
    `  ${files.length} files, hourly grid, ${files.reduce((a, f) => a + f.values.length - f.rows + f.duplicates, 0)} ` +
      `empty hours in all (NaN)${dups.length > 0 ? `; repeated hours, later row kept: ${dups.join(", ")}` : ""}`,
  );
  const o = HOURLY_DETECTOR;
  console.log(
    `  ours: period ${o.period}, seasons ${o.seasons}, minSeasons ${o.minSeasons}, sensitivity ${o.sensitivity}, ` +
      `direction ${o.direction}, residualWindow ${o.residualWindow}, relativeFloor ${o.relativeFloor}, maxGap ${o.maxGap}`,
  );
  console.log(
    `  3-sigma: trailing mean ± 3 sd over ${o.seasons * o.period} points, from ${o.minSeasons * o.period} points on`,
  );
  console.log(
    "  alert = incident, timed at its start; TP = starts inside a window; recall = windows with an alert starting " +
      "in them; overall = counts summed over files\n",
  );
  const header = ["file", "found", "alerts", "TP", "FP", "prec", "recall", "F1", "alerts/1k"];
  for (const d of detectors(o)) {
    let total = zero();
    const rows = files.map((f) => {
      const c = evaluate(f, d.incidents(f.values));
      total = add(total, c);
      return row(f.name, c);
    });
    rows.push(row("overall", total));
    console.log(`${d.name}\n${table(header, rows)}\n`);
  }
  // The named levels side by side, overall only: what a team trades by picking one. For reading, not for tuning:
  // the tables above use the default ("medium").
  const levels = (["low", "medium", "high"] as const).map((sensitivity) => {
    const [ours] = detectors({ ...o, sensitivity }) as [Detector];
    const total = files.reduce((sum, f) => add(sum, evaluate(f, ours.incidents(f.values))), zero());
    return row(`ours, ${sensitivity}`, total);
  });
  console.log(`seasonal (ours), overall at each sensitivity\n${table(["level", ...header.slice(1)], levels)}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Scan speed on synthetic daily series.

// mulberry32: a seeded generator, so every run scans the same data.
function random(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEEKDAY_SHAPE = [1, 0.95, 0.95, 1, 1.1, 1.6, 1.9];

interface Synthetic {
  data: Float64Array;
  /** Per series, the planted incidents' [start, end] days. */
  planted: [number, number][][];
}

function synthesize(count: number, length: number, seed: number): Synthetic {
  const next = random(seed);
  const data = new Float64Array(count * length);
  const planted: [number, number][][] = [];
  for (let s = 0; s < count; s++) {
    const level = 10 ** (1 + 4 * next());
    const shape = WEEKDAY_SHAPE.map((w) => w * (0.85 + 0.3 * next()));
    const base = s * length;
    for (let t = 0; t < length; t++) data[base + t] = level * (shape[t % 7] as number) * (0.9 + 0.2 * next());
    // Two incidents after the cold start, far enough apart not to touch: a spike or a slump of 1–3 days.
    const mine: [number, number][] = [];
    for (const from of [Math.floor(length * 0.3), Math.floor(length * 0.65)]) {
      const start = from + Math.floor(next() * length * 0.25);
      const end = Math.min(length - 1, start + Math.floor(next() * 3));
      const factor = next() < 0.5 ? 2 + 2 * next() : 0.2 + 0.3 * next();
      for (let t = start; t <= end; t++) data[base + t] = (data[base + t] as number) * factor;
      mine.push([start, end]);
    }
    planted.push(mine);
  }
  return { data, planted };
}

async function speed(): Promise<void> {
  const o = DEFAULT_DAILY_DETECTOR;
  const { data, planted } = synthesize(seriesCount, days, seed);
  const points = seriesCount * days;
  const series = Array.from({ length: seriesCount }, (_, s) => data.subarray(s * days, (s + 1) * days));
  const [ours, sigma] = detectors(o) as [Detector, Detector];

  // What each detector says about the planted incidents, so the speed is of a detector that works.
  for (const d of [ours, sigma]) {
    let found = 0;
    let alerts = 0;
    let falseAlerts = 0;
    for (const [s, v] of series.entries()) {
      const incidents = d.incidents(v);
      const mine = planted[s] ?? [];
      alerts += incidents.length;
      found += mine.filter(([a, b]) => incidents.some((i) => i.startIndex <= b && i.endIndex >= a)).length;
      falseAlerts += incidents.filter((i) => !mine.some(([a, b]) => i.startIndex <= b && i.endIndex >= a)).length;
    }
    console.log(
      `  ${d.name}: ${found}/${2 * seriesCount} planted incidents found (${fixed((100 * found) / (2 * seriesCount), 1)}%), ` +
        `${alerts} alerts, ${falseAlerts} false (${fixed((1000 * falseAlerts) / seriesCount, 1)} per 1,000 series-years)`,
    );
  }

  let sink = 0;
  const scan = (d: Detector) => async () => {
    for (const v of series) sink += d.incidents(v).length;
  };
  const means = async () => {
    for (const v of series) {
      let sum = 0;
      for (let t = 0; t < v.length; t++) sum += v[t] as number;
      sink += sum / v.length;
    }
  };
  const [a, b, c] = await measureInterleaved([scan(ours), scan(sigma), means], runs, warmup);
  if (!a || !b || !c || Number.isNaN(sink)) throw new Error("timing failed");
  const rate = (t: number) => `${(((points / t) * 1000) / 1e6).toFixed(1)} M`;
  console.log(
    `\n${table(
      ["task", "p50 ms", "p95 ms", "min ms", "points/s", "× ours"],
      [
        ["seasonal (ours): score + merge", ms(a.p50), ms(a.p95), ms(a.min), rate(a.p50), "1.00"],
        ["3-sigma: score + merge", ms(b.p50), ms(b.p95), ms(b.min), rate(b.p50), fixed(b.p50 / a.p50)],
        ["mean of each series", ms(c.p50), ms(c.p95), ms(c.min), rate(c.p50), fixed(c.p50 / a.p50, 3)],
      ],
    )}`,
  );
  console.log(
    `\n  ours is ${fixed(a.p50 / b.p50)}× the 3-sigma detector and ${fixed(a.p50 / c.p50, 0)}× one pass over the data; ` +
      `${seriesCount} × ${days} in ${ms(a.p95)} ms (p95): < 2 s ${a.p95 < TARGET_MS ? "met" : "NOT met"}`,
  );
}

accuracy();
console.log(`Scan speed: ${seriesCount} synthetic daily series × ${days} days, ${runs} runs after ${warmup} warm-up`);
await speed();
