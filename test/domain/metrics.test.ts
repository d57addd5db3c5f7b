import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { baseMetricsFor, computeMetric, findMetric, getMetric, isMoney, METRICS } from "../../src/domain/metrics.js";

const d = (v: string | number) => new Decimal(v);
const value = (key: string, s: Map<string, Decimal>) => {
  const v = computeMetric(key, s).value;
  if (v === null) throw new Error(`${key}: no value`);
  return v;
};
const metric = (key: string) => {
  const m = getMetric(key);
  if (!m) throw new Error(`unknown ${key}`);
  return m;
};
const sums = (o: Record<string, string | number>) => new Map(Object.entries(o).map(([k, v]) => [k, d(v)]));

describe("metric registry", () => {
  it("has unique keys and no alias shared by two metrics", () => {
    const keys = METRICS.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    const owner = new Map<string, string>();
    for (const m of METRICS)
      for (const a of m.aliases) {
        expect(a, `${m.key}: alias "${a}" must be lower-case and trimmed`).toBe(a.toLowerCase().trim());
        expect(owner.get(a) ?? m.key, `alias "${a}"`).toBe(m.key);
        owner.set(a, m.key);
      }
  });

  it("defines every ratio over stored sum metrics and states every formula", () => {
    for (const m of METRICS) {
      expect(m.formulaEn && m.formulaZh && m.descriptionEn && m.descriptionZh).toBeTruthy();
      if (m.aggregation === "ratio") {
        expect(getMetric(m.numerator ?? "")?.aggregation).toBe("sum");
        expect(getMetric(m.denominator ?? "")?.aggregation).toBe("sum");
      }
    }
    expect(getMetric("gmv_gross")?.descriptionEn).toBe(
      "GMV (gross): buyer-paid merchandise value of orders placed, before refunds and returns",
    );
  });

  it("finds metrics by key or alias, any case, trimmed", () => {
    expect(findMetric("GMV")?.key).toBe("gmv_gross");
    expect(findMetric("  销售额 ")?.key).toBe("gmv_gross");
    expect(findMetric("Return Rate")?.key).toBe("return_rate");
    expect(findMetric("return_rate")?.key).toBe("return_rate");
    expect(findMetric("退货率")?.key).toBe("return_rate");
    expect(findMetric("ROAS")?.key).toBe("roas");
    expect(findMetric("roi")?.key).toBe("roi");
    expect(findMetric("net gmv")?.key).toBe("gmv_net");
    expect(findMetric("foo")).toBeUndefined();
    expect(findMetric("")).toBeUndefined();
    expect(findMetric("constructor")).toBeUndefined();
  });

  it("lists the base sums each metric needs", () => {
    expect(baseMetricsFor("orders")).toEqual(["orders"]);
    expect(baseMetricsFor("gmv_net")).toEqual(["gmv_gross", "refund_amount"]);
    expect(baseMetricsFor("refund_rate")).toEqual(["refund_amount", "gmv_gross"]);
    expect(baseMetricsFor("gpm")).toEqual(["gmv_gross", "impressions"]);
    expect(() => baseMetricsFor("nope")).toThrow();
  });

  it("knows which metrics are money", () => {
    expect(isMoney(metric("gmv_gross"))).toBe(true);
    expect(isMoney(metric("gpm"))).toBe(true);
    expect(isMoney(metric("ctr"))).toBe(false);
  });
});

describe("computeMetric", () => {
  it("computes a period ratio from summed parts, not the average of daily ratios", () => {
    // Day 1: 5 orders / 10 clicks = 50%. Day 2: 10 orders / 990 clicks ≈ 1.01%.
    // Average of daily CVRs ≈ 25.5%; the true period CVR is 15 / 1000 = 1.5%.
    const day1 = value("cvr", sums({ orders: 5, clicks: 10 }));
    const day2 = value("cvr", sums({ orders: 10, clicks: 990 }));
    const averageOfDaily = day1.plus(day2).div(2);
    const period = value("cvr", sums({ orders: 15, clicks: 1000 }));
    expect(period.toString()).toBe("0.015");
    expect(averageOfDaily.toFixed(4)).toBe("0.2551");
    expect(period.eq(averageOfDaily)).toBe(false);
  });

  it("returns null with a reason for zero or missing denominators", () => {
    expect(computeMetric("ctr", sums({ clicks: 0, impressions: 0 }))).toEqual({
      value: null,
      reason: "zero_denominator",
    });
    expect(computeMetric("roi", sums({ gmv_gross: 100, ad_spend: 0 }))).toEqual({
      value: null,
      reason: "zero_denominator",
    });
    expect(computeMetric("ctr", sums({ clicks: 3 }))).toEqual({ value: null, reason: "no_data" });
    expect(computeMetric("orders", sums({}))).toEqual({ value: null, reason: "no_data" });
    // Clicks but no orders recorded: a real 0% conversion.
    expect(computeMetric("cvr", sums({ clicks: 40 })).value?.toString()).toBe("0");
  });

  it("applies scales: per mille and per hour", () => {
    const s = sums({ gmv_gross: "1250", impressions: 50000, ad_spend: "250", live_minutes: 150, orders: 25 });
    expect(computeMetric("gpm", s).value?.toString()).toBe("25");
    expect(computeMetric("cpm", s).value?.toString()).toBe("5");
    expect(computeMetric("live_gmv_per_hour", s).value?.toString()).toBe("500");
    expect(computeMetric("roi", s).value?.toString()).toBe("5");
    expect(computeMetric("roas", s).value?.toString()).toBe("5");
    expect(computeMetric("aov", s).value?.toString()).toBe("50");
  });

  it("derives net GMV: negative on a heavy-refund day, right over the period", () => {
    const day1 = value("gmv_net", sums({ gmv_gross: "100.10", refund_amount: "250.20" }));
    const day2 = value("gmv_net", sums({ gmv_gross: "1000.20" }));
    expect(day1.toString()).toBe("-150.1");
    expect(day2.toString()).toBe("1000.2");
    const period = value("gmv_net", sums({ gmv_gross: "1100.30", refund_amount: "250.20" }));
    expect(period.toString()).toBe("850.1");
    expect(period.eq(day1.plus(day2))).toBe(true);
    expect(computeMetric("gmv_net", sums({})).reason).toBe("no_data");
  });

  it("keeps money exact (no float drift)", () => {
    expect(computeMetric("gmv_gross", sums({ gmv_gross: d("0.1").plus("0.2").toString() })).value?.toString()).toBe(
      "0.3",
    );
  });
});
