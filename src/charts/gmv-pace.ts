// "GMV against target pace, month to date" for the managers' morning digest: an SVG drawn here, rasterised to an
// 800×400 PNG by resvg with fonts loaded from known paths (./fonts.ts), so Chinese titles and labels render on
// servers without fontconfig set up. The cumulative GMV line starts at 0 on day 0 (the start of the month); each
// target tier is a straight dashed pace line from 0 on day 0 to its value on the last day of the month.
import { renderAsync } from "@resvg/resvg-js";
import { type ChartFonts, chartFonts } from "./fonts.js";

export interface GmvPaceChartInput {
  /** e.g. "Indonesia Beauty · GMV vs target pace" or "印尼美妆 · GMV 与目标进度" */
  title: string;
  /** e.g. "IDR" */
  currency: string;
  locale: "en" | "zh";
  /** Month-to-date cumulative GMV per local day, dates "yyyy-MM-dd"; the day of month places each point. */
  days: { date: string; cumulative: number }[];
  /** e.g. 30 */
  daysInMonth: number;
  /** 0–3 target tiers for the month (e.g. base/stretch or 基础/冲刺). */
  tiers: { name: string; value: number }[];
  /** Legend words in the member's language. */
  labels: { actual: string; pace: string };
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

const PLOT = { left: 78, right: CHART_WIDTH - 128, top: 88, bottom: CHART_HEIGHT - 40 };
const ACTUAL_COLOR = "#2563eb";
const TIER_COLORS = ["#64748b", "#ea580c", "#9333ea"];
const MAX_TIERS = TIER_COLORS.length;

/**
 * Renders the chart as PNG bytes (CHART_WIDTH × CHART_HEIGHT). Rasterising runs off the event loop. `fonts` defaults
 * to the ones found on this machine (tests pass others to see what a machine without a CJK font draws).
 */
export async function renderGmvPaceChart(
  input: GmvPaceChartInput,
  fonts: ChartFonts = chartFonts(),
): Promise<Uint8Array> {
  const svg = buildGmvPaceSvg(input, fonts.fontFamily);
  const image = await renderAsync(svg, {
    fitTo: { mode: "original" },
    background: "#ffffff",
    logLevel: "off",
    font: {
      // Only the known files, for the same result everywhere; with none of them, whatever the machine has.
      loadSystemFonts: fonts.files.length === 0,
      fontFiles: fonts.files,
      ...(fonts.defaultFamily ? { defaultFontFamily: fonts.defaultFamily, sansSerifFamily: fonts.defaultFamily } : {}),
    },
  });
  return image.asPng();
}

/** The chart as an SVG document; all text from the input is escaped. */
export function buildGmvPaceSvg(input: GmvPaceChartInput, fontFamily = "sans-serif"): string {
  const daysInMonth = Math.max(
    1,
    Math.floor(finite(input.daysInMonth)),
    ...input.days.map((d) => dayOfMonth(d.date) ?? 0),
  );
  const actual = actualPoints(input.days);
  const tiers = input.tiers
    .slice(0, MAX_TIERS)
    .map((t, i) => ({ name: t.name, value: Math.max(0, finite(t.value)), color: TIER_COLORS[i] ?? "#64748b" }));

  const peak = Math.max(0, ...actual.map((p) => p.value), ...tiers.map((t) => t.value));
  const { max: yMax, step: yStep } = niceScale(peak);
  const x = (day: number) => PLOT.left + (day / daysInMonth) * (PLOT.right - PLOT.left);
  const y = (value: number) => PLOT.bottom - (Math.min(value, yMax) / yMax) * (PLOT.bottom - PLOT.top);
  const fmt = (value: number) => compactNumber(value, input.locale);

  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`);

  // Title and legend.
  parts.push(
    `<text x="20" y="32" font-size="18" font-weight="bold" fill="#111827">${xml(fitText(input.title, CHART_WIDTH - 40, 18))}</text>`,
  );
  const actualLabel = fitText(input.labels.actual, 200, 12);
  parts.push(`<line x1="20" y1="52" x2="44" y2="52" stroke="${ACTUAL_COLOR}" stroke-width="2.5"/>`);
  parts.push(`<text x="50" y="56" font-size="12" fill="#374151">${xml(actualLabel)}</text>`);
  const paceX = 50 + textWidth(actualLabel, 12) + 24;
  parts.push(
    `<line x1="${n(paceX)}" y1="52" x2="${n(paceX + 24)}" y2="52" stroke="#64748b" stroke-width="1.5" stroke-dasharray="5 4"/>`,
  );
  parts.push(
    `<text x="${n(paceX + 30)}" y="56" font-size="12" fill="#374151">${xml(fitText(input.labels.pace, 200, 12))}</text>`,
  );

  // Y axis: gridlines and compact values, currency above.
  for (let v = 0; v <= yMax + yStep / 2; v += yStep) {
    const yy = n(y(v));
    parts.push(`<line x1="${PLOT.left}" y1="${yy}" x2="${PLOT.right}" y2="${yy}" stroke="#e5e7eb" stroke-width="1"/>`);
    parts.push(
      `<text x="${PLOT.left - 8}" y="${n(y(v) + 4)}" font-size="11" fill="#6b7280" text-anchor="end">${xml(fmt(v))}</text>`,
    );
  }
  parts.push(
    `<text x="${PLOT.left - 8}" y="${PLOT.top - 12}" font-size="11" fill="#6b7280" text-anchor="end">${xml(fitText(input.currency, 60, 11))}</text>`,
  );

  // X axis: day-of-month ticks.
  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#9ca3af" stroke-width="1"/>`,
  );
  for (const day of dayTicks(daysInMonth)) {
    const xx = n(x(day));
    parts.push(
      `<line x1="${xx}" y1="${PLOT.bottom}" x2="${xx}" y2="${PLOT.bottom + 4}" stroke="#9ca3af" stroke-width="1"/>`,
    );
    parts.push(
      `<text x="${xx}" y="${PLOT.bottom + 18}" font-size="11" fill="#6b7280" text-anchor="middle">${day}</text>`,
    );
  }

