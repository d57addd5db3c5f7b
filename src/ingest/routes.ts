// POST /api/ingest/facts: the HTTP side of the ingest API. Checks the bearer token (which decides the workspace),
// the Idempotency-Key and the media type before reading the body, and answers every refusal as
// `{ error: { code, message, … } }` so programs can branch on the code and people can read the message.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DateTime } from "luxon";
import type { AuditLog } from "../audit/repository.js";
import { cleanText } from "../domain/text.js";
import { HttpError, type HttpServer, readBody } from "../http/server.js";
import type { Logger } from "../log.js";
import type { MemberRepository } from "../members/repository.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import { createChangeQueue } from "./after-write.js";
import { IngestError } from "./errors.js";
import { type BodyFormat, MAX_ROWS } from "./read-body.js";
import type { IngestRepository } from "./repository.js";
import { createIngestService } from "./service.js";
import type { IngestTokenService } from "./token-service.js";

export const INGEST_PATH = "/api/ingest/facts";
/** Ten thousand facts with every field set fit well within this. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_KEY_LENGTH = 200;

export interface IngestDeps {
  http: HttpServer;
  tokens: Pick<IngestTokenService, "authenticate">;
  repo: IngestRepository;
  members: Pick<MemberRepository, "listTeams" | "listActive">;
  fx: Pick<FxRepository, "lookup">;
  audit: AuditLog;
  clock: () => DateTime;
  log: Logger;
  /** Called after facts were written (not for replays), with the teams they belong to. */
  onFactsChanged(teamIds: string[]): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function bearerOf(req: IncomingMessage): string {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new IngestError(
      401,
      "missing_token",
      "Send the token as “Authorization: Bearer stk_…”; an admin creates one in chat with /ingest token create <name>",
    );
  }
  return match[1];
}

function keyOf(req: IncomingMessage): string {
  const raw = req.headers["idempotency-key"];
  // Node refuses NUL in a header, but not other controls or Latin-1 bytes: the key is stored, so it is cleaned.
  const key = cleanText((Array.isArray(raw) ? raw[0] : raw) ?? "").trim();
  if (!key) {
    throw new IngestError(
      400,
      "missing_idempotency_key",
      "Send an Idempotency-Key header, unique per batch (e.g. erp-2026-11-20-1): a retry with the same key and body is answered once",
      { field: "Idempotency-Key" },
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new IngestError(
      400,
      "invalid_idempotency_key",
      `The Idempotency-Key is at most ${MAX_KEY_LENGTH} characters`,
      {
        field: "Idempotency-Key",
      },
    );
  }
  return key;
}

function formatOf(req: IncomingMessage): BodyFormat {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/csv" || type === "application/csv") return "csv";
  throw new IngestError(
    415,
    "unsupported_media_type",
    `Send Content-Type: application/json ({"facts": [ … ]}) or text/csv (a header row, then one fact per line), not “${type || "none"}”`,
    { field: "Content-Type" },
  );
}

/** `?complete_through=2026-12-02` (CSV): checked with the body, so a bad day is refused like a bad row. */
function completeThroughOf(req: IncomingMessage): string | null {
  const value = new URL(req.url ?? "/", "http://localhost").searchParams.get("complete_through");
  return value === null ? null : cleanText(value).trim();
}

const bodyTooLarge = () =>
  new IngestError(
    413,
    "body_too_large",
    `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB: send at most ${MAX_ROWS.toLocaleString("en-US")} facts per request`,
  );

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw bodyTooLarge();
    throw error;
  }
}

/** Mounts the API on the shared server. `idle()` resolves once every onFactsChanged call has finished. */
export function mountIngest(deps: IngestDeps): { idle(): Promise<void> } {
  const service = createIngestService(deps);
  const changes = createChangeQueue(deps.onFactsChanged, deps.log);

  deps.http.add({
    method: "POST",
    path: INGEST_PATH,
    // The server refuses a larger declared Content-Length before the token is even looked at.
    maxBodyBytes: MAX_BODY_BYTES,
    onTooLarge: (res) => send(res, 413, bodyTooLarge().toJSON()),
    async handler(req, res) {
      try {
        const token = await deps.tokens.authenticate(bearerOf(req));
        if (!token) throw new IngestError(401, "invalid_token", "This token is unknown or has been revoked");
        const key = keyOf(req);
        const format = formatOf(req);
        const body = await bodyOf(req);
        const answer = await service.ingest({
          workspaceId: token.workspaceId,
          tokenPrefix: token.prefix,
          key,
          body,
          format,
          completeThrough: completeThroughOf(req),
        });
        send(res, answer.status, answer.body, answer.replay ? { "idempotent-replay": "true" } : {});
        if (answer.teamIds.length) changes.add(answer.teamIds);
      } catch (error) {
        if (error instanceof IngestError) {
          const challenge = error.status === 401 ? { "www-authenticate": 'Bearer realm="starling"' } : undefined;
          send(res, error.status, error.toJSON(), challenge);
          return;
        }
        // The write is one transaction and its answer is stored with it, so a retry with the same key is safe
        // whether or not the failure came before the commit.
        deps.log.error(`ingest request failed on ${INGEST_PATH}`, error);
        send(res, 500, {
          error: { code: "internal_error", message: "Internal error; retrying with the same Idempotency-Key is safe" },
        });
      }
    },
  });

  return { idle: () => changes.idle() };
}
