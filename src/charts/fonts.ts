// Fonts for server-side charts, loaded from known file paths rather than through fontconfig, so a chart looks the
// same on every machine that has the same packages. Latin text uses DejaVu Sans (Debian's fonts-dejavu-core); Chinese
// text needs a CJK font: WenQuanYi Micro Hei (fonts-wqy-microhei, which .ci/run installs) or Noto Sans CJK when present.
// Without a CJK font charts still render (Latin text is fine, Chinese characters are left out); callers can check
// cjkFontAvailable() and log a warning once.
import { existsSync } from "node:fs";

export interface FontCandidate {
  /** Family name as written inside the font file, used in the SVG's font-family list. */
  family: string;
  path: string;
  cjk: boolean;
}

/** Looked for in this order; the first family found of each kind leads the font-family list. */
export const FONT_CANDIDATES: readonly FontCandidate[] = [
  { family: "DejaVu Sans", path: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", cjk: false },
  { family: "DejaVu Sans", path: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", cjk: false },
  { family: "WenQuanYi Micro Hei", path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", cjk: true },
  { family: "Noto Sans CJK SC", path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", cjk: true },
  { family: "Noto Sans CJK SC", path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", cjk: true },
  { family: "WenQuanYi Zen Hei", path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", cjk: true },
];

export interface ChartFonts {
  /** Font files to hand to the rasteriser. */
  files: string[];
  /** CSS font-family value: found Latin families first, then CJK ones, then the generic sans-serif. */
  fontFamily: string;
  /** The family the rasteriser falls back to for generic names. */
  defaultFamily: string | undefined;
  cjk: boolean;
}

export function findChartFonts(
  candidates: readonly FontCandidate[] = FONT_CANDIDATES,
  exists: (path: string) => boolean = existsSync,
): ChartFonts {
  const found = candidates.filter((c) => exists(c.path));
  const families = [
    ...new Set([
      ...found.filter((c) => !c.cjk).map((c) => c.family),
      ...found.filter((c) => c.cjk).map((c) => c.family),
    ]),
  ];
  return {
    files: found.map((c) => c.path),
    fontFamily: [...families.map((f) => `'${f}'`), "sans-serif"].join(", "),
    defaultFamily: families[0],
    cjk: found.some((c) => c.cjk),
  };
}

let cached: ChartFonts | undefined;

/** The fonts found on this machine, looked up once per process. */
export function chartFonts(): ChartFonts {
  cached ??= findChartFonts();
  return cached;
}

/** Whether Chinese text in charts will be drawn; when false, log a warning once and send the chart anyway. */
export function cjkFontAvailable(): boolean {
  return chartFonts().cjk;
}