  // Pace lines, labelled at the month's end, labels pushed apart when tiers are close.
  const tierLabels = spreadLabels(tiers.map((t) => y(t.value) + 4));
  tiers.forEach((t, i) => {
    parts.push(
      `<line x1="${n(x(0))}" y1="${n(y(0))}" x2="${n(x(daysInMonth))}" y2="${n(y(t.value))}" stroke="${t.color}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    );
    const value = fmt(t.value);
    const name = fitText(t.name, CHART_WIDTH - PLOT.right - 12 - textWidth(` ${value}`, 11), 11);
    parts.push(
      `<text x="${PLOT.right + 6}" y="${n(tierLabels[i] ?? 0)}" font-size="11" fill="${t.color}">${xml(`${name} ${value}`.trim())}</text>`,
    );
  });

  // Actual cumulative GMV, with the latest value marked.
  const last = actual[actual.length - 1];
  if (last) {
    const points = [{ day: 0, value: 0 }, ...actual].map((p) => `${n(x(p.day))},${n(y(p.value))}`).join(" ");
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${ACTUAL_COLOR}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
    parts.push(`<circle cx="${n(x(last.day))}" cy="${n(y(last.value))}" r="4" fill="${ACTUAL_COLOR}"/>`);
    // Right of the point (the line so far is all to its left); above it, ending there, near the month's end.
    const nearEnd = x(last.day) > PLOT.right - 70;
    const anchor = nearEnd ? "end" : "start";
    const labelX = x(last.day) + (nearEnd ? -4 : 8);
    const labelY = nearEnd ? Math.max(PLOT.top + 12, y(last.value) - 10) : y(last.value) + 4;
    parts.push(
      `<text x="${n(labelX)}" y="${n(labelY)}" font-size="12" font-weight="bold" fill="${ACTUAL_COLOR}" stroke="#ffffff" stroke-width="3" paint-order="stroke" text-anchor="${anchor}">${xml(fmt(last.value))}</text>`,
    );
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<g font-family="${xml(fontFamily)}">`,
    ...parts,
    "</g>",
    "</svg>",
  ].join("\n");
}

/** Text for an XML text node or a double-quoted attribute: escaped, with characters XML cannot hold dropped. */
export function xml(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) continue;
    if (ch === "&") out += "&amp;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === '"') out += "&quot;";
    else if (ch === "'") out += "&apos;";
    else out += ch;
  }
  return out;
}

