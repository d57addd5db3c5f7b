// Header rows: matching localised, oddly-cased, space-padded header cells to fields through alias tables, and
// telling header-like rows (repeated headers, totals) from data.

/**
 * Aliases of each field, most specific first: when a header has two of them ("GMV" and "Affiliate shoppable
 * video GMV"), the earlier alias wins. Aliases are compared after `normalizeHeader`, so they are written as
 * they appear in exports.
 */
export type HeaderTable<F extends string> = Readonly<Record<F, readonly string[]>>;

/** A field's column in the file. */
export interface Column {
  index: number;
  /** The header cell as in the file, trimmed: used in skip reasons ("unparseable Created Time '…'"). */
  header: string;
  /** Currency named by the header itself: "Revenue (Rp)" → IDR. */
  currency: string | null;
}

export interface HeaderMatch<F extends string> {
  columns: Partial<Record<F, Column>>;
  /** Number of fields found: the best-scoring kind wins detection. */
  score: number;
  /** Required fields (or groups) not found, as alias text for messages. */
  missing: string[];
}

/**
 * A field set that must be present: a field, or a group of fields of which one is enough (the video id or the
 * video link).
 */
export type Requirement<F extends string> = F | readonly F[];

const HEADER_CURRENCY: [RegExp, string][] = [
  [/\((?:rp|idr)\)$/, "IDR"],
  [/\((?:usd|\$|us\$)\)$/, "USD"],
  [/\((?:vnd|₫|đ)\)$/, "VND"],
  [/\((?:thb|฿)\)$/, "THB"],
  [/\((?:myr|rm)\)$/, "MYR"],
  [/\((?:php|₱)\)$/, "PHP"],
  [/\((?:sgd|s\$)\)$/, "SGD"],
];

/**
 * Lower case, NFKC (full-width forms and Vietnamese composed), single spaces, no BOM, TAB or trailing space or
 * colon: "Affiliate items sold " and "affiliate items sold" are the same header.
 */
export function normalizeHeader(cell: string): string {
  return cell
    .normalize("NFKC")
    .replace(/[\uFEFF\u200B-\u200D]/g, "")
    .replace(/[\s\u00A0]+/g, " ")
    .trim()
    .replace(/\s*[:：]$/, "")
    .toLowerCase();
}

/** Header text without a trailing currency in parentheses, and that currency. */
function splitCurrency(normalized: string): { text: string; currency: string | null } {
  for (const [pattern, code] of HEADER_CURRENCY)
    if (pattern.test(normalized)) return { text: normalized.replace(pattern, "").trim(), currency: code };
  return { text: normalized, currency: null };
}

/** Precomputed lookup for one table: normalised alias → fields, with each alias's priority. */
export class HeaderMatcher<F extends string> {
  private readonly byAlias = new Map<string, { field: F; rank: number }[]>();

  constructor(
    readonly table: HeaderTable<F>,
    readonly required: readonly Requirement<F>[],
  ) {
    for (const field of Object.keys(table) as F[])
      table[field].forEach((alias, rank) => {
        const key = normalizeHeader(alias);
        const list = this.byAlias.get(key) ?? [];
        list.push({ field, rank });
        this.byAlias.set(key, list);
      });
  }

  /** True when the normalised header text is an alias of any field of this table. */
  knows(cell: string): boolean {
    const n = normalizeHeader(cell);
    return this.byAlias.has(n) || this.byAlias.has(splitCurrency(n).text);
  }

  match(header: readonly string[]): HeaderMatch<F> {
    const best = new Map<F, { rank: number; column: Column }>();
    header.forEach((cell, index) => {
      const n = normalizeHeader(cell);
      if (n === "") return;
      let hits = this.byAlias.get(n);
      let currency: string | null = null;
      if (!hits) {
        const split = splitCurrency(n);
        hits = this.byAlias.get(split.text);
        currency = split.currency;
      }
      for (const { field, rank } of hits ?? []) {
        const seen = best.get(field);
        if (!seen || rank < seen.rank)
          best.set(field, {
            rank,
            column: { index, header: cell.replace(/[\s\uFEFF]+$|^[\s\uFEFF]+/g, ""), currency },
          });
      }
    });
    const columns: Partial<Record<F, Column>> = {};
    for (const [field, { column }] of best) columns[field] = column;
    const missing: string[] = [];
    for (const req of this.required) {
      const group = typeof req === "string" ? [req] : req;
      if (!group.some((f) => columns[f as F])) missing.push(group.map((f) => this.table[f as F][0]).join(" or "));
    }
    return { columns, score: best.size, missing };
  }
}

// First cells of summary rows: "Total", "Grand total", "Totals", 合计/总计, Vietnamese, Indonesian, Thai.
const TOTAL =
  /^(grand\s+)?totals?\b|^(合计|总计|合計|總計)|^tổng(\s+cộng)?$|^(jumlah|total keseluruhan)$|^(รวม|ยอดรวม|ทั้งหมด)$/i;

/** A summary row: one of its first cells says "Total" (or the localised word). */
export function isTotalRow(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length && i < 3; i++) {
    const s = (cells[i] as string).trim();
    if (s !== "") return TOTAL.test(s);
  }
  return false;
}

/**
 * Recognises the header row again (exports concatenated, or paged LIVE lists): most cells equal the header's.
 * Called on every data row, so it first compares a few columns cheaply and normalises the rest only on a hit.
 */
export class RepeatedHeader {
  private readonly normalized: string[];
  private readonly probes: number[];

  constructor(private readonly header: readonly string[]) {
    this.normalized = header.map(normalizeHeader);
    this.probes = this.normalized.flatMap((h, i) => (h === "" ? [] : [i])).slice(0, 3);
  }

  private same(cells: readonly string[], i: number): boolean {
    const cell = cells[i];
    // A data cell of another length cannot normalise to the header text: skip the normalising.
    if (cell === undefined || Math.abs(cell.length - (this.header[i] as string).length) > 4) return false;
    return normalizeHeader(cell) === this.normalized[i];
  }

  test(cells: readonly string[]): boolean {
    if (!this.probes.some((i) => this.same(cells, i))) return false;
    let same = 0;
    let filled = 0;
    for (let i = 0; i < this.normalized.length; i++) {
      if (this.normalized[i] === "") continue;
      filled++;
      if (normalizeHeader(cells[i] ?? "") === this.normalized[i]) same++;
    }
    return filled > 0 && same * 2 > filled;
  }
}
