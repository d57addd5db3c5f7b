// POST /api/ingest/facts without the HTTP: replay or refuse a used Idempotency-Key, read and validate every row,
// resolve scopes, convert money, then write everything in one transaction, or nothing at all.
import { createHash } from "node:crypto";
import type { DateTime } from "luxon";
import type { AuditLog } from "../audit/repository.js";
import type { Logger } from "../log.js";
import type { MemberRepository } from "../members/repository.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import { convertMoney } from "./convert.js";
import { feedsOf } from "./declarations.js";
import { createDirectory } from "./directory.js";
import { IngestError, rowsRefused } from "./errors.js";
import { type BodyFormat, readRows } from "./read-body.js";
import type { IngestRepository, StoredAnswer } from "./repository.js";
import { resolveRows } from "./resolve.js";
import { validateRows } from "./validate.js";

export interface IngestRequestInput {
  workspaceId: string;
  /** The token's prefix, for the audit log. */
  tokenPrefix: string;
  key: string;
  body: Buffer;
  format: BodyFormat;
  /** `?complete_through=` as sent (CSV), or null. */
  completeThrough?: string | null;
}

export interface IngestAnswer {
  status: number;
  body: unknown;
  /** The stored answer of an earlier request with the same key and body: nothing was written now. */
  replay: boolean;
  /** Teams whose facts changed (empty for a replay). */
  teamIds: string[];
}

export interface IngestServiceDeps {
  repo: IngestRepository;
  members: Pick<MemberRepository, "listTeams" | "listActive">;
  fx: Pick<FxRepository, "lookup">;
  audit: AuditLog;
  clock: () => DateTime;
  log: Pick<Logger, "warn">;
}

export function createIngestService(deps: IngestServiceDeps) {
  /** The answer already given for this key, or a 409 when the key was used for another body. */
  function fromStored(stored: StoredAnswer, key: string, bodyHash: string): IngestAnswer {
    if (stored.bodyHash !== bodyHash) {
      throw new IngestError(
        409,
        "idempotency_key_reused",
        `Idempotency-Key “${key}” was used on ${stored.createdAt.toISOString()} for another body: send new data with a new key`,
      );
    }
    return { status: stored.status, body: stored.response, replay: true, teamIds: [] };
  }

  async function ingest(input: IngestRequestInput): Promise<IngestAnswer> {
    const { workspaceId, key } = input;
    const hash = createHash("sha256").update(input.body);
    // The declaration in the query is part of what was sent: the same key with another day is another request.
    // Without one the hash is the body's alone, as it always was.
    const query = input.completeThrough ?? null;
    if (query !== null) hash.update(`\u0000complete_through=${query}`);
    const bodyHash = hash.digest("hex");
    const stored = await deps.repo.findAnswer(workspaceId, key);
    if (stored) return fromStored(stored, key, bodyHash);

    const raw = readRows(input.body, input.format, { completeThrough: query });
    const checked = validateRows(raw);
    const [teams, shops, members] = await Promise.all([
      deps.members.listTeams(workspaceId),
      deps.repo.shops(workspaceId),
      deps.members.listActive(workspaceId),
    ]);
    const directory = createDirectory({ teams, shops, members });
    const now = deps.clock();
    const resolved = resolveRows(checked.valid, { workspaceId, directory, now, fieldName: raw.fieldName });
    const invalid = [...checked.problems, ...resolved.problems].sort((a, b) => a.row - b.row);
    if (invalid.length) throw rowsRefused(400, invalid);
    const converted = await convertMoney(resolved.facts, deps.fx);
    if (converted.problems.length) throw rowsRefused(422, converted.problems);

    const feeds = feedsOf(converted.facts, raw, { directory, shops, now });

    const teamIds = [...new Set(feeds.map((f) => f.team.id))];
    const slugs = teams.filter((t) => teamIds.includes(t.id)).map((t) => t.slug);
    const declares = feeds.some((f) => f.through !== null);
    const written = await deps.repo.write({
      workspaceId,
      key,
      bodyHash,
      facts: converted.facts,
      feeds,
      at: now.toJSDate(),
      answer: ({ created, updated }, recorded) => ({
        accepted: converted.facts.length,
        created,
        updated,
        teams: slugs,
        // Only a body that declares gets the list, so the answer to facts alone stays as it always was.
        ...(declares
          ? {
              complete: recorded
                .filter((r) => r.feed.through !== null)
                .map(({ feed, completeDays }) => ({
                  team: feed.team.slug,
                  ...(feed.shop ? { shop: feed.shop.name } : {}),
                  through: feed.through,
                  days: completeDays.length,
                })),
            }
          : {}),
      }),
    });
    if (!written) {
      // Another request with this key committed first: answer as if this one had come second.
      const winner = await deps.repo.findAnswer(workspaceId, key);
      if (!winner) throw new Error(`ingest key ${key} was taken but no answer is stored`);
      return fromStored(winner, key, bodyHash);
    }
    // The facts are committed: a failed audit write is logged, not turned into an error the client would retry.
    await deps.audit
      .record({
        workspaceId,
        actorId: null,
        action: "ingest.facts",
        subject: key,
        allowed: true,
        detail: { token: input.tokenPrefix, format: input.format, ...(written.response as Record<string, unknown>) },
      })
      .catch((error: unknown) => deps.log.warn("could not write the audit log for an ingest", error));
    return { status: 200, body: written.response, replay: false, teamIds };
  }

  return { ingest };
}

export type IngestService = ReturnType<typeof createIngestService>;
