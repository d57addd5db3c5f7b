// The fault suite's promise for typed input: 100,000 generated commands (every command's words and usage examples,
// mutated with hostile numbers, impossible dates, unicode, control characters and huge tokens) through the real
// dispatcher, on both databases. No reply is an internal error, and an input that was refused wrote nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../src/domain/i18n.js";
import type { Starling } from "../../src/main.js";
import type { MemberProfile } from "../../src/members/types.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { countWrites } from "./write-counter.js";

/**
 * 100,000 in all, split across the two databases: more on PostgreSQL, whose queries run in the server's own process
 * (the second core), than on PGlite, which shares the test's thread. FUZZ_RUNS sets both, for a quick local look.
 */
const RUNS: Record<(typeof DATABASE_KINDS)[number], number> = process.env.FUZZ_RUNS
  ? { pglite: Number(process.env.FUZZ_RUNS), postgres: Number(process.env.FUZZ_RUNS) }
  : { pglite: 40_000, postgres: 60_000 };

const HOSTILE_NUMBERS = [
  "1000000000000000000",
  "99999999999999999999",
  "10000000000001",
  "1000000001",
  "2147483648",
  "9007199254740993",
  "1e18",
  "1e400",
  "-1",
  "-0",
  "0",
  "0.0000001",
  "0.1234567",
  "1,000,000,000,001",
  "999,999,999,999,999,999",
  "1.000.000.000.000.000",
  "12万亿",
  "99999亿",
  "1.2w",
  "5b",
  "NaN",
  "Infinity",
  "0x10",
  "١٢٣",
  "１２３",
  "3.",
  ".5",
  "1..2",
  "10001%",
  "99999999999999999999%",
  "0.00001%",
  "-5%",
  "40000/50000/99999999999999999999",
  "1/2/3/4",
  "0/0/0",
  "$99999999999999",
  "Rp1.000.000.000.000.000",
  "99999999999999999999h",
  "1441m",
  "99999d",
];
const HOSTILE_DATES = [
  "2026-02-31",
  "2026-02-29",
  "2028-02-29",
  "2026-04-31",
  "2026-99-99",
  "2026-00-00",
  "0000-01-01",
  "9999-12-31",
  "1999-12-31",
  "2101-01-01",
  "2026-13",
  "0000-01",
  "2026-W54",
  "2026-W00",
  "2027-W53",
  "2026-Q5",
  "0000-Q1",
  "2026-12-25..2026-12-24",
  "2000-01-01..2100-12-31",
  "0000-01-01..0000-01-05",
  "2026-12-25T10:00",
  "25/12/2026",
  "+002026-12-25",
  "2026-12-25\u0000",
];
const HOSTILE_TEXT = [
  "\u0000",
  "a\u0000b",
  "\u0007",
  "\u001b[31mred",
  "\u0085",
  "\u202eevil",
  "\u2066x\u2069",
  "\ud800",
  "x\udfff",
  "\ufeff",
  "\uffff",
  "\r\n",
  "\t",
  "🎉",
  "👩‍👩‍👧‍👦",
  "e\u0301",
  "שלום",
  "口红",
  "／ｋｐｉ",
  "<!channel>",
  "<@U123>",
  "`code`",
  `'; DROP TABLE "Member"; --`,
  "%",
  "_",
  "\\",
  '"',
  ["$", "{x}"].join(""),
  "constructor",
  "__proto__",
  "toString",
  "@",
  "#",
  "@@sari",
  "@sari",
  "@nobody",
  "#tag",
  "team",
  "market",
  "help",
  "?",
];
const HUGE = [
  "a".repeat(5_000),
  "9".repeat(1_000),
  `#${"t".repeat(100)}`,
  `@${"x".repeat(300)}`,
  "\u0000".repeat(500),
  "🎉".repeat(3_000),
  "口".repeat(600),
];

/** An internal error's text in either language, without its ref: what must never come back. */
function internalErrorPrefixes(): string[] {
  const marker = "\u0001REF\u0001";
  return (["en", "zh"] as const).flatMap((locale) => [
    t(locale, "error.internal_error", { ref: marker }).split(marker)[0] as string,
    t(locale, "error.try_again"),
  ]);
}

/** A refusal as the dispatcher words one: an ephemeral warning, perhaps with the example under it. */
function isRefusal(reply: { text: string; ephemeral?: boolean; blocks: { type: string }[] }): boolean {
  return (
    reply.ephemeral === true &&
    reply.text.startsWith("⚠️") &&
    reply.blocks.length <= 2 &&
    (reply.blocks[1] === undefined || reply.blocks[1].type === "context")
  );
}

/** Every command's name, aliases and the words of its usage lines: the generator's grammar. */
function grammarOf(app: Starling): { starts: string[][]; words: string[] } {
  const starts: string[][] = [];
  const words = new Set<string>();
  for (const handler of app.dispatcher.handlers) {
    for (const name of [handler.name, ...handler.aliases]) words.add(name);
    for (const line of [...handler.usage.en, ...handler.usage.zh]) {
      // Usage lines read "/kpi week · /kpi last month: …": each example up to its colon is a command to mutate.
      for (const example of line.split(/ · |[:：] /)) {
        const tokens = example.trim().split(/\s+/).filter(Boolean);
        if (tokens[0]?.startsWith("/")) starts.push(tokens);
        for (const token of tokens) words.add(token);
      }
    }
  }
  return { starts, words: [...words] };
}

/** A generated command, printed cut short when fast-check reports it (a 3,000-emoji counterexample helps nobody). */
function typed(family: string, text: string) {
  return { family, text, [fc.toStringMethod]: () => `${family}: ${JSON.stringify(text.slice(0, 300))}` };
}