/** 1.2B / 846M / 12.5K in English; 1.2亿 / 350万 in Chinese: three significant digits, trailing zeros dropped. */
export function compactNumber(value: number, locale: "en" | "zh"): string {
  const units: [number, string][] =
    locale === "zh"
      ? [
          [1e12, "万亿"],
          [1e8, "亿"],
          [1e4, "万"],
        ]
      : [
          [1e12, "T"],
          [1e9, "B"],
          [1e6, "M"],
          [1e3, "K"],
        ];
  const abs = Math.abs(value);
  for (const [size, suffix] of units) {
    if (abs >= size) return `${trimDecimals(value / size)}${suffix}`;
  }
  return trimDecimals(value);
}

function trimDecimals(value: number): string {
  const abs = Math.abs(value);
  const scale = abs >= 100 ? 1 : abs >= 10 ? 10 : 100;
  return String(Math.round(value * scale) / scale);
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** SVG coordinates with one decimal, so the document (and so the PNG) depends only on the input. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function dayOfMonth(date: string): number | undefined {
  const match = /^\d{4}-\d{2}-(\d{2})$/.exec(date);
  const day = match ? Number(match[1]) : Number.NaN;
  return day >= 1 && day <= 31 ? day : undefined;
}

/** One point per day of month (the last given wins), in day order; negative cumulative values are drawn at 0. */
function actualPoints(days: GmvPaceChartInput["days"]): { day: number; value: number }[] {
  const byDay = new Map<number, number>();
  for (const d of days) {
    const day = dayOfMonth(d.date);
    if (day !== undefined) byDay.set(day, Math.max(0, finite(d.cumulative)));
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, value]) => ({ day, value }));
}

/** A y axis from 0 to a round maximum in 3–6 steps of 1, 2 or 5 × 10^k. */
function niceScale(peak: number): { max: number; step: number } {
  const top = peak > 0 ? peak * 1.05 : 4;
  const raw = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  return { max: Math.ceil(top / step) * step, step };
}

function dayTicks(daysInMonth: number): number[] {
  const step = daysInMonth <= 10 ? 1 : 5;
  const ticks = [1];
  for (let d = step === 1 ? 2 : 5; d <= daysInMonth; d += step) ticks.push(d);
  const lastTick = ticks[ticks.length - 1] ?? 1;
  if (lastTick !== daysInMonth) {
    if (daysInMonth - lastTick < 2 && ticks.length > 1) ticks.pop();
    ticks.push(daysInMonth);
  }
  return ticks;
}

/** Baselines at least 14px apart, keeping their order, within the plot's height. */
function spreadLabels(wanted: number[]): number[] {
  const gap = 14;
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const item of order) {
    const y = Math.max(item.y, previous + gap);
    placed[item.i] = y;
    previous = y;
  }
  const overflow = previous - (PLOT.bottom + 4);
  return overflow > 0 ? placed.map((y) => y - overflow) : placed;
}

/** A rough advance width: CJK and other wide characters one em, the rest 0.62 em. */
function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.62;
  return ems * fontSize;
}

/** The text on one line, shortened with an ellipsis when it would be wider than maxWidth. */
function fitText(text: string, maxWidth: number, fontSize: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  if (textWidth(oneLine, fontSize) <= maxWidth) return oneLine;
  let out = "";
  for (const ch of oneLine) {
    if (textWidth(`${out}${ch}…`, fontSize) > maxWidth) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}
