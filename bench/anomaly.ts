// Benchmark of the seasonal anomaly detector (src/domain/anomaly/): how right it is on public labelled data sets,
// and how fast it scans the whole workspace, each beside a plain 3-sigma detector run in the same script.
//
//   npx tsx bench/anomaly.ts [--series 10000] [--days 365] [--runs 5] [--warmup 1] [--seed 1]
//
// 1. Accuracy on labelled public data (bench/anomaly/sets.ts), in one run:
//    - NAB realAdExchange (six hourly files with gaps, ../shared/data/anomaly/nab from the repo root): ratios and
//      money, continuous noise;
//    - NAB realTweets, Twitter_volume_CVS and Twitter_volume_CRM (bench/anomaly/data/nab-tweets, see its README):
//      mentions per 5 minutes, mostly 0–2 (CVS) and 0–8 (CRM), the low-volume count series the count-noise model
//      is for.
//    Each file goes on its set's regular grid (NaN for a slot with no row) so phases line up. One configuration
//    for every file (bench/anomaly/detectors.ts): DEFAULT_DAILY_DETECTOR with a day of points as the cycle and
//    four cycles of pooled errors, count noise and the orders floor (minScale 1) for the count set because its
//    values are counts, as the alert scan does for orders; nothing tuned per file. Beside it, the plain 3-sigma
//    detector: trailing mean ± 3 standard deviations over the same span of history (seasons × period points),
//    the same cold start and the same incident merging.
//    Scoring, window-level (bench/anomaly/scoring.ts):
//      - an alert is an incident (consecutive anomalous points, merged by mergeIncidents with the same maxGap for
//        both detectors), and its time is the incident's START: the moment the bot would post;
//      - a true-positive alert starts inside a labelled window (inclusive); a false positive starts outside all;
//      - recall = windows with at least one alert starting in them / windows;
//      - precision = true-positive alerts / all alerts; F1 = their harmonic mean;
//      - alerts per 1,000 points, counting the rows in the file (points observed).
//    Overall sums the counts over the files first, then computes the ratios.
//    Targets, printed as met / NOT met: F1 at least 1.2× the 3-sigma detector's AND fewer alerts per 1,000 points,
//    overall (every file of every set) and on the low-volume files (each, and together).
// 2. Scan speed: `series` synthetic daily series × `days` days in memory (per-series level and weekday profile,
//    ±10% noise, two planted incidents each), timed round-robin after a warm-up (bench/support/timing.ts):
//    our detector (score every point, then merge incidents), the same with count noise, the 3-sigma detector on
//    the same data, and a single pass computing each series' mean (the floor: reading the data once). Target:
//    under 2 s for 10,000 × 365.

import { parseArgs } from "node:util";
import { mulberry32 } from "../src/demo/random.js";
import { DEFAULT_DAILY_DETECTOR, type DetectorOptions } from "../src/domain/anomaly/options.js";
import { type Detector, detectorFor, detectors, threeSigmaSpan } from "./anomaly/detectors.js";
import { add, type Counts, evaluate, fixed, HEADER, quality, row, zero } from "./anomaly/scoring.js";
import { DATA_SETS, type LabelledFile, loadSet } from "./anomaly/sets.js";
import { positive } from "./support/args.js";
import { table } from "./support/table.js";
import { measureInterleaved, ms } from "./support/timing.js";

const TARGET_MS = 2000;
/** The issue's bar: ours must beat 3-sigma's F1 by this factor, with fewer alerts per 1,000 points. */
const F1_FACTOR = 1.2;

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

// ---------------------------------------------------------------------------------------------------------
// Accuracy on the labelled sets.

const describe = (o: DetectorOptions) =>
  `period ${o.period}, seasons ${o.seasons}, minSeasons ${o.minSeasons}, sensitivity ${o.sensitivity}, ` +
  `direction ${o.direction}, residualWindow ${o.residualWindow}, relativeFloor ${o.relativeFloor}, ` +
  `minScale ${o.minScale}, maxGap ${o.maxGap}, noise ${o.noise}` +
  (o.noise === "count" ? ` (overdispersion ${o.overdispersion}: Poisson)` : "");

interface Result {
  file: LabelledFile;
  ours: Counts;
  sigma: Counts;
}

function runSet(files: LabelledFile[], pair: [Detector, Detector]): Result[] {
  const [ours, sigma] = pair;
  return files.map((file) => ({
    file,
    ours: evaluate(file, ours.incidents(file.values)),
    sigma: evaluate(file, sigma.incidents(file.values)),
  }));
}

const sum = (results: Result[], pick: (r: Result) => Counts) => results.reduce((a, r) => add(a, pick(r)), zero());

/** "met" when F1 ≥ 1.2 × 3-sigma's and alerts/1k < 3-sigma's. */
function target(label: string, ours: Counts, sigma: Counts): string[] {
  const a = quality(ours);
  const b = quality(sigma);
  const f1Met = a.f1 >= F1_FACTOR * b.f1;
  const alertsMet = a.perThousand < b.perThousand;
  return [
    label,
    fixed(a.f1),
    fixed(b.f1),
    b.f1 > 0 ? `${fixed(a.f1 / b.f1)}×` : "-",
    f1Met ? "met" : "NOT met",
    fixed(a.perThousand, 1),
    fixed(b.perThousand, 1),
    alertsMet ? "met" : "NOT met",
    f1Met && alertsMet ? "met" : "NOT met",
  ];
}

