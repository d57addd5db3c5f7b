// Connected TikTok Shop shops: the ShopConnection rows (cipher, tokens, sync cursor, last error) and the encryption
// of the sellers' tokens at rest. A token opens a seller's orders and customers, so it is stored only as AES-256-GCM
// ciphertext under STARLING_SECRET_KEY, bound to its shop (the shop id is the associated data: a ciphertext copied
// to another row does not decrypt), and it never appears in a log line, an error or a reply.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/client.js";

/** "v1.<iv>.<tag>.<ciphertext>", base64url: the version names the algorithm, so the format can change later. */
const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new Error(`the token key must be 32 bytes, got ${key.length}`);
}

export function encryptToken(key: Uint8Array, token: string, context: string): string {
  checkKey(key);
  // A fresh random IV per encryption: GCM with a repeated IV under one key leaks the plaintexts' XOR.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptToken(key: Uint8Array, text: string, context: string): string {
  checkKey(key);
  const [format, iv, tag, sealed, ...extra] = text.split(".");
  if (format !== FORMAT || iv === undefined || tag === undefined || sealed === undefined || extra.length) {
    throw new Error(`a stored token is not in the ${FORMAT} format`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // The message never includes the ciphertext or the key.
    throw new Error("a stored token could not be decrypted: STARLING_SECRET_KEY changed, or the row was altered");
  }
}

const tokenContext = (shopId: string) => `starling/tiktok-token/${shopId}`;

/** A shop as /shop list shows it. */
export interface ShopStatus {
  id: string;
  name: string;
  externalId: string;
  market: string;
  currency: string;
  timezone: string;
  teamId: string;
  teamSlug: string;
  connected: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
}

/** What a sync needs about a connected shop, tokens decrypted. */
export interface Connection {
  shopId: string;
  shopName: string;
  externalId: string;
  timezone: string;
  shopCipher: string;
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date | null;
  syncedUntil: Date | null;
}

export interface NewTokens {
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date | null;
}

/** "GlowLab Official Store" matches "glowlab-official store": letters and digits only, any case. */
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

export function createConnectionRepository(prisma: PrismaClient, secretKey: Uint8Array | null) {
  function key(): Uint8Array {
    if (!secretKey) throw new Error("TikTok Shop tokens need STARLING_SECRET_KEY");
    return secretKey;
  }
  const seal = (shopId: string, token: string) => encryptToken(key(), token, tokenContext(shopId));
  const open = (shopId: string, text: string) => decryptToken(key(), text, tokenContext(shopId));

  async function shopsOf(workspaceId: string): Promise<ShopStatus[]> {
    const rows = await prisma.shop.findMany({
      where: { workspaceId },
      include: { team: { select: { slug: true } }, connection: true },
      orderBy: { name: "asc" },
    });
    return rows.map((s) => ({
      id: s.id,
      name: s.name,
      externalId: s.externalId,
      market: s.market,
      currency: s.currency,
      timezone: s.timezone,
      teamId: s.teamId,
      teamSlug: s.team.slug,
      connected: s.apiConnected && s.connection !== null,
      lastSyncAt: s.connection?.lastSyncAt ?? null,
      lastError: s.connection?.lastError ?? null,
    }));
  }

  return {
    shopsOf,

    /** A shop of the workspace by name (any case and punctuation) or by its TikTok shop id. */
    async findShop(workspaceId: string, ref: string): Promise<{ shop: ShopStatus | null; all: ShopStatus[] }> {
      const all = await shopsOf(workspaceId);
      const wanted = squash(ref);
      const shop = all.find((s) => s.externalId === ref.trim() || (wanted !== "" && squash(s.name) === wanted));
      return { shop: shop ?? null, all };
    },

    /** Every connected shop of every workspace: what the scheduled sync fires for. */
    async connectedShops(): Promise<{ shopId: string; name: string; timezone: string }[]> {
      const rows = await prisma.shop.findMany({
        where: { apiConnected: true, connection: { isNot: null } },
        select: { id: true, name: true, timezone: true },
        orderBy: { name: "asc" },
      });
      return rows.map((r) => ({ shopId: r.id, name: r.name, timezone: r.timezone }));
    },

    /** Connected shops with this TikTok shop id (one per workspace that connected it): who a webhook is for. */
    async connectedByExternalId(externalId: string): Promise<{ shopId: string; name: string }[]> {
      const rows = await prisma.shop.findMany({
        where: { externalId, platform: "tiktok_shop", apiConnected: true, connection: { isNot: null } },
        select: { id: true, name: true },
      });
      return rows.map((r) => ({ shopId: r.id, name: r.name }));
    },

    async load(shopId: string): Promise<Connection | null> {
      const row = await prisma.shopConnection.findUnique({ where: { shopId }, include: { shop: true } });
      if (!row?.shop.apiConnected) return null;
      return {
        shopId,
        shopName: row.shop.name,
        externalId: row.shop.externalId,
        timezone: row.shop.timezone,
        shopCipher: row.shopCipher,
        accessToken: open(shopId, row.accessTokenEnc),
        refreshToken: row.refreshTokenEnc ? open(shopId, row.refreshTokenEnc) : null,
        accessExpiresAt: row.accessExpiresAt,
        syncedUntil: row.syncedUntil,
      };
    },

    /**
     * Stores a shop's credentials and marks it connected. A reconnect of the same TikTok shop (same cipher) keeps
     * its sync cursor; a different one starts over with the last 30 days.
     */
    async connect(shopId: string, input: NewTokens & { shopCipher: string }): Promise<void> {
      const tokens = {
        accessTokenEnc: seal(shopId, input.accessToken),
        refreshTokenEnc: input.refreshToken ? seal(shopId, input.refreshToken) : null,
        accessExpiresAt: input.accessExpiresAt,
      };
      await prisma.$transaction(async (tx) => {
        const existing = await tx.shopConnection.findUnique({ where: { shopId } });
        const keepCursor = existing?.shopCipher === input.shopCipher;
        await tx.shopConnection.upsert({
          where: { shopId },
          create: { shopId, shopCipher: input.shopCipher, ...tokens },
          update: {
            shopCipher: input.shopCipher,
            ...tokens,
            lastError: null,
            ...(keepCursor ? {} : { syncedUntil: null, lastSyncAt: null }),
          },
        });
        await tx.shop.update({ where: { id: shopId }, data: { apiConnected: true } });
      });
    },

    /** Forgets the tokens (the rows they fed stay). */
    async disconnect(shopId: string): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.shopConnection.deleteMany({ where: { shopId } });
        const shop = await tx.shop.updateMany({
          where: { id: shopId, apiConnected: true },
          data: { apiConnected: false },
        });
        return count > 0 || shop.count > 0;
      });
    },

    async saveTokens(shopId: string, tokens: NewTokens): Promise<void> {
      await prisma.shopConnection.update({
        where: { shopId },
        data: {
          accessTokenEnc: seal(shopId, tokens.accessToken),
          refreshTokenEnc: tokens.refreshToken ? seal(shopId, tokens.refreshToken) : null,
          accessExpiresAt: tokens.accessExpiresAt,
        },
      });
    },

    async recordSuccess(shopId: string, input: { syncedUntil: Date; at: Date }): Promise<void> {
      await prisma.shopConnection.updateMany({
        where: { shopId },
        data: { syncedUntil: input.syncedUntil, lastSyncAt: input.at, lastError: null },
      });
    },

    /** The cursor stays where it was: the next run retries the same window. */
    async recordFailure(shopId: string, error: string): Promise<void> {
      await prisma.shopConnection.updateMany({ where: { shopId }, data: { lastError: error.slice(0, 1000) } });
    },
  };
}

export type ConnectionRepository = ReturnType<typeof createConnectionRepository>;
