// Creator rules without a database: handle normalisation, tiers, medians.
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { parseCreatorRef } from "../../src/domain/creator-handles.js";
import { DEFAULT_TIER_CONFIG, readTierConfig, tierFor } from "../../src/domain/creator-tiers.js";
import { median, parseStage } from "../../src/domain/pipeline.js";

describe("creator handles", () => {
  it("reads every common way of writing the same TikTok creator as one handle", () => {
    const forms = [
      "@GlowByAmy",
      "glowbyamy",
      "tiktok.com/@glowbyamy",
      "https://www.tiktok.com/@GlowByAmy?lang=en",
      "http://m.tiktok.com/@glowbyamy/video/7301234567890123456",
      "  @@GlowByAmy ",
    ];
    for (const form of forms) expect(parseCreatorRef(form)).toMatchObject({ platform: "tiktok", handle: "glowbyamy" });
  });

  it("takes the platform from a profile URL, and refuses what is not a handle", () => {
    expect(parseCreatorRef("https://www.instagram.com/glow.by.amy/")).toMatchObject({
      platform: "instagram",
      handle: "glow.by.amy",
    });
    expect(parseCreatorRef("youtube.com/@AmyGlows")).toMatchObject({ platform: "youtube", handle: "amyglows" });
    expect(parseCreatorRef("amy", "instagram")?.platform).toBe("instagram");
    expect(parseCreatorRef("https://vm.tiktok.com/ZSabc123/")).toBeNull();
    expect(parseCreatorRef("https://example.com/@amy")).toBeNull();
    expect(parseCreatorRef("a")).toBeNull();
    expect(parseCreatorRef("<!channel>")).toBeNull();
  });

  it("reads a handle with dots as a handle, not as a website", () => {
    // TikTok allows dots: "londonloves.tech" is a creator, and the same one with or without "@".
    expect(parseCreatorRef("londonloves.tech")).toMatchObject({ platform: "tiktok", handle: "londonloves.tech" });
    expect(parseCreatorRef("@LondonLoves.Tech")).toMatchObject({ platform: "tiktok", handle: "londonloves.tech" });
    // A platform's own host, a path or a scheme still make it a URL.
    expect(parseCreatorRef("www.tiktok.com")).toBeNull();
    expect(parseCreatorRef("londonloves.tech/@amy")).toBeNull();
    expect(parseCreatorRef("https://londonloves.tech")).toBeNull();
  });
});

describe("creator tiers", () => {
  const perf = (gmv: number, videos: number, impressions = 0, sold = 0, returned = 0) => ({
    gmv: new Decimal(gmv),
    videos: new Decimal(videos),
    impressions: new Decimal(impressions),
    itemsSold: new Decimal(sold),
    itemsReturned: new Decimal(returned),
  });

  it("gives S, A, B, C by GMV, videos and GPM, and no tier without sales or videos", () => {
    expect(tierFor(perf(6000, 9, 200_000), DEFAULT_TIER_CONFIG)).toBe("S");
    expect(tierFor(perf(6000, 5, 200_000), DEFAULT_TIER_CONFIG)).toBe("A");
    expect(tierFor(perf(6000, 9, 1_000_000), DEFAULT_TIER_CONFIG)).toBe("B"); // GPM 6 < 10
    expect(tierFor(perf(400, 1), DEFAULT_TIER_CONFIG)).toBe("B");
    expect(tierFor(perf(100, 1), DEFAULT_TIER_CONFIG)).toBe("C");
    expect(tierFor(perf(0, 0), DEFAULT_TIER_CONFIG)).toBeNull();
  });

  it("moves a creator one tier down above the return-rate ceiling, and converts money bars", () => {
    expect(tierFor(perf(6000, 9, 0, 100, 20), DEFAULT_TIER_CONFIG)).toBe("A");
    expect(tierFor(perf(100, 1, 0, 100, 50), DEFAULT_TIER_CONFIG)).toBe("C");
    // 1 USD = 16,000 IDR: 80M IDR meets the 5,000 USD bar.
    expect(tierFor(perf(80_000_000, 9), DEFAULT_TIER_CONFIG, new Decimal(16_000))).toBe("S");
  });

  it("reads a stored config field by field, falling back to the defaults", () => {
    expect(readTierConfig(null)).toEqual(DEFAULT_TIER_CONFIG);
    expect(readTierConfig({ windowDays: 14 }).windowDays).toBe(14);
    expect(readTierConfig({ windowDays: "nonsense" })).toEqual(DEFAULT_TIER_CONFIG);
  });
});

describe("pipeline helpers", () => {
  it("reads stages in English and Chinese", () => {
    expect(parseStage("Sample_Shipped")).toBe("sample_shipped");
    expect(parseStage("已寄样")).toBe("sample_shipped");
    expect(parseStage("首单")).toBe("first_sale");
    expect(parseStage("nope")).toBeNull();
  });

  it("takes the median of odd and even lists", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