function accuracy(): void {
  const all: Result[] = [];
  for (const set of DATA_SETS) {
    const files = loadSet(set);
    const o = detectorFor(set);
    const { span, minPoints } = threeSigmaSpan(o);
    const empty = files.reduce((a, f) => a + f.values.length - f.rows + f.duplicates, 0);
    const dups = files.filter((f) => f.duplicates > 0).map((f) => `${f.name} (${f.duplicates})`);
    console.log(`${set.title}, ${set.dir}`);
    console.log(`  ${set.about}`);
    console.log(
      `  ${files.length} file(s), ${set.stepSeconds / 60}-minute grid, ${empty} empty slots in all (NaN)` +
        `${dups.length > 0 ? `; repeated slots, later row kept: ${dups.join(", ")}` : ""}`,
    );
    console.log(`  ours: ${describe(o)}`);
    console.log(`  3-sigma: trailing mean ± 3 sd over ${span} points, from ${minPoints} points on`);
    const results = runSet(files, detectors(o));
    all.push(...results);
    for (const [name, pick] of [
      ["seasonal (ours)", (r: Result) => r.ours],
      ["3-sigma", (r: Result) => r.sigma],
    ] as const) {
      const rows = results.map((r) => row(r.file.name, pick(r)));
      if (results.length > 1) rows.push(row("set overall", sum(results, pick)));
      console.log(`\n${name}\n${table(HEADER, rows)}`);
    }
    console.log("");
  }

  console.log(
    "alert = incident, timed at its start; TP = starts inside a window; recall = windows with an alert starting " +
      "in them; overall = counts summed over files\n",
  );
  const summary: string[][] = [];
  for (const set of DATA_SETS) {
    const results = all.filter((r) => r.file.set === set);
    summary.push(
      row(
        `${set.title}: ours`,
        sum(results, (r) => r.ours),
      ),
    );
    summary.push(
      row(
        `${set.title}: 3-sigma`,
        sum(results, (r) => r.sigma),
      ),
    );
  }
  summary.push(
    row(
      "overall, every file: ours",
      sum(all, (r) => r.ours),
    ),
  );
  summary.push(
    row(
      "overall, every file: 3-sigma",
      sum(all, (r) => r.sigma),
    ),
  );
  console.log(`Every set side by side\n${table(["set, detector", ...HEADER.slice(1)], summary)}\n`);

  const low = all.filter((r) => r.file.set.lowVolume);
  const targets = [
    target(
      "overall, every file",
      sum(all, (r) => r.ours),
      sum(all, (r) => r.sigma),
    ),
  ];
  if (low.length > 1) {
    targets.push(
      target(
        "low-volume files together",
        sum(low, (r) => r.ours),
        sum(low, (r) => r.sigma),
      ),
    );
  }
  for (const r of low) targets.push(target(`low-volume: ${r.file.name}`, r.ours, r.sigma));
  console.log(
    `Targets: F1 ≥ ${F1_FACTOR}× 3-sigma's and fewer alerts per 1,000 points (one configuration, nothing tuned per file)\n` +
      table(["scope", "F1 ours", "F1 3σ", "ratio", "F1 ≥1.2×", "/1k ours", "/1k 3σ", "fewer", "target"], targets),
  );

  // The named levels side by side, overall only: what a team trades by picking one. For reading, not for tuning:
  // the tables above use the default ("medium").
  const levels = (["low", "medium", "high"] as const).map((sensitivity) => {
    let total = zero();
    for (const set of DATA_SETS) {
      const [ours] = detectors({ ...detectorFor(set), sensitivity });
      for (const r of all.filter((x) => x.file.set === set))
        total = add(total, evaluate(r.file, ours.incidents(r.file.values)));
    }
    return row(`ours, ${sensitivity}`, total);
  });
  console.log(`\nseasonal (ours), every file, at each sensitivity\n${table(["level", ...HEADER.slice(1)], levels)}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Scan speed on synthetic daily series.

// mulberry32: a seeded generator, so every run scans the same data.
const random = mulberry32;

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
  const [ours, sigma] = detectors(o);
  const [counted] = detectors({ ...o, noise: "count" });

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
  const [a, b, c, d] = await measureInterleaved([scan(ours), scan(sigma), means, scan(counted)], runs, warmup);
  if (!a || !b || !c || !d || Number.isNaN(sink)) throw new Error("timing failed");
  const rate = (t: number) => `${(((points / t) * 1000) / 1e6).toFixed(1)} M`;
  console.log(
    `\n${table(
      ["task", "p50 ms", "p95 ms", "min ms", "points/s", "× ours"],
      [
        ["seasonal (ours): score + merge", ms(a.p50), ms(a.p95), ms(a.min), rate(a.p50), "1.00"],
        ["ours, count noise: score + merge", ms(d.p50), ms(d.p95), ms(d.min), rate(d.p50), fixed(d.p50 / a.p50)],
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
