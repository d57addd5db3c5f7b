// The morning digest's GMV-vs-pace chart: PNG shape, determinism, Chinese text actually drawn, escaping, edge inputs.
import { describe, expect, it } from "vitest";
import { cjkFontAvailable, FONT_CANDIDATES, findChartFonts } from "../../src/charts/fonts.js";
import {
  buildGmvPaceSvg,
  CHART_HEIGHT,
  CHART_WIDTH,
  compactNumber,
  type GmvPaceChartInput,
  renderGmvPaceChart,
} from "../../src/charts/gmv-pace.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // The first chunk after the signature is IHDR: length (4), type (4), then width and height, big-endian.
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

const days = Array.from({ length: 17 }, (_, i) => ({
  date: `2025-06-${String(i + 1).padStart(2, "0")}`,
  cumulative: (i + 1) * 52_000_000 + (i % 3) * 7_000_000,
}));

const english: GmvPaceChartInput = {
  title: "Indonesia Beauty · GMV vs target pace",
  currency: "IDR",
  locale: "en",
  days,
  daysInMonth: 30,
  tiers: [
    { name: "base", value: 1_500_000_000 },
    { name: "stretch", value: 1_800_000_000 },
  ],
  labels: { actual: "actual", pace: "target pace" },
};

const chinese: GmvPaceChartInput = {
  ...english,
  title: "印尼美妆 · 本月 GMV 与目标进度",
  locale: "zh",
  tiers: [
    { name: "基础", value: 1_500_000_000 },
    { name: "冲刺", value: 1_800_000_000 },
  ],
  labels: { actual: "实际", pace: "目标进度" },
};

describe("renderGmvPaceChart", () => {
  it("returns a PNG of the chart's size", async () => {
    const png = await renderGmvPaceChart(english);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect({ width: CHART_WIDTH, height: CHART_HEIGHT }).toEqual({ width: 800, height: 400 });
  });

  it("is deterministic: the same input gives the same bytes", async () => {
    const [a, b] = await Promise.all([renderGmvPaceChart(chinese), renderGmvPaceChart(chinese)]);
    expect(sameBytes(a, b)).toBe(true);
    expect(buildGmvPaceSvg(chinese)).toBe(buildGmvPaceSvg(chinese));
  });

  // Characters no font has: each draws as the font's missing-glyph box, which is what Chinese looks like without a
  // CJK font. Six of them stand for a six-character Chinese title drawn as tofu.
  const sixChinese = "本月目标进度";
  const sixMissing = "\u0378".repeat(6);

  it("draws Chinese as missing-glyph boxes when only Latin fonts are given (so the next test can tell)", async () => {
    const latinOnly = findChartFonts(FONT_CANDIDATES, (path) => path.includes("dejavu"));
    const [zh, tofu] = await Promise.all([
      renderGmvPaceChart({ ...chinese, title: sixChinese }, latinOnly),
      renderGmvPaceChart({ ...chinese, title: sixMissing }, latinOnly),
    ]);
    expect(pngSize(zh)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    if (latinOnly.files.length > 0) expect(sameBytes(zh, tofu)).toBe(true);
  });

  it.skipIf(!cjkFontAvailable())(
    "draws Chinese characters (needs a CJK font: apt-get install fonts-wqy-microhei; skipped when none is found)",
    async () => {
      const [zh, tofu, boxes, empty] = await Promise.all([
        renderGmvPaceChart({ ...chinese, title: sixChinese }),
        renderGmvPaceChart({ ...chinese, title: sixMissing }),
        renderGmvPaceChart({ ...chinese, title: "□□□" }),
        renderGmvPaceChart({ ...chinese, title: "" }),
      ]);
      expect(sameBytes(zh, tofu)).toBe(false);
      expect(sameBytes(zh, boxes)).toBe(false);
      expect(sameBytes(zh, empty)).toBe(false);
    },
  );

  it("escapes text, so markup characters and quotes in any field cannot break the SVG", async () => {
    const nasty: GmvPaceChartInput = {
      ...english,
      title: `Tom & Jerry's <b>"best"</b> shop ]]> <!-- x -->\u0001`,
      currency: `I<D>R&`,
      tiers: [{ name: `base" onload="x`, value: 1_000_000_000 }],
      labels: { actual: "<actual>", pace: "'pace' & \"more\"" },
    };
    const svg = buildGmvPaceSvg(nasty, `'Font & "Co"'`);
    expect(svg).toContain("Tom &amp; Jerry&apos;s &lt;b&gt;&quot;best&quot;&lt;/b&gt; shop ]]&gt; &lt;!-- x --&gt;");
    expect(svg).not.toContain("<b>");
    expect(svg).not.toContain("\u0001");
    expect(svg).not.toContain('onload="x');

    const png = await renderGmvPaceChart(nasty);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    // The title was drawn (a broken document would have lost it or failed to parse).
    expect(sameBytes(png, await renderGmvPaceChart({ ...nasty, title: "" }))).toBe(false);
  });

  it("renders zero days, one day, no tiers and odd numbers without throwing", async () => {
    const inputs: GmvPaceChartInput[] = [
      { ...english, days: [], tiers: [] },
      { ...english, days: [], daysInMonth: 0, tiers: [] },
      { ...english, days: [{ date: "2025-06-01", cumulative: 12_000_000 }] },
      { ...english, days: [{ date: "2025-06-01", cumulative: 0 }], tiers: [] },
      { ...english, days: [{ date: "2025-02-28", cumulative: 5 }], daysInMonth: 28, tiers: [{ name: "x", value: 0 }] },
      {
        ...english,
        days: [
          { date: "not a date", cumulative: 1 },
          { date: "2025-06-03", cumulative: Number.NaN },
          { date: "2025-06-04", cumulative: -5 },
        ],
        tiers: [
          { name: "a", value: Number.POSITIVE_INFINITY },
          { name: "b", value: 2 },
          { name: "c", value: 2 },
          { name: "d", value: 3 },
        ],
      },
      { ...chinese, days: days.slice(0, 1) },
    ];
    for (const input of inputs) {
      const png = await renderGmvPaceChart(input);
      expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    }
  });
});

describe("chart fonts", () => {
  it("puts Latin families before CJK ones and reports whether a CJK font was found", () => {
    const all = findChartFonts(FONT_CANDIDATES, () => true);
    expect(all.cjk).toBe(true);
    expect(all.fontFamily.startsWith("'DejaVu Sans', 'WenQuanYi Micro Hei'")).toBe(true);
    expect(all.fontFamily.endsWith("sans-serif")).toBe(true);

    const latinOnly = findChartFonts(FONT_CANDIDATES, (path) => path.includes("dejavu"));
    expect(latinOnly.cjk).toBe(false);
    expect(latinOnly.fontFamily).toBe("'DejaVu Sans', sans-serif");

    const none = findChartFonts(FONT_CANDIDATES, () => false);
    expect(none).toEqual({ files: [], fontFamily: "sans-serif", defaultFamily: undefined, cjk: false });
  });
});

describe("compactNumber", () => {
  it("abbreviates in each locale", () => {
    expect(compactNumber(1_500_000_000, "en")).toBe("1.5B");
    expect(compactNumber(845_820_000, "en")).toBe("846M");
    expect(compactNumber(12_500, "en")).toBe("12.5K");
    expect(compactNumber(0, "en")).toBe("0");
    expect(compactNumber(1_500_000_000, "zh")).toBe("15亿");
    expect(compactNumber(35_000_000, "zh")).toBe("3500万");
    expect(compactNumber(845_820_000, "zh")).toBe("8.46亿");
  });
});
