// The words of "/export": what (facts, logs, creators), whose (team <team>, @member, all; nothing means yours)
// and when (any period parsePeriod reads). Pure: no database, no permissions; the service checks those.
import type { ExportKind } from "./types.js";

const KIND_WORDS = new Map<string, ExportKind>([
  ["facts", "facts"],
  ["fact", "facts"],
  ["data", "facts"],
  ["数据", "facts"],
  ["事实", "facts"],
  ["logs", "logs"],
  ["log", "logs"],
  ["记录", "logs"],
  ["日志", "logs"],
  ["creators", "creators"],
  ["creator", "creators"],
  ["达人", "creators"],
  ["红人", "creators"],
]);
const TEAM_WORDS = new Set(["team", "团队", "小组"]);
const ALL_WORDS = new Set(["all", "everyone", "全部", "所有", "所有人"]);

/** Whose rows were asked for, before permissions: "mine" is the member for members and their team for leads. */
export type ScopeRef =
  | { kind: "mine" }
  | { kind: "member"; handle: string }
  | { kind: "team"; team: string | null }
  | { kind: "all" };

export type ExportWords =
  | { ok: true; kind: ExportKind; scope: ScopeRef; period: string }
  | { ok: false; error: "no_kind" }
  | { ok: false; error: "unknown_kind"; word: string }
  | { ok: false; error: "two_scopes" };

export function parseKind(word: string | undefined): ExportKind | undefined {
  return word === undefined ? undefined : KIND_WORDS.get(word.toLowerCase());
}

export function readExportWords(args: readonly string[]): ExportWords {
  const [kindWord, ...rest] = args;
  if (kindWord === undefined) return { ok: false, error: "no_kind" };
  const kind = parseKind(kindWord);
  if (!kind) return { ok: false, error: "unknown_kind", word: kindWord };
  const scopes: ScopeRef[] = [];
  const periodWords: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    const lower = word.toLowerCase();
    if (word.startsWith("@") && word.length > 1) scopes.push({ kind: "member", handle: word.slice(1) });
    else if (ALL_WORDS.has(lower)) scopes.push({ kind: "all" });
    else if (TEAM_WORDS.has(lower)) {
      // "team ID-beauty" names a team; a bare "team" (last word) means the asker's own.
      const next = rest[i + 1];
      scopes.push({ kind: "team", team: next ?? null });
      if (next !== undefined) i++;
    } else periodWords.push(word);
  }
  if (scopes.length > 1) return { ok: false, error: "two_scopes" };
  return { ok: true, kind, scope: scopes[0] ?? { kind: "mine" }, period: periodWords.join(" ") };
}
