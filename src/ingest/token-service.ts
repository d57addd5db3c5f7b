// Managing ingest tokens from chat (admins only: a token writes facts into every team of the workspace) and
// checking them on each API request. The token is returned once, at creation, and never again.
import type { DateTime } from "luxon";
import type { AuditLog } from "../audit/repository.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { atLeast } from "../domain/permissions.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile } from "../members/types.js";
import { generateToken, hashToken, looksLikeToken, tokenPrefix } from "./token.js";
import type { IngestTokenRepository, StoredToken } from "./token-repository.js";

export const MAX_TOKEN_NAME = 60;

export const TOKEN_EXAMPLES = {
  create: "/ingest token create erp",
  revoke: "/ingest token revoke stk_a1B2c3",
} as const;

export interface TokenView extends StoredToken {
  createdBy: string | null;
}

export interface IngestTokenServiceDeps {
  repo: IngestTokenRepository;
  members: Pick<MemberRepository, "findByIds">;
  audit: AuditLog;
  clock: () => DateTime;
}

function assertAdmin(member: MemberProfile, action: string): void {
  if (!atLeast(member, "admin")) throw new PermissionDenied(action, "deny.ingest_admin");
}

export function createIngestTokenService(deps: IngestTokenServiceDeps) {
  const { repo, audit } = deps;

  async function create(admin: MemberProfile, rawName: string): Promise<{ token: string; stored: StoredToken }> {
    assertAdmin(admin, "ingest.token_create");
    const name = rawName.trim();
    if (!name) throw new UserError("ingest.name_missing", {}, TOKEN_EXAMPLES.create);
    if (name.length > MAX_TOKEN_NAME) {
      throw new UserError("ingest.name_too_long", { max: MAX_TOKEN_NAME }, TOKEN_EXAMPLES.create);
    }
    // Tokens are revoked by prefix, so a new token never shares one with an existing token of the workspace.
    let token = generateToken();
    while ((await repo.findByPrefix(admin.workspaceId, tokenPrefix(token))).length) token = generateToken();
    const stored = await repo.create({
      workspaceId: admin.workspaceId,
      name,
      tokenHash: hashToken(token),
      prefix: tokenPrefix(token),
      createdById: admin.id,
      at: deps.clock().toJSDate(),
    });
    // The audit entry names the token by its prefix: the token itself is never written anywhere.
    await audit.record({
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      action: "ingest.token_create",
      subject: name,
      allowed: true,
      detail: { prefix: stored.prefix },
    });
    return { token, stored };
  }

  async function list(admin: MemberProfile): Promise<TokenView[]> {
    assertAdmin(admin, "ingest.token_list");
    const tokens = await repo.list(admin.workspaceId);
    const creatorIds = [...new Set(tokens.flatMap((t) => (t.createdById ? [t.createdById] : [])))];
    const handles = new Map(
      (await deps.members.findByIds(creatorIds, { activeOnly: false })).map((m) => [m.id, m.handle]),
    );
    return tokens.map((t) => ({ ...t, createdBy: t.createdById ? (handles.get(t.createdById) ?? null) : null }));
  }

  async function revoke(admin: MemberProfile, rawPrefix: string): Promise<StoredToken> {
    assertAdmin(admin, "ingest.token_revoke");
    // Admins paste the prefix as listed ("stk_a1B2c3…"), with or without the ellipsis or the "stk_".
    const typed = rawPrefix.trim().replace(/…$|\.\.\.$/, "");
    if (!typed) throw new UserError("ingest.prefix_missing", {}, TOKEN_EXAMPLES.revoke);
    const prefix = typed.startsWith("stk_") ? typed : `stk_${typed}`;
    const [found] = await repo.findByPrefix(admin.workspaceId, prefix);
    if (!found) throw new UserError("ingest.unknown_token", { prefix }, "/ingest token list");
    if (found.revokedAt || !(await repo.revoke(found.id, deps.clock().toJSDate()))) {
      throw new UserError("ingest.already_revoked", { prefix, name: found.name });
    }
    await audit.record({
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      action: "ingest.token_revoke",
      subject: found.name,
      allowed: true,
      detail: { prefix: found.prefix },
    });
    return found;
  }

  /**
   * The live token behind an `Authorization: Bearer …` value, or null. The lookup is by the token's hash (a unique
   * index), so what a caller controls never meets a stored secret in a comparison whose timing could leak it.
   */
  async function authenticate(bearer: string): Promise<StoredToken | null> {
    if (!looksLikeToken(bearer)) return null;
    return repo.use(hashToken(bearer), deps.clock().toJSDate());
  }

  return { create, list, revoke, authenticate };
}

export type IngestTokenService = ReturnType<typeof createIngestTokenService>;
