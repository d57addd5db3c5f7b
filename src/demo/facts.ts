// Generates the demo facts: per shop and content type, ad spend, per member and per creator, for 90 days ending
// yesterday in each team's own zone. Pure: takes the ids of the rows already created and returns fact rows (values
// as Decimal strings) plus the daily totals the targets are sized from. Money is formatted with Decimal before it
// is stored. The shop left behind on purpose (freshness.ts) has no shop facts on its missing days.
import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { ContentType, ScopeType, TrafficSource } from "../generated/prisma/enums.js";
import type { DemoCreator, DemoMember, DemoShop, DemoTeam } from "./fixtures.js";
import { isBehindDay } from "./freshness.js";
import { type DemoDay, dbDate, demoDays } from "./fx.js";
import { incidentFactor } from "./incidents.js";
import { createRng } from "./random.js";

export interface FactRow {
  workspaceId: string;
  teamId: string;
  date: Date;
  metricKey: string;
  scopeType: ScopeType;
  scopeId: string;
  memberId: string | null;
  shopId: string | null;
  creatorId: string | null;
  contentType: ContentType;
  traffic: TrafficSource;
  value: string;
  originalCurrency: string | null;
  originalAmount: string | null;
  fxRateDate: Date | null;
  source: "demo";
}

export interface FactContext {
  workspaceId: string;
  /** Days the behind shop is held back (freshness.ts, demoBehindDays). */
  behindDays: number;
  /** `today` is the team's own local date: the seeded days end at its yesterday. */
  teams: readonly { def: DemoTeam; id: string; holidays: ReadonlySet<string>; today: string }[];
  shops: readonly { def: DemoShop; id: string }[];
  members: readonly { def: DemoMember; id: string }[];
  /** salesFrom/salesUntil: local dates between which the creator sells (null: never). */
  creators: readonly { def: DemoCreator; id: string; salesFrom: string | null; salesUntil: string }[];
  /** Rate of 1 unit of `currency` in USD for a date, or the nearest earlier day's, with the day used. */
  usdRate(currency: string, date: string): { rate: Decimal; date: string };
}

/** Daily totals the targets are sized from: team GMV per date, and member metric values per working day. */
export interface FactStats {
  teamGmv: Map<string, Map<string, number>>;
  memberDaily: Map<string, Map<string, Map<string, number>>>;
}

const CONTENT_TYPES = ["video", "live", "product_card"] as const;
const CVR = { video: 0.035, live: 0.055, product_card: 0.025 };
const CTR = { video: 0.018, live: 0.028, product_card: 0.022 };

export function moneyDigits(currency: string): number {
  return currency === "IDR" ? 0 : 2;
}

function money(amount: number | Decimal, currency: string): string {
  return new Decimal(amount).toFixed(moneyDigits(currency));
}

