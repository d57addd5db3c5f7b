// The grammar of "/log video|live|post …": what a member logged, parsed from free-ish text in English or
// Chinese. Pure: it returns the parsed entry or the reason it could not, with a correct example.
import type { Decimal } from "decimal.js";
import { UserError } from "./errors.js";
import { type CurrencyCode, parseDuration, parseMoney, parseQuantity, withExample } from "./numbers.js";
import { charLength, wordTable } from "./text.js";

export type LogKind = "video" | "live" | "post";

export interface ParsedLog {
  kind: LogKind;
  count: number;
  durationMinutes: number | null;
  gmv: { amount: Decimal; currency: CurrencyCode | null } | null;
  tags: string[];
  note: string | null;
}

const KIND_WORDS = wordTable<LogKind>({
  video: "video",
  videos: "video",
  vid: "video",
  视频: "video",
  短视频: "video",
  live: "live",
  lives: "live",
  直播: "live",
  post: "post",
  posts: "post",
  帖子: "post",
  图文: "post",
});

/** The stored metric each log kind counts towards. */
export const LOG_COUNT_METRIC: Record<LogKind, string> = {
  video: "videos_posted",
  live: "live_sessions",
  post: "posts",
};

export const LOG_EXAMPLES: Record<LogKind, string> = {
  video: "/log video 3 #lipstick",
  live: "/log live 2h gmv 1250 usd",
  post: "/log post 2 #launch",
};

const GMV_WORDS = new Set(["gmv", "sales", "销售额", "成交额", "成交"]);
/** More than a thousand videos or posts in one log is a typo (an order count, a GMV); message "log.bad_count". */
const MAX_COUNT = 1000;
/** A LIVE session is at most a day long; message "log.bad_duration". */
const MAX_LIVE_MINUTES = 24 * 60;
/** A note is a line or two of context, not a document: message "log.note_too_long". */
export const MAX_NOTE_CHARS = 500;
/** Tags are short labels (#lipstick): message "log.tag_too_long". */
export const MAX_TAG_CHARS = 50;
/** A handful of tags per log; more is a paste: message "log.too_many_tags". */
export const MAX_TAGS = 10;

export function logKindOf(word: string | undefined): LogKind | null {
  return word ? (KIND_WORDS[word.toLowerCase()] ?? null) : null;
}

/** Parses the words after the kind, e.g. ["2h", "gmv", "1250", "usd", "#serum"]. */
export function parseLogArgs(kind: LogKind, words: string[]): ParsedLog {
  return withExample(LOG_EXAMPLES[kind], () => readLogArgs(kind, words));
}

function readLogArgs(kind: LogKind, words: string[]): ParsedLog {
  const example = LOG_EXAMPLES[kind];
  let count: number | null = null;
  let durationMinutes: number | null = null;
  let gmv: ParsedLog["gmv"] = null;
  const tags: string[] = [];
  const noteWords: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const lower = word.toLowerCase();
    if (word.startsWith("#") && word.length > 1) {
      const tag = word.slice(1).toLowerCase();
      if (charLength(tag) > MAX_TAG_CHARS)
        throw new UserError(
          "log.tag_too_long",
          { tag: `${[...tag].slice(0, 20).join("")}…`, max: MAX_TAG_CHARS },
          example,
        );
      tags.push(tag);
      continue;
    }
    if (GMV_WORDS.has(lower)) {
      // "gmv 1250 usd", "gmv usd 1250", "gmv $1,250", "gmv 1250" (the team's currency).
      const two = parseMoney(words.slice(i + 1, i + 3));
      const one = parseMoney(words.slice(i + 1, i + 2));
      const money = two ?? one;
      if (!money || money.amount.isNegative()) {
        throw new UserError("log.bad_gmv", { value: words.slice(i + 1, i + 3).join(" ") }, "/log live 2h gmv 1250 usd");
      }
      gmv = { amount: money.amount, currency: money.currency ?? null };
      i += two ? 2 : 1;
      continue;
    }
    const minutes = parseDuration(word);
    if (minutes !== null && /[a-z\u4e00-\u9fff]/i.test(word)) {
      if (kind !== "live") throw new UserError("log.duration_only_live", { value: word }, "/log live 2h");
      if (minutes <= 0 || minutes > MAX_LIVE_MINUTES)
        throw new UserError("log.bad_duration", { value: word }, "/log live 2h");
      durationMinutes = minutes;
      continue;
    }
    // Negative and fractional counts parse here so they are refused, not mistaken for a note.
    const quantity = parseQuantity(word, { allowNegative: true });
    if (quantity !== null && count === null) {
      if (!quantity.isInteger() || quantity.lte(0) || quantity.gt(MAX_COUNT)) {
        throw new UserError("log.bad_count", { value: word, max: MAX_COUNT }, example);
      }
      count = quantity.toNumber();
      continue;
    }
    noteWords.push(word);
  }
  // A stray number-like word is a typo ("3x", "-", a second count), never silently a note.
  const numberLike = noteWords.find((w) => /^[-+]?\d/.test(w));
  if (numberLike) throw new UserError("error.bad_number", { value: numberLike }, example);
  const distinctTags = [...new Set(tags)];
  if (distinctTags.length > MAX_TAGS)
    throw new UserError("log.too_many_tags", { count: distinctTags.length, max: MAX_TAGS }, example);
  const note = noteWords.length ? noteWords.join(" ") : null;
  if (note && charLength(note) > MAX_NOTE_CHARS)
    throw new UserError("log.note_too_long", { length: charLength(note), max: MAX_NOTE_CHARS }, example);
  return { kind, count: count ?? 1, durationMinutes, gmv, tags: distinctTags, note };
}
