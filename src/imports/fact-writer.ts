// Writes computed facts in chunks of one INSERT … SELECT FROM unnest(...) each. Prisma's createMany sends one bind
// parameter per value and builds every row as an object first: on a big import (100k+ facts) that took minutes and
// gigabytes, against about a second this way.
import type { Tx } from "./order-store.js";

export interface FactInput {
  workspaceId: string;
  teamId: string;
  /** Team-local "YYYY-MM-DD". */
  date: string;
  metricKey: string;
  scopeType: "shop" | "creator";
  scopeId: string;
  shopId: string;
  creatorId: string | null;
  contentType: "none" | "video" | "live" | "product_card";
  /** Exact decimal string. */
  value: string;
  originalCurrency: string | null;
  originalAmount: string | null;
  fxRateDate: string | null;
}

const CHUNK = 5000;

export async function insertFacts(tx: Tx, facts: FactInput[]): Promise<void> {
  for (let i = 0; i < facts.length; i += CHUNK) {
    const part = facts.slice(i, i + CHUNK);
    const col = <K extends keyof FactInput>(key: K) => part.map((f) => (f[key] === null ? null : String(f[key])));
    await tx.$executeRaw`
      INSERT INTO "Fact" ("workspaceId", "teamId", date, "metricKey", "scopeType", "scopeId", "shopId", "creatorId",
                          "contentType", value, "originalCurrency", "originalAmount", "fxRateDate", source, "updatedAt")
      SELECT w, t, d::date, m, s::"ScopeType", si, sh, c, ct::"ContentType", v::numeric, oc, oa::numeric, fx::date,
             'import', now()
      FROM unnest(${col("workspaceId")}::text[], ${col("teamId")}::text[], ${col("date")}::text[],
                  ${col("metricKey")}::text[], ${col("scopeType")}::text[], ${col("scopeId")}::text[],
                  ${col("shopId")}::text[], ${col("creatorId")}::text[], ${col("contentType")}::text[],
                  ${col("value")}::text[], ${col("originalCurrency")}::text[], ${col("originalAmount")}::text[],
                  ${col("fxRateDate")}::text[])
           AS u(w, t, d, m, s, si, sh, c, ct, v, oc, oa, fx)`;
  }
}
