// One fact as the API takes it, validated with zod. JSON and CSV rows both end up here (CSV cells arrive as text
// under the same field names), so both formats follow one set of rules and one wording of errors.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { MAX_MONEY } from "../domain/numbers.js";
import { MAX_YEAR, MIN_YEAR, parseIsoDate } from "../domain/periods.js";

export const CONTENT_TYPES = ["video", "live", "product_card"] as const;
export const TRAFFIC_SOURCES = ["organic", "paid"] as const;
export const SCOPE_FIELDS = ["team", "shop", "member"] as const;
export const FIELDS = [
  "date",
  "metric",
  "team",
  "shop",
  "member",
  "value",
  "currency",
  "contentType",
  "traffic",
  "productId",
] as const;
export type FactField = (typeof FIELDS)[number];

/** numeric(24, 6) keeps 6 decimals; the digits before the point are bounded by MAX_VALUE below. */
const DECIMAL = /^\d{1,18}(\.\d{1,6})?$/;
/**
 * The largest value of one fact, money or count: ten times the chat's money bound (MAX_MONEY), room for a whole
 * market's day in rupiah or dong, while sums of thousands of such facts (the alert scan's daily series) still fit
 * numeric(24, 6), below 10^18. A larger value is a unit mistake (minor units sent as major, an id in the column).
 */
export const MAX_VALUE = MAX_MONEY.mul(10);
/** A double holds any decimal of up to 15 significant digits exactly enough to print it back unchanged. */
const EXACT_DOUBLE_DIGITS = 15;

/** "is required" when the field is missing, "must be text" when it is there with another type. */
const required = (field: string, example: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `${field} is required, e.g. ${example}` : `${field} must be text, e.g. ${example}`;

/**
 * A JSON number has already been turned into a binary double by JSON.parse, so the digits the sender wrote are
 * gone. Only numbers whose printed form is certainly those digits are taken: integers up to
 * Number.MAX_SAFE_INTEGER, and numbers with at most 6 decimals and 15 significant digits. Anything else (a rounded
 * 18-digit id, 0.30000000000000004) is refused and the sender is asked for a string, which is always exact.
 */
function numberToDecimal(n: number): string | null {
  if (Number.isSafeInteger(n)) return String(n);
  if (!Number.isFinite(n)) return null;
  const text = String(n);
  if (/e/i.test(text)) return null;
  const [whole = "", decimals = ""] = text.replace(/^-/, "").split(".");
  const significant = `${whole}${decimals}`.replace(/^0+/, "").length;
  return decimals.length <= 6 && significant <= EXACT_DOUBLE_DIGITS ? text : null;
}

const value = z.union([z.string(), z.number()], { error: required("value", '"1250.50"') }).transform((input, ctx) => {
  const text = typeof input === "number" ? numberToDecimal(input) : input.trim();
  if (text === null) {
    ctx.addIssue({
      code: "custom",
      message: `this JSON number cannot be read exactly (it arrives as ${input}): send the value as a string, e.g. "1250.50"`,
    });
    return z.NEVER;
  }
  if (text.startsWith("-")) {
    ctx.addIssue({ code: "custom", message: `must be zero or more, got ${text}` });
    return z.NEVER;
  }
  if (!DECIMAL.test(text)) {
    ctx.addIssue({
      code: "custom",
      message: `“${text}” is not a plain decimal with at most 6 digits after the point, e.g. "1250.50"`,
    });
    return z.NEVER;
  }
  if (new Decimal(text).gt(MAX_VALUE)) {
    ctx.addIssue({
      code: "custom",
      message: `${text} is larger than a fact can be (at most ${MAX_VALUE.toFixed(0).replace(/\B(?=(\d{3})+$)/g, ",")})`,
    });
    return z.NEVER;
  }
  return text;
});

/** A calendar day under the name the client used for it (a fact's date, a declaration's through). */
const day = (field: string) =>
  z
    .string({ error: required(field, '"2026-11-20"') })
    .trim()
    // Read by luxon and printed back unchanged, so 2026-02-30 is refused rather than rolled into March.
    .refine((text) => parseIsoDate(text) !== null, {
      error: (issue) =>
        `“${String(issue.input).slice(0, 40)}” is not a calendar date yyyy-MM-dd between ${MIN_YEAR} and ${MAX_YEAR}, e.g. "2026-11-20"`,
    });
const date = day("date");

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, `${field} is at most ${max} characters`)
    .optional();

export const factRowSchema = z
  .strictObject({
    date,
    metric: z
      .string({ error: required("metric", '"gmv_gross"') })
      .trim()
      .max(64, "metric is at most 64 characters"),
    team: text("team", 100),
    // An 18-digit shop id does not survive a JSON number: say so rather than match a different shop.
    shop: z
      .string({
        error: (issue) =>
          typeof issue.input === "number"
            ? "send the shop id as a string: 18-digit ids do not fit a JSON number"
            : "shop must be text",
      })
      .trim()
      .max(200, "shop is at most 200 characters")
      .optional(),
    member: text("member", 100),
    value,
    currency: z
      .string({ error: "currency must be a 3-letter code" })
      .trim()
      .regex(/^[A-Za-z]{3}$/, "currency must be a 3-letter code such as USD")
      .transform((c) => c.toUpperCase())
      .optional(),
    contentType: z.enum(CONTENT_TYPES, { error: `contentType is one of ${CONTENT_TYPES.join(", ")}` }).optional(),
    traffic: z.enum(TRAFFIC_SOURCES, { error: `traffic is one of ${TRAFFIC_SOURCES.join(", ")}` }).optional(),
    productId: z
      .union([z.string(), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)], {
        error: "productId must be text (ids longer than 15 digits do not fit a JSON number)",
      })
      .transform((id) => String(id).trim())
      .pipe(z.string().max(100, "productId is at most 100 characters"))
      .optional(),
  })
  .superRefine(
    (row, ctx) => {
      const given = SCOPE_FIELDS.filter((f) => row[f] !== undefined);
      if (given.length === 1) return;
      ctx.addIssue({
        code: "custom",
        path: [given[1] ?? "team"],
        message:
          given.length === 0
            ? "name the fact's scope: exactly one of team, shop or member"
            : `give exactly one of team, shop or member, not ${given.join(" and ")}`,
      });
    },
    // Checked even when other fields are wrong, so one answer lists every problem of the row.
    { when: () => true },
  );

export type FactRow = z.output<typeof factRowSchema>;

/** A declaration's "through": the same calendar rule and wording as a fact's date. */
export const throughSchema = day("through");

/** JSON sends null for "not set" as often as it leaves a field out, and CSV has empty cells: all mean absent. */
export function withoutBlanks(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(row)) {
    if (cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "")) continue;
    out[key] = cell;
  }
  return out;
}
