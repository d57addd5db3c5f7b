// The fault suite's promise about recognising people, on both databases: a chat account is linked to a member by
// email only when the email is that member's, letter for letter (case aside). Prisma runs a case-insensitive
// equals as ILIKE, where "_" and "%" are wildcards: unescaped, an account whose email is "s_ri@…" or "%@…" would
// be linked to Sari, and act as her.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";

describe.each(DATABASE_KINDS)("linking by email on %s", (kind) => {
  let app: Starling;
  let workspaceId: string;
  beforeAll(async () => {
    app = await startTestApp(kind);
    const sari = await app.db.prisma.member.findFirstOrThrow({ where: { handle: "sari" } });
    workspaceId = sari.workspaceId;
  });
  afterAll(() => app.stop());

  const resolve = (userId: string, email: string) =>
    app.services.identity.resolveMember(workspaceId, "slack", userId, async () => ({ email }));

  it.each([
    ["an underscore for a letter", "s_ri@demo.starling.dev"],
    ["a percent sign for the name", "%@demo.starling.dev"],
    ["a percent sign for everything", "%"],
    ["a trailing backslash", "sari@demo.starling.dev\\"],
  ])("does not link an account whose email has %s", async (_what, email) => {
    const before = await app.db.prisma.member.findFirstOrThrow({ where: { handle: "sari" } });
    expect(await resolve(`U_FORGER_${email.length}`, email)).toBeNull();
    const after = await app.db.prisma.member.findFirstOrThrow({ where: { handle: "sari" } });
    expect(after.slackUserId).toBe(before.slackUserId);
  });

  it("links the account whose email is the member's, in any case", async () => {
    const linked = await resolve("U_SARI_REAL", "Sari@Demo.Starling.dev");
    expect(linked?.member.handle).toBe("sari");
  });
});
