// Typed access to one data row through the header's column map. Getters return null for a blank or absent
// cell; a cell that is present but unreadable throws RowSkip with a short reason naming the file's own header,
// and the parser turns it into a skipped row: a bad cell never becomes a guessed value.
import {
  cleanCell,
  isBlank,
  parseCount,
  parseDurationSeconds,
  parseHandle,
  parseId,
  parseMoney,
  parsePercent,
  parseText,
} from "./cells.js";
import { type DateOrder, type LocalDateTime, parseExportDate } from "./dates.js";
import type { Column } from "./headers.js";

export class RowSkip extends Error {
  override name = "RowSkip";
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** How a cell is quoted in a reason: trimmed, control characters shown, long text cut. */
function shown(raw: string): string {
  const s = cleanCell(raw).replace(/\t/g, "\\t").replace(/\r?\n/g, " ");
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

export interface RowContext {
  /** The file's day/month order (null: none needed, only unambiguous dates are read). */
  dateOrder: DateOrder | null;
  /** The currency the caller says the file is in, if any. */
  currency: string | null;
}

export class RowReader<F extends string> {
  private cells: readonly string[] = [];
  /** Currency named by this row's money cells or Currency column; checked for consistency across the row. */
  currency: string | null = null;
  private currencyFrom: string | null = null;

  constructor(
    readonly columns: Readonly<Partial<Record<F, Column>>>,
    private readonly context: RowContext,
  ) {}

  /** The row's line (CSV) or row number (XLSX). */
  line = 0;

  reset(cells: readonly string[], line: number): void {
    this.cells = cells;
    this.line = line;
    this.currency = null;
    this.currencyFrom = null;
  }

  has(field: F): boolean {
    return this.columns[field] !== undefined;
  }

  raw(field: F): string | undefined {
    const col = this.columns[field];
    return col === undefined ? undefined : this.cells[col.index];
  }

  headerOf(field: F): string {
    return this.columns[field]?.header ?? field;
  }

  private fail(field: F, raw: string): never {
    throw new RowSkip(`unparseable ${this.headerOf(field)} '${shown(raw)}'`);
  }

  private missing(field: F): never {
    throw new RowSkip(`missing ${this.headerOf(field)}`);
  }

  text(field: F): string | null {
    return parseText(this.raw(field));
  }

  requiredText(field: F): string {
    return this.text(field) ?? this.missing(field);
  }

  id(field: F): string | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parseId(raw) ?? this.fail(field, raw);
  }

  requiredId(field: F): string {
    return this.id(field) ?? this.missing(field);
  }

  handle(field: F): string | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parseHandle(raw) ?? this.fail(field, raw);
  }

  /**
   * A handle that only attributes the row (an order's creator): one that cannot be read leaves the row without a
   * creator instead of skipping it, because the sale happened whoever brought it, and dropping it would lose GMV.
   */
  attributionHandle(field: F): string | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parseHandle(raw);
  }

  /** Records the currency a Currency column names, so money cells are checked against it. */
  setCurrency(code: string | null, field: F): void {
    if (code === null) return;
    const c = code.toUpperCase();
    if (!/^[A-Z]{3}$/.test(c)) this.fail(field, code);
    this.noteCurrency(c, this.headerOf(field));
  }

  private noteCurrency(code: string, from: string): void {
    if (this.currency === null) {
      this.currency = code;
      this.currencyFrom = from;
    } else if (this.currency !== code)
      throw new RowSkip(`mixed currencies: ${this.currencyFrom} in ${this.currency}, ${from} in ${code}`);
  }

  money(field: F): string | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    const col = this.columns[field] as Column;
    const context = this.currency ?? col.currency ?? this.context.currency;
    const m = parseMoney(raw, context);
    if (!m) this.fail(field, raw);
    const currency = m.currency ?? col.currency;
    if (currency) this.noteCurrency(currency, col.header);
    return m.amount;
  }

  requiredMoney(field: F): string {
    return this.money(field) ?? this.missing(field);
  }

  count(field: F): number | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parseCount(raw) ?? this.fail(field, raw);
  }

  requiredCount(field: F): number {
    return this.count(field) ?? this.missing(field);
  }

  percent(field: F): string | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parsePercent(raw) ?? this.fail(field, raw);
  }

  duration(field: F): number | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parseDurationSeconds(raw) ?? this.fail(field, raw);
  }

  date(field: F): LocalDateTime | null {
    const raw = this.raw(field);
    if (raw === undefined || isBlank(raw)) return null;
    return parseExportDate(raw, this.context.dateOrder) ?? this.fail(field, raw);
  }

  requiredDate(field: F): LocalDateTime {
    return this.date(field) ?? this.missing(field);
  }

  /** The currency of this row's amounts: what its cells or Currency column named, else the caller's. */
  rowCurrency(): string | null {
    return this.currency ?? this.context.currency;
  }
}
