// Ingest tokens in the database: only the hash and the prefix, never the token.
import type { PrismaClient } from "../db/client.js";

export interface StoredToken {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  createdById: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const PUBLIC_FIELDS = {
  id: true,
  workspaceId: true,
  name: true,
  prefix: true,
  createdById: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export function createIngestTokenRepository(prisma: PrismaClient) {
  return {
    async create(input: {
      workspaceId: string;
      name: string;
      tokenHash: string;
      prefix: string;
      createdById: string;
      at: Date;
    }): Promise<StoredToken> {
      const { at, ...data } = input;
      return prisma.ingestToken.create({ data: { ...data, createdAt: at }, select: PUBLIC_FIELDS });
    },

    async list(workspaceId: string): Promise<StoredToken[]> {
      return prisma.ingestToken.findMany({
        where: { workspaceId },
        orderBy: { createdAt: "asc" },
        select: PUBLIC_FIELDS,
      });
    },

    async findByPrefix(workspaceId: string, prefix: string): Promise<StoredToken[]> {
      return prisma.ingestToken.findMany({ where: { workspaceId, prefix }, select: PUBLIC_FIELDS });
    },

    /** Marks a token revoked; false when it already was (two admins revoking at once). */
    async revoke(id: string, at: Date): Promise<boolean> {
      const { count } = await prisma.ingestToken.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: at },
      });
      return count === 1;
    },

    /** The live token with this hash, its last use recorded; null when unknown or revoked. */
    async use(tokenHash: string, at: Date): Promise<StoredToken | null> {
      const token = await prisma.ingestToken.findUnique({ where: { tokenHash }, select: PUBLIC_FIELDS });
      if (!token || token.revokedAt) return null;
      await prisma.ingestToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { lastUsedAt: at } });
      return { ...token, lastUsedAt: at };
    },
  };
}

export type IngestTokenRepository = ReturnType<typeof createIngestTokenRepository>;
