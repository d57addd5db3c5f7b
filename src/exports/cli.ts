// npm run export -- facts|logs|creators [period] [--team ID-beauty | --member sari] [--workspace <name>] [--out f.csv]
// The same rows and bytes as /export in chat, with no size cap and no permission check (whoever can reach the
// database can read it anyway), streamed page by page to a file or stdout so memory stays flat. A one-line summary
// goes to stderr, so stdout can be piped. Bad arguments: a clear message with a correct example, exit code 2.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { z } from "zod";
import { ConfigError, loadConfig } from "../config.js";
import { createDatabase, type Database } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { createMemberRepository } from "../members/repository.js";
import { parseKind } from "./grammar.js";
import { readExportPeriod } from "./period.js";
import { createExportRepository } from "./repository.js";
import { streamSink } from "./sinks.js";
import type { ExportKind, ExportScope } from "./types.js";
import { writeExport } from "./write.js";

export const CLI_USAGE =
  "usage: npm run export -- facts|logs|creators [period] [--team <team> | --member <handle>] [--workspace <name>] [--out <file.csv>]";
export const CLI_EXAMPLE = "npm run export -- facts 2026-10 --team ID-beauty --out facts.csv";

const ROW_NAMES: Record<ExportKind, string> = { facts: "fact rows", logs: "content log rows", creators: "creators" };

const argsSchema = z
  .object({
    words: z.array(z.string()).min(1, { message: "say what to export: facts, logs or creators" }),
    team: z.string().trim().min(1, { message: "--team needs a team slug or name" }).optional(),
    member: z
      .string()
      .trim()
      .transform((h) => h.replace(/^@+/, ""))
      .pipe(z.string().min(1, { message: "--member needs a member handle" }))
      .optional(),
    workspace: z.string().trim().min(1, { message: "--workspace needs a workspace name or id" }).optional(),
    out: z.string().trim().min(1, { message: "--out needs a file name" }).optional(),
  })
  .refine((a) => !(a.team && a.member), { message: "give --team or --member, not both" });

type CliArgs = z.infer<typeof argsSchema>;

export interface CliIo {
  stdout: Writable;
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  /** An open database to use (tests); otherwise the one the environment names is opened, migrated and closed. */
  database?: Database;
  clock?: () => DateTime;
}

/** A refusal of the arguments: exit code 2 with the reason, the usage and a correct example. */
class BadArguments extends Error {}

function readArgs(argv: string[]): CliArgs {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        team: { type: "string" },
        member: { type: "string" },
        workspace: { type: "string" },
        out: { type: "string" },
      },
    }));
  } catch (error) {
    // parseArgs names the unknown option or the missing value ("Option '--team <value>' argument missing").
    throw new BadArguments((error as Error).message);
  }
  const parsed = argsSchema.safeParse({ words: positionals, ...values });
  if (!parsed.success) throw new BadArguments(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

export async function runExportCli(argv: string[], io: CliIo): Promise<number> {
  const fail = (reason: string) => {
    io.stderr.write(`${reason}\n${CLI_USAGE}\nexample: ${CLI_EXAMPLE}\n`);
    return 2;
  };
  let args: CliArgs;
  try {
    args = readArgs(argv);
  } catch (error) {
    if (error instanceof BadArguments) return fail(error.message);
    throw error;
  }
  const [kindWord, ...periodWords] = args.words;
  const kind = parseKind(kindWord);
  if (!kind) return fail(`"${kindWord}" is not something I export: facts, logs or creators`);

  let db = io.database;
  if (!db) {
    try {
      db = createDatabase(loadConfig(io.env ?? process.env).database);
    } catch (error) {
      if (error instanceof ConfigError) {
        io.stderr.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }
  try {
    // A fresh embedded database has no tables yet; migrating first makes "no rows" the answer, not an SQL error.
    if (!io.database) await migrate(db.sql);
    const repo = createExportRepository(db.prisma);
    const members = createMemberRepository(db.prisma);

    const workspaces = await repo.workspaces();
    const workspace = args.workspace
      ? workspaces.find((w) => w.id === args.workspace || w.name.toLowerCase() === args.workspace?.toLowerCase())
      : workspaces.length === 1
        ? workspaces[0]
        : undefined;
    if (!workspace) {
      const names = workspaces.map((w) => `"${w.name}"`).join(", ") || "none yet";
      return fail(
        args.workspace
          ? `no workspace "${args.workspace}"; workspaces: ${names}`
          : `there are several workspaces, name one with --workspace: ${names}`,
      );
    }

    let scope: ExportScope = { kind: "workspace", workspaceId: workspace.id };
    let zone = "UTC";
    let label = "all teams";
    if (args.team) {
      const team = await members.findTeam(workspace.id, args.team);
      if (!team) {
        const teams = (await members.listTeams(workspace.id)).map((t) => t.slug).join(", ");
        return fail(`no team "${args.team}"; teams: ${teams}`);
      }
      scope = { kind: "team", workspaceId: workspace.id, teamId: team.id, slug: team.slug };
      zone = team.timezone;
      label = `team ${team.slug}`;
    } else if (args.member) {
      const member = await members.findByHandle(workspace.id, args.member);
      if (!member) return fail(`no member @${args.member} in "${workspace.name}"`);
      scope = { kind: "member", workspaceId: workspace.id, memberId: member.id, handle: member.handle };
      zone = member.timezone;
      label = `@${member.handle}`;
    }

    // Words like "last month" are read in the scope's own calendar, as in chat.
    const now = (io.clock ?? (() => DateTime.utc()))().setZone(zone);
    const read = readExportPeriod(kind, periodWords.join(" "), now);
    if (!read.ok) {
      return fail(
        read.error === "creators_take_no_period"
          ? `creators are exported as they are now, without a period: leave out "${periodWords.join(" ")}"`
          : `"${periodWords.join(" ")}" is not a period; examples: 2026-10, 2026-W43, 2026-Q4, 2026-10-01..2026-10-15, "last month"`,
      );
    }
    const { period } = read;
    const range = period ? { from: period.start, to: period.end } : null;

    const result = args.out
      ? await toFile(args.out, (out) => writeExport(repo, { kind, scope, range }, streamSink(out)))
      : await writeExport(repo, { kind, scope, range }, streamSink(io.stdout));
    const when = period ? `${period.labelEn} (${period.start}..${period.end})` : `as of ${now.toISODate()}`;
    io.stderr.write(
      `Exported ${result.rows.toLocaleString("en-US")} ${ROW_NAMES[kind]} · ${when} · ${label} → ${args.out ?? "stdout"}\n`,
    );
    return 0;
  } catch (error) {
    // The reader went away (`… | head`): nothing is wrong with the export, and nobody reads more; stop quietly.
    if ((error as NodeJS.ErrnoException).code === "EPIPE" && !args.out) return 0;
    io.stderr.write(`export failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    if (!io.database) await db.close();
  }
}

/** Writes a file and waits until it is on disk; a file that cannot be opened fails before any row is read. */
async function toFile<T>(path: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const out = createWriteStream(path);
  // Listening from the start: an error (no such folder, disk full) rejects here instead of crashing the process.
  const done = finished(out);
  done.catch(() => undefined);
  await once(out, "open");
  try {
    const result = await write(out);
    out.end();
    await done;
    return result;
  } catch (error) {
    out.destroy();
    throw error;
  }
}
