// Creator tiers S/A/B/C from performance over a rolling window: GMV, GPM (GMV per 1,000 impressions), videos,
// and return rate. Each team may set its own thresholds (Team.creatorTierConfig); money thresholds are in the
// team's currency. The defaults are in USD and converted at the day's rate for teams in other currencies.
import { Decimal } from "decimal.js";
import { z } from "zod";

export const TIERS = ["S", "A", "B", "C"] as const;
export type Tier = (typeof TIERS)[number];

const bar = z.object({
  gmv: z.number().min(0),
  gpm: z.number().min(0).default(0),
  videos: z.number().int().min(0).default(0),
});

export const tierConfigSchema = z.object({
  windowDays: z.number().int().min(7).max(180).default(30),
  /** A return rate above this moves a creator one tier down (a creator who sells returns is not an S). */
  maxReturnRate: z.number().min(0).max(1).default(0.15),
  S: bar,
  A: bar,
  B: bar,
  /** The currency the money thresholds are in. */
  currency: z.string().length(3).default("USD"),
});

export type TierConfig = z.infer<typeof tierConfigSchema>;

export const DEFAULT_TIER_CONFIG: TierConfig = {
  windowDays: 30,
  maxReturnRate: 0.15,
  S: { gmv: 5000, gpm: 20, videos: 8 },
  A: { gmv: 1500, gpm: 10, videos: 4 },
  B: { gmv: 300, gpm: 0, videos: 1 },
  currency: "USD",
};

/** A team's stored config, validated; anything missing or broken falls back to the defaults, field by field. */
export function readTierConfig(stored: unknown): TierConfig {
  const parsed = tierConfigSchema.safeParse({ ...DEFAULT_TIER_CONFIG, ...(stored as object | null) });
  return parsed.success ? parsed.data : DEFAULT_TIER_CONFIG;
}

export interface CreatorPerformance {
  gmv: Decimal;
  impressions: Decimal;
  videos: Decimal;
  itemsSold: Decimal;
  itemsReturned: Decimal;
}

export function gpmOf(p: CreatorPerformance): Decimal | null {
  return p.impressions.gt(0) ? p.gmv.div(p.impressions).mul(1000) : null;
}

export function returnRateOf(p: CreatorPerformance): Decimal | null {
  return p.itemsSold.gt(0) ? p.itemsReturned.div(p.itemsSold) : null;
}

/**
 * The tier earned. `moneyRate` converts the config's currency into the team's (1 when they are the same). A
 * creator with neither sales nor videos in the window earns no tier (null): not yet working with the team.
 */
export function tierFor(p: CreatorPerformance, config: TierConfig, moneyRate: Decimal = new Decimal(1)): Tier | null {
  if (p.gmv.isZero() && p.videos.isZero()) return null;
  const gpm = gpmOf(p);
  const meets = (tier: "S" | "A" | "B") => {
    const b = config[tier];
    // GPM is only required when impressions are known: a missing metric must not demote anyone.
    return p.gmv.gte(moneyRate.mul(b.gmv)) && p.videos.gte(b.videos) && (gpm === null || gpm.gte(moneyRate.mul(b.gpm)));
  };
  let index = meets("S") ? 0 : meets("A") ? 1 : meets("B") ? 2 : 3;
  const returns = returnRateOf(p);
  if (returns?.gt(config.maxReturnRate) && index < 3) index++;
  return TIERS[index] as Tier;
}
