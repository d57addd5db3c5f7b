// Cleaning text at the edge: what a member types, a button or a form hands back, or an API body carries loses the
// characters that only do harm (NUL and other control characters, lone surrogates, bidi overrides) before anything
// is parsed, stored or audited. Pure and idempotent: cleaning clean text changes nothing.

/**
 * C0 controls except tab (U+0009), line feed (U+000A) and carriage return (U+000D, folded into line feeds below),
 * DEL and the C1 controls. NUL is the one that breaks things (PostgreSQL text cannot hold it, so the write fails,
 * and with it the audit row of a denial); the others are invisible, never typed on purpose, and make logs lie.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/**
 * A surrogate without its pair is not a character at all: PostgreSQL refuses it as invalid UTF-8 and JSON printers
 * disagree on it. With the u flag the class matches only unpaired halves; emoji and other pairs stay.
 */
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;
/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder how the rest of a line is
 * displayed ("Trojan source"): a handle or a note could read differently from what is stored. Nobody types them;
 * the plain marks LRM/RLM (U+200E/U+200F), which right-to-left writers do use, stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Noncharacters U+FFFE and U+FFFF: never text, sometimes a byte-order mark read the wrong way round. */
const NONCHARACTERS = /[\uFFFE\uFFFF]/g;

export interface CleanOptions {
  /** Keep line breaks and tabs (standup answers, notes typed in a form); otherwise they become spaces. */
  multiline?: boolean;
}

/**
 * The text without control characters, lone surrogates, bidi overrides and noncharacters. Line breaks are kept
 * (as "\n") only for multi-line text; single-line text gets a space for each tab or line break, so words stay apart.
 */
export function cleanText(text: string, options: CleanOptions = {}): string {
  const stripped = text
    .replace(CONTROLS, "")
    .replace(LONE_SURROGATES, "")
    .replace(BIDI_CONTROLS, "")
    .replace(NONCHARACTERS, "");
  const lines = stripped.replace(/\r\n?/g, "\n");
  return options.multiline ? lines : lines.replace(/[\t\n]/g, " ");
}

/** Deeper JSON than this is not data anyone sends us; past it, values are dropped rather than walked. */
const MAX_DEPTH = 32;

/**
 * Every string in a parsed JSON value (object keys too) cleaned as single-line text. Numbers, booleans and null
 * pass through; nesting deeper than MAX_DEPTH is cut, so a hostile body cannot make the walk recurse without end.
 */
export function cleanJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cleanText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, depth + 1));
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: a "__proto__" key from JSON.parse must stay a plain key, not a prototype.
  for (const [key, item] of Object.entries(value))
    Object.defineProperty(out, cleanText(key), {
      value: cleanJson(item, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** Length in characters as a member counts them (code points, so an emoji is one), not UTF-16 units. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * A table of words members type, without a prototype: "__proto__", "constructor" or "toString" typed in chat must
 * find nothing, not Object.prototype (which once became a log kind and an internal error). Frozen, so a lookup can
 * never be turned into a write.
 */
export function wordTable<T>(entries: Record<string, T>): Readonly<Partial<Record<string, T>>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/**
 * Text for a Prisma `contains`, `startsWith` or `endsWith`, or an `equals` with `mode: "insensitive"`: Prisma runs
 * them as LIKE/ILIKE without escaping, so a typed "%" or "_" would match any row and a trailing "\" fails the query.
 * Escaped, they match themselves.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
