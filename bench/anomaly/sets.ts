// The labelled data sets the anomaly benchmark runs on, and how a file becomes a regular grid with label windows.
// Every set is in NAB's layout: CSV files of `timestamp,value` (no zone) and a label_windows.json that maps
// "<dir>/<file>.csv" to inclusive [start, end] windows.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import type { Noise } from "../../src/domain/anomaly/options.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

export interface DataSet {
  /** How the tables name it. */
  title: string;
  /** Folder holding label_windows.json, with the CSVs under the label keys' paths. */
  dir: string;
  /** The grid step in seconds (NAB rows sit on a regular clock, with gaps). */
  stepSeconds: number;
  /** What the values are: counts get the count-noise model, like orders in the alert scan. */
  noise: Noise;
  /** Low-volume count series: the files the count-noise targets are judged on. */
  lowVolume: boolean;
  /** One line on what the numbers are, for the header. */
  about: string;
}

export const DATA_SETS: readonly DataSet[] = [
  {
    title: "NAB realAdExchange",
    dir: path.resolve(repoRoot, "../shared/data/anomaly/nab"),
    stepSeconds: 3600,
    noise: "continuous",
    lowVolume: false,
    about: "hourly CPC and CPM of an ad exchange (ratios, money): continuous noise",
  },
  {
    title: "NAB realTweets (low-volume counts)",
    dir: path.resolve(here, "data/nab-tweets"),
    stepSeconds: 300,
    noise: "count",
    lowVolume: true,
    about: "Twitter mentions of a company per 5 minutes, used as is (CVS 0–2, CRM 0–8 most of the time): count noise",
  },
];

export interface LabelledFile {
  set: DataSet;
  name: string;
  /** Values on the set's regular grid from the first row on; NaN where no row fell. */
  values: Float64Array;
  /** Rows in the file (points observed), for alerts per 1,000 points. */
  rows: number;
  /** Grid slots filled twice; the later row wins, as in a fact table updated in place. */
  duplicates: number;
  /** Inclusive grid-index ranges of the labelled anomaly windows. */
  windows: [number, number][];
}

// NAB timestamps carry no zone; UTC keeps the grid free of DST jumps.
function parseTime(text: string): number {
  const t = DateTime.fromSQL(text.trim(), { zone: "utc" });
  if (!t.isValid) throw new Error(`bad NAB timestamp "${text}"`);
  return t.toMillis();
}

export function loadSet(set: DataSet): LabelledFile[] {
  const labelPath = path.join(set.dir, "label_windows.json");
  if (!existsSync(labelPath)) throw new Error(`no label_windows.json in ${set.dir}`);
  const labels = JSON.parse(readFileSync(labelPath, "utf8")) as Record<string, [string, string][]>;
  const stepMs = set.stepSeconds * 1000;
  return Object.entries(labels).map(([file, windows]) => {
    const lines = readFileSync(path.join(set.dir, file), "utf8").trim().split("\n").slice(1);
    const points = lines.map((line) => {
      const [time, value] = line.split(",");
      return { at: parseTime(time ?? ""), value: Number(value) };
    });
    const start = points[0]?.at ?? 0;
    const slotOf = (at: number) => (at - start) / stepMs;
    const length = Math.round(slotOf(points.at(-1)?.at ?? start)) + 1;
    const values = new Float64Array(length).fill(Number.NaN);
    let duplicates = 0;
    for (const p of points) {
      const i = Math.round(slotOf(p.at));
      if (!Number.isNaN(values[i] as number)) duplicates++;
      values[i] = p.value;
    }
    return {
      set,
      name: path.basename(file, ".csv"),
      values,
      rows: points.length,
      duplicates,
      // A grid point is in a window when its time is inside [start, end].
      windows: windows.map(([a, b]): [number, number] => [
        Math.ceil(slotOf(parseTime(a)) - 1e-9),
        Math.floor(slotOf(parseTime(b)) + 1e-9),
      ]),
    };
  });
}
