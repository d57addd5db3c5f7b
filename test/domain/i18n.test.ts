import { describe, expect, it } from "vitest";
import { CATALOGUE, isLocale, LOCALES, MESSAGE_KEYS, t } from "../../src/domain/i18n.js";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n catalogue", () => {
  it("has every key in both languages, with the same placeholders", () => {
    for (const locale of LOCALES) expect(Object.keys(CATALOGUE[locale]).sort()).toEqual([...MESSAGE_KEYS].sort());
    for (const key of MESSAGE_KEYS) {
      expect(CATALOGUE.en[key].length, key).toBeGreaterThan(0);
      expect(CATALOGUE.zh[key].length, key).toBeGreaterThan(0);
      expect(placeholders(CATALOGUE.zh[key]), key).toEqual(placeholders(CATALOGUE.en[key]));
    }
  });

  it("interpolates parameters and leaves missing ones visible", () => {
    expect(t("en", "label.needs_per_day", { amount: "1,500.00 USD", tier: "base" })).toBe(
      "needs 1,500.00 USD/day to reach base",
    );
    expect(t("zh", "label.needs_per_day", { amount: "1,500.00 USD", tier: t("zh", "tier.base") })).toBe(
      "每天需 1,500.00 USD 才能达到基础",
    );
    expect(t("en", "label.needs_per_day", { amount: 3 })).toBe("needs 3/day to reach {tier}");
  });

  it("names the tiers in Chinese", () => {
    expect([t("zh", "tier.base"), t("zh", "tier.stretch"), t("zh", "tier.challenge")]).toEqual([
      "基础",
      "冲刺",
      "挑战",
    ]);
  });

  it("recognises locales", () => {
    expect(isLocale("zh")).toBe(true);
    expect(isLocale("fr")).toBe(false);
  });
});