export function generateFacts(ctx: FactContext): { rows: FactRow[]; stats: FactStats } {
  const rows: FactRow[] = [];
  const stats: FactStats = { teamGmv: new Map(), memberDaily: new Map() };
  // team id → date → content type → GMV and orders of all its shops, for member attribution.
  const teamContent = new Map<string, Map<string, Record<string, { gmv: number; orders: number }>>>();

  for (const team of ctx.teams) {
    const days = demoDays(team.today, team.def.timezone);
    const base = { workspaceId: ctx.workspaceId, teamId: team.id, source: "demo" as const };
    const fact = (day: DemoDay, metricKey: string, value: string, rest: Partial<FactRow>): void => {
      rows.push({
        ...base,
        date: dbDate(day.date),
        metricKey,
        scopeType: "shop",
        scopeId: "",
        memberId: null,
        shopId: null,
        creatorId: null,
        contentType: "none",
        traffic: "none",
        value,
        originalCurrency: null,
        originalAmount: null,
        fxRateDate: null,
        ...rest,
      });
    };
    const currency = team.def.currency;
    const local = (value: string) => ({ originalCurrency: currency, originalAmount: value });
    const perDate = new Map<string, Record<string, { gmv: number; orders: number }>>();
    teamContent.set(team.id, perDate);
    const teamGmv = new Map<string, number>();
    stats.teamGmv.set(team.def.slug, teamGmv);

    // --- shops: per content type, then paid ad spend -----------------------------------------------------------
    for (const shop of ctx.shops.filter((s) => s.def.teamSlug === team.def.slug)) {
      const rng = createRng(`shop:${shop.def.externalId}`);
      const ctrScale = rng.between(0.85, 1.15);
      const scope = { scopeType: "shop" as const, scopeId: shop.id, shopId: shop.id };
      for (const day of days) {
        // A held-back day is generated (the same draws, the members' own sales) but not stored: it is not in yet.
        const shopFact: typeof fact = isBehindDay(shop.def.externalId, day.daysAgo, ctx.behindDays) ? () => {} : fact;
        const trend = 1 + 0.001 * (days.length - day.daysAgo);
        let dayGmv = 0;
        const content = perDate.get(day.date) ?? {};
        perDate.set(day.date, content);
        for (const contentType of CONTENT_TYPES) {
          const week = contentType === "live" ? team.def.liveWeek : team.def.otherWeek;
          const season = week[day.weekday - 1] ?? 1;
          const baseGmv = shop.def.dailyGmv * team.def.contentMix[contentType] * season * trend * rng.noise(0.1);
          const baseOrders = baseGmv / (shop.def.aov * rng.noise(0.04));
          const baseItems = baseOrders * team.def.itemsPerOrder * rng.noise(0.04);
          const clicks = Math.round(baseOrders / (CVR[contentType] * rng.noise(0.06)));
          const impressions = Math.round(clicks / (CTR[contentType] * ctrScale * rng.noise(0.06)));
          const returnNoise = rng.noise(0.1);
          const refundNoise = rng.noise(0.1);
          const factor = (metric: string) =>
            incidentFactor(
              { teamSlug: team.def.slug, shopExternalId: shop.def.externalId, metric, contentType, traffic: "none" },
              day.daysAgo,
            );
          const gmv = money(baseGmv * factor("gmv_gross"), currency);
          const orders = Math.round(baseOrders * factor("orders"));
          const items = Math.max(orders, Math.round(baseItems * factor("items_sold")));
          // Returns and refunds follow the (possibly reduced) sales, so a GMV fall is not also a return spike.
          const returned = Math.round(items * shop.def.returnRate * returnNoise * factor("items_returned"));
          const refund = money(Number(gmv) * shop.def.refundRate * refundNoise * factor("refund_amount"), currency);
          const dims = { ...scope, contentType };
          shopFact(day, "gmv_gross", gmv, { ...dims, ...local(gmv) });
          shopFact(day, "orders", String(orders), dims);
          shopFact(day, "items_sold", String(items), dims);
          shopFact(day, "items_returned", String(returned), dims);
          shopFact(day, "refund_amount", refund, { ...dims, ...local(refund) });
          shopFact(day, "impressions", String(impressions), dims);
          shopFact(day, "clicks", String(clicks), dims);
          dayGmv += Number(gmv);
          const sum = content[contentType] ?? { gmv: 0, orders: 0 };
          content[contentType] = { gmv: sum.gmv + Number(gmv), orders: sum.orders + orders };
        }
        teamGmv.set(day.date, (teamGmv.get(day.date) ?? 0) + dayGmv);

        const spendFactor = incidentFactor(
          {
            teamSlug: team.def.slug,
            shopExternalId: shop.def.externalId,
            metric: "ad_spend",
            contentType: "none",
            traffic: "paid",
          },
          day.daysAgo,
        );
        const spend = (dayGmv / (shop.def.roi * rng.noise(0.1))) * spendFactor;
        const paid = { ...scope, traffic: "paid" as const };
        const buyCurrency = team.def.adSpendCurrency;
        if (buyCurrency !== undefined && buyCurrency !== currency) {
          // Bought in another currency: keep that amount, store its conversion at the day's (or last known) rate.
          const local = ctx.usdRate(currency, day.date);
          const buy = ctx.usdRate(buyCurrency, day.date);
          const original = new Decimal(spend).times(local.rate).div(buy.rate).toDecimalPlaces(2);
          const value = original.times(buy.rate).div(local.rate).toFixed(2);
          shopFact(day, "ad_spend", value, {
            ...paid,
            originalCurrency: buyCurrency,
            originalAmount: original.toFixed(2),
            fxRateDate: dbDate(local.date),
          });
        } else {
          const value = money(spend, currency);
          shopFact(day, "ad_spend", value, { ...paid, ...local(value) });
        }
      }
    }

    // --- members: per working day, by what they do -----------------------------------------------------------
    for (const member of ctx.members.filter((m) => m.def.teamSlug === team.def.slug)) {
      const rng = createRng(`member:${member.def.handle}`);
      const daily = new Map<string, Map<string, number>>();
      stats.memberDaily.set(member.id, daily);
      const scope = { scopeType: "member" as const, scopeId: member.id, memberId: member.id };
      const is = (fn: string) => member.def.functions.includes(fn as never);
      for (const day of days) {
        if (!team.def.workingDays.includes(day.weekday) || team.holidays.has(day.date)) continue;
        const content = perDate.get(day.date) ?? {};
        const put = (metricKey: string, value: number | string, contentType: ContentType, isMoney = false) => {
          const text = typeof value === "string" ? value : String(value);
          fact(day, metricKey, text, { ...scope, contentType, ...(isMoney ? local(text) : {}) });
          const byDate = daily.get(metricKey) ?? new Map<string, number>();
          daily.set(metricKey, byDate);
          byDate.set(day.date, (byDate.get(day.date) ?? 0) + Number(text));
        };
        if (is("host")) {
          const sessions = day.weekday >= 6 ? 2 : rng.int(1, 2);
          put("live_sessions", sessions, "live");
          put("live_minutes", sessions * rng.int(100, 150), "live");
          const share = (member.def.liveShare ?? 0) * rng.noise(0.08);
          const live = content.live ?? { gmv: 0, orders: 0 };
          put("gmv_gross", money(live.gmv * share, currency), "live", true);
          put("orders", Math.round(live.orders * share), "live");
        }
        if (is("editor") || is("host")) put("videos_posted", is("editor") ? rng.int(3, 6) : rng.int(0, 2), "video");
        if (is("editor")) {
          const share = (member.def.videoShare ?? 0) * rng.noise(0.08);
          const video = content.video ?? { gmv: 0, orders: 0 };
          put("gmv_gross", money(video.gmv * share, currency), "video", true);
          put("orders", Math.round(video.orders * share), "video");
        }
        if (is("bd")) {
          const contacted = rng.int(10, 18);
          put("creators_contacted", contacted, "none");
          put("creator_replies", Math.round(contacted * rng.between(0.22, 0.38)), "none");
          put("samples_shipped", rng.int(0, 3), "none");
        }
      }
    }

    // --- creators: affiliate video sales on a few days a week, from their first sale on -------------------------
    const aov = ctx.shops.find((s) => s.def.teamSlug === team.def.slug)?.def.aov ?? 1;
    for (const creator of ctx.creators.filter((c) => c.def.teamSlug === team.def.slug)) {
      const { salesFrom, salesUntil } = creator;
      if (salesFrom === null || creator.def.dailyGmv === undefined) continue;
      const rng = createRng(`creator:${creator.def.displayHandle}`);
      const scope = {
        scopeType: "creator" as const,
        scopeId: creator.id,
        creatorId: creator.id,
        contentType: "video" as const,
      };
      const odds = creator.def.stage === "active" ? 0.6 : 0.45;
      // Videos start about a week before the first sale (the video that made it) and go on while the creator sells.
      const videosFrom = DateTime.fromISO(salesFrom).minus({ days: 7 }).toISODate() as string;
      for (const day of days) {
        if (day.date >= videosFrom && day.date <= salesUntil && rng.chance(0.35))
          fact(day, "videos_posted", "1", scope);
        const sells = rng.chance(odds);
        const noise = rng.noise(0.15);
        // The day the creator reached first_sale has a sale by definition.
        if ((!sells && day.date !== salesFrom) || day.date < salesFrom || day.date > salesUntil) continue;
        const gmv = money(creator.def.dailyGmv * (team.def.otherWeek[day.weekday - 1] ?? 1) * noise, currency);
        const orders = Math.max(1, Math.round(Number(gmv) / aov));
        const items = Math.max(orders, Math.round(orders * rng.between(1, 1.4)));
        fact(day, "gmv_gross", gmv, { ...scope, ...local(gmv) });
        fact(day, "orders", String(orders), scope);
        fact(day, "items_sold", String(items), scope);
        // A few creators sell products that come back: their return rate is what demotes them a tier.
        fact(day, "items_returned", String(Math.round(items * rng.between(0.01, 0.09))), scope);
        fact(day, "impressions", String(orders * rng.int(250, 700)), scope);
      }
    }
  }
  return { rows, stats };
}
