// FX rates by day: 1 unit of a currency = usdRate USD. A day without a rate uses the nearest earlier day,
// and the caller is told which day that was, so a reply can say so.
import { Decimal } from "decimal.js";
import type { PrismaClient } from "../db/client.js";

export interface RateLookup {
  /** The rate to convert 1 unit of `from` into `to` on `date`, and the rate days actually used. */
  rate(from: string, to: string, date: string): { rate: Decimal; rateDates: string[] } | null;
}

export function createFxRepository(prisma: PrismaClient) {
  return {
    /** Loads the rates needed for [from, to], plus the latest earlier rate of each currency as a fallback. */
    async lookup(currencies: string[], from: string, to: string): Promise<RateLookup> {
      const wanted = [...new Set(currencies.filter((c) => c !== "USD"))];
      const byCurrency = new Map<string, { date: string; rate: Decimal }[]>();
      for (const currency of wanted) {
        const [earlier, within] = await Promise.all([
          prisma.fxRate.findFirst({
            where: { currency, date: { lt: new Date(`${from}T00:00:00Z`) } },
            orderBy: { date: "desc" },
          }),
          prisma.fxRate.findMany({
            where: { currency, date: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
            orderBy: { date: "asc" },
          }),
        ]);
        byCurrency.set(
          currency,
          [...(earlier ? [earlier] : []), ...within].map((r) => ({
            date: r.date.toISOString().slice(0, 10),
            rate: new Decimal(r.usdRate.toString()),
          })),
        );
      }
      const usdRate = (currency: string, date: string): { rate: Decimal; date: string } | null => {
        if (currency === "USD") return { rate: new Decimal(1), date };
        const rates = byCurrency.get(currency) ?? [];
        // Rates are sorted by date: the last one on or before `date` is the nearest earlier rate.
        let found: { date: string; rate: Decimal } | null = null;
        for (const r of rates) {
          if (r.date > date) break;
          found = r;
        }
        return found;
      };
      return {
        rate(fromCurrency, toCurrency, date) {
          if (fromCurrency === toCurrency) return { rate: new Decimal(1), rateDates: [] };
          const a = usdRate(fromCurrency, date);
          const b = usdRate(toCurrency, date);
          if (!a || !b) return null;
          return { rate: a.rate.div(b.rate), rateDates: [a.date, b.date].filter((d) => d !== date) };
        },
      };
    },
  };
}

export type FxRepository = ReturnType<typeof createFxRepository>;