function commandArbitrary(grammar: { starts: string[][]; words: string[] }) {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  // Beside the lists: any integer up to 10^30, decimals with up to 9 places, percentages, and every yyyy-MM-dd
  // shape (month and day 00-99), so a bound or a date rule is met on both sides, not only where we thought of it.
  const generated = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
    fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.nat({ max: 999_999_999 })).map(([i, f]) => `${i}.${f}`),
    fc.tuple(fc.nat({ max: 1_000_000 }), fc.boolean()).map(([n, neg]) => `${neg ? "-" : ""}${n}%`),
    fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.nat({ max: 99 }), fc.nat({ max: 99 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  );
  const hostile = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS, ...HOSTILE_DATES, ...HOSTILE_TEXT) },
    { weight: 1, arbitrary: generated },
  );
  const word = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...grammar.words) },
    { weight: 4, arbitrary: hostile },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  );
  // A usage example with some words replaced, some added and some dropped: it reaches the command's grammar and,
  // often enough, its service and the database.
  const mutated = fc
    .tuple(
      fc.constantFrom(...grammar.starts),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "drop"), word), { maxLength: 4 }),
    )
    .map(([example, edits]) => {
      const tokens = [...example];
      for (const [at, how, token] of edits) {
        const i = 1 + (at % Math.max(1, tokens.length));
        if (how === "replace" && i < tokens.length) tokens[i] = token;
        else if (how === "drop" && i < tokens.length) tokens.splice(i, 1);
        else tokens.splice(i, 0, token);
      }
      return typed("usage", tokens.join(" "));
    });
  // A usage example with one to three of its arguments replaced by hostile tokens: the bounds, dates and cleaning
  // under test, mostly refused by a grammar before any query (cheap, so the total can be high).
  const hostileArgs = fc
    .tuple(
      fc.constantFrom(...grammar.starts.filter((s) => s.length > 1)),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.oneof({ weight: 6, arbitrary: hostile }, { weight: 1, arbitrary: fc.constantFrom(...HUGE) }),
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    )
    .map(([example, edits]) => {
      const tokens = [...example];
      for (const [at, token] of edits) tokens[1 + (at % (tokens.length - 1))] = token;
      return typed("hostile", tokens.join(" "));
    });
  // Any words after any command name, and plain noise: cheap to refuse, and they keep the total high.
  const shuffled = fc
    .tuple(fc.constantFrom(...grammar.starts.map((s) => s[0] as string)), fc.array(word, { maxLength: 8 }))
    .map(([command, rest]) => typed("words", [command, ...rest].join(" ")));
  const noise = fc
    .oneof(fc.string({ unit: "grapheme", maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }))
    .map((text) => typed("noise", text));
  return fc.oneof(
    { weight: 1, arbitrary: mutated },
    { weight: 2, arbitrary: hostileArgs },
    { weight: 2, arbitrary: shuffled },
    { weight: 5, arbitrary: noise },
  );
}

describe.each(DATABASE_KINDS)("generated commands through the dispatcher on %s", (kind) => {
  let app: Starling;
  let people: MemberProfile[];
  let writes: () => Promise<number>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    const workspaceId = (await app.services.members.playgroundWorkspaceId()) ?? "";
    people = await app.services.members.listActive(workspaceId);
    writes = await countWrites(app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it(`answers ${RUNS[kind].toLocaleString("en-US")} hostile commands without an internal error, and a refused one writes nothing`, async () => {
    const failures = internalErrorPrefixes();
    const grammar = grammarOf(app);
    const tally = { refused: 0, answered: 0, wrote: 0 };
    const timing: Record<string, number> = {};
    const counts: Record<string, number> = {};
    let before = await writes();
    await fc.assert(
      fc.asyncProperty(
        commandArbitrary(grammar),
        fc.nat({ max: people.length - 1 }),
        async ({ family, text: typed }, who) => {
          const started = performance.now();
          const member = people[who] as MemberProfile;
          const replies = await app.dispatcher.dispatch({
            member,
            text: typed,
            platform: "playground",
            conversation: who % 3 === 0 ? "group" : "direct",
          });
          const after = await writes();
          const changed = after !== before;
          before = after;
          // Plain checks in the loop (expect() costs more than many of the commands it checks); expect() states
          // the same promise when one fails, with the command that broke it.
          const broken =
            replies.length === 0 ||
            replies.some((r) => r.text.trim().length === 0 || failures.some((f) => r.text.includes(f)));
          if (broken) expect({ typed, replies: replies.map((r) => r.text) }).toEqual({ typed, replies: ["a reply"] });
          timing[family] = (timing[family] ?? 0) + performance.now() - started;
          counts[family] = (counts[family] ?? 0) + 1;
          const refused = replies.length === 1 && isRefusal(replies[0] as (typeof replies)[number]);
          if (refused) {
            tally.refused++;
            // A refusal is the whole answer: the command changed nothing on its way there.
            if (changed) expect({ typed, wrote: changed }).toEqual({ typed, wrote: false });
          } else {
            tally.answered++;
            if (changed) tally.wrote++;
          }
        },
      ),
      { numRuns: RUNS[kind], seed: kind === "pglite" ? 14_07 : 14_08, endOnFailure: true },
    );
    // The mix must exercise both sides: refusals to check, and commands that reached a service and wrote.
    expect(tally.refused).toBeGreaterThan(RUNS[kind] / 4);
    expect(tally.wrote).toBeGreaterThan(RUNS[kind] / 500);
    const perFamily = Object.keys(counts).map(
      (f) => `${f} ${counts[f]} (${((timing[f] ?? 0) / (counts[f] ?? 1)).toFixed(2)} ms each)`,
    );
    console.info(`command fuzz on ${kind}: ${JSON.stringify(tally)}; ${perFamily.join(", ")}`);
  }, 300_000);
});
