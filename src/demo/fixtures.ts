// The cast of the demo workspace: teams, people, shops and creators, as plain data.
// Numbers here are the "normal" economics each generated series fluctuates around (see facts.ts).

import { FUNNEL } from "../domain/pipeline.js";
import type { CreatorStage, CreatorTier, Locale, Role } from "../generated/prisma/enums.js";

export const DEMO_WORKSPACE_NAME = "Starling Demo";

export interface DemoTeam {
  slug: "ID-beauty" | "TH-home" | "UK-gadgets";
  name: string;
  market: string;
  timezone: string;
  currency: string;
  locale: Locale;
  workingDays: number[];
  /** Suffix of the demo channel ids: demo-alerts-<suffix>, ... */
  channel: string;
  /** Share of shop GMV per content type (sums to 1). */
  contentMix: { video: number; live: number; product_card: number };
  /** Multiplier per ISO weekday (index 0 = Monday) for LIVE and for the other content types. */
  liveWeek: readonly number[];
  otherWeek: readonly number[];
  /** Average units per order. */
  itemsPerOrder: number;
  /** Currency ads are bought in when it is not the team currency (converted at the day's FX rate). */
  adSpendCurrency?: string;
}

const WEEKEND_UP_LIVE = [1.0, 0.95, 0.95, 1.0, 1.1, 1.3, 1.35];
const WEEKEND_UP_OTHER = [1.0, 1.0, 1.0, 1.0, 1.05, 1.15, 1.15];
const WEEKEND_DOWN = [1.05, 1.05, 1.05, 1.0, 1.0, 0.8, 0.75];

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    slug: "ID-beauty",
    name: "Indonesia Beauty",
    market: "ID",
    timezone: "Asia/Jakarta",
    currency: "IDR",
    locale: "en",
    workingDays: [1, 2, 3, 4, 5, 6],
    channel: "id",
    contentMix: { video: 0.35, live: 0.5, product_card: 0.15 },
    liveWeek: WEEKEND_UP_LIVE,
    otherWeek: WEEKEND_UP_OTHER,
    itemsPerOrder: 1.6,
    adSpendCurrency: "USD",
  },
  {
    slug: "TH-home",
    name: "Thailand Home",
    market: "TH",
    timezone: "Asia/Bangkok",
    currency: "THB",
    locale: "en",
    workingDays: [1, 2, 3, 4, 5],
    channel: "th",
    contentMix: { video: 0.35, live: 0.4, product_card: 0.25 },
    liveWeek: WEEKEND_UP_LIVE,
    otherWeek: WEEKEND_UP_OTHER,
    itemsPerOrder: 1.4,
  },
  {
    slug: "UK-gadgets",
    name: "UK Gadgets",
    market: "GB",
    timezone: "Europe/London",
    currency: "GBP",
    locale: "en",
    workingDays: [1, 2, 3, 4, 5],
    channel: "uk",
    contentMix: { video: 0.45, live: 0.15, product_card: 0.4 },
    liveWeek: WEEKEND_DOWN,
    otherWeek: WEEKEND_DOWN,
    itemsPerOrder: 1.3,
  },
];

export interface DemoShop {
  teamSlug: DemoTeam["slug"];
  externalId: string;
  name: string;
  /** Typical weekday GMV in the team currency. */
  dailyGmv: number;
  aov: number;
  roi: number;
  returnRate: number;
  refundRate: number;
}

export const DEMO_SHOPS: readonly DemoShop[] = [
  {
    teamSlug: "ID-beauty",
    externalId: "7495000000000000101",
    name: "GlowLab Official Store",
    dailyGmv: 105_000_000,
    aov: 145_000,
    roi: 4.6,
    returnRate: 0.032,
    refundRate: 0.045,
  },
  {
    teamSlug: "ID-beauty",
    externalId: "7495000000000000102",
    name: "GlowLab Beauty Mart",
    dailyGmv: 78_000_000,
    aov: 120_000,
    roi: 3.9,
    returnRate: 0.027,
    refundRate: 0.038,
  },
  {
    teamSlug: "TH-home",
    externalId: "7495000000000000201",
    name: "HomeNest Thailand",
    dailyGmv: 150_000,
    aov: 520,
    roi: 5.1,
    returnRate: 0.035,
    refundRate: 0.042,
  },
  {
    teamSlug: "TH-home",
    externalId: "7495000000000000202",
    name: "HomeNest Outlet",
    dailyGmv: 105_000,
    aov: 390,
    roi: 4.3,
    returnRate: 0.041,
    refundRate: 0.05,
  },
  {
    teamSlug: "UK-gadgets",
    externalId: "7495000000000000301",
    name: "GizmoHub UK",
    dailyGmv: 6_200,
    aov: 24,
    roi: 3.6,
    returnRate: 0.038,
    refundRate: 0.052,
  },
  {
    teamSlug: "UK-gadgets",
    externalId: "7495000000000000302",
    name: "GizmoHub Deals",
    dailyGmv: 4_600,
    aov: 19,
    roi: 3.2,
    returnRate: 0.045,
    refundRate: 0.056,
  },
];

/** What a member's generated facts look like: LIVE host, video editor, creator BD (outreach). */
export type DemoFunction = "host" | "editor" | "bd";

export interface DemoMember {
  handle: string;
  displayName: string;
  role: Role;
  teamSlug: DemoTeam["slug"] | null;
  language: Locale;
  /** Only for members without a team (their digests need a zone). */
  timezone?: string;
  functions: DemoFunction[];
  /** Share of the team's LIVE GMV (hosts) and video GMV (editors) attributed to this member. */
  liveShare?: number;
  videoShare?: number;
}

export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    handle: "ava",
    displayName: "Ava Thompson",
    role: "admin",
    teamSlug: null,
    language: "en",
    timezone: "Asia/Singapore",
    functions: [],
  },
  {
    handle: "mei",
    displayName: "Mei Lin",
    role: "manager",
    teamSlug: null,
    language: "zh",
    timezone: "Asia/Shanghai",
    functions: [],
  },
  {
    handle: "budi",
    displayName: "Budi Santoso",
    role: "lead",
    teamSlug: "ID-beauty",
    language: "en",
    functions: ["bd"],
  },
  {
    handle: "nok",
    displayName: "Nok Chaiyaporn",
    role: "lead",
    teamSlug: "TH-home",
    language: "en",
    functions: ["host"],
    liveShare: 0.25,
  },
  {
    handle: "oliver",
    displayName: "Oliver Bennett",
    role: "lead",
    teamSlug: "UK-gadgets",
    language: "en",
    functions: ["editor"],
    videoShare: 0.15,
  },
  {
    handle: "sari",
    displayName: "Sari Wulandari",
    role: "member",
    teamSlug: "ID-beauty",
    language: "en",
    functions: ["host"],
    liveShare: 0.55,
  },
  {
    handle: "dewi",
    displayName: "Dewi Lestari",
    role: "member",
    teamSlug: "ID-beauty",
    language: "en",
    functions: ["editor"],
    videoShare: 0.3,
  },
  {
    handle: "rizky",
    displayName: "Rizky Pratama",
    role: "member",
    teamSlug: "ID-beauty",
    language: "en",
    functions: ["bd"],
  },
  {
    handle: "ploy",
    displayName: "Ploy Rattanakorn",
    role: "member",
    teamSlug: "TH-home",
    language: "en",
    functions: ["host"],
    liveShare: 0.45,
  },
  {
    handle: "tan",
    displayName: "Tan Wei",
    role: "member",
    teamSlug: "TH-home",
    language: "zh",
    functions: ["editor", "bd"],
    videoShare: 0.3,
  },
  {
    handle: "amy",
    displayName: "Amy Clarke",
    role: "member",
    teamSlug: "UK-gadgets",
    language: "en",
    functions: ["host"],
    liveShare: 0.6,
  },
  {
    handle: "jack",
    displayName: "Jack Turner",
    role: "member",
    teamSlug: "UK-gadgets",
    language: "en",
    functions: ["editor", "bd"],
    videoShare: 0.3,
  },
];

export interface DemoSocialAccount {
  memberHandle: string | null;
  platform: string;
  handle: string;
  followers: number;
}

export const DEMO_SOCIAL_ACCOUNTS: readonly DemoSocialAccount[] = [
  { memberHandle: "sari", platform: "tiktok", handle: "sari.glowlive", followers: 48_200 },
  { memberHandle: "dewi", platform: "tiktok", handle: "glowlab.dewi", followers: 12_900 },
  { memberHandle: "ploy", platform: "tiktok", handle: "homenest.ploy", followers: 31_500 },
  { memberHandle: "amy", platform: "tiktok", handle: "gizmohub.amy", followers: 22_700 },
  { memberHandle: null, platform: "instagram", handle: "glowlab.official", followers: 156_000 },
];

export interface DemoCreator {
  teamSlug: DemoTeam["slug"];
  displayHandle: string;
  ownerHandle: string;
  followers: number;
  category: string;
  stage: CreatorStage;
  tier?: CreatorTier;
  /** Days between the last stage change and today. */
  stageDaysAgo: number;
  /** Typical GMV of a selling day in the team currency (creators from first_sale on). */
  dailyGmv?: number;
  /** Next follow-up, in days from today (negative = overdue). */
  followUpInDays?: number;
}

export const DEMO_CREATORS: readonly DemoCreator[] = [
  // ID-beauty
  {
    teamSlug: "ID-beauty",
    displayHandle: "GlowByAmy",
    ownerHandle: "rizky",
    followers: 120_000,
    category: "beauty",
    stage: "active",
    tier: "A",
    stageDaysAgo: 24,
    dailyGmv: 6_500_000,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "SkincareSiti",
    ownerHandle: "rizky",
    followers: 64_000,
    category: "skincare",
    stage: "first_sale",
    tier: "B",
    stageDaysAgo: 9,
    dailyGmv: 2_800_000,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "MakeupByRina",
    ownerHandle: "budi",
    followers: 38_500,
    category: "beauty",
    stage: "video_posted",
    tier: "C",
    stageDaysAgo: 5,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "BeautyDina",
    ownerHandle: "rizky",
    followers: 27_300,
    category: "beauty",
    stage: "sample_shipped",
    stageDaysAgo: 3,
    followUpInDays: 2,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "LipstickLover.ID",
    ownerHandle: "budi",
    followers: 15_800,
    category: "makeup",
    stage: "sample_requested",
    stageDaysAgo: 2,
    followUpInDays: -1,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "CantikTiara",
    ownerHandle: "rizky",
    followers: 91_000,
    category: "beauty",
    stage: "replied",
    stageDaysAgo: 4,
    followUpInDays: 0,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "GlowUpMaya",
    ownerHandle: "rizky",
    followers: 8_400,
    category: "skincare",
    stage: "contacted",
    stageDaysAgo: 6,
    followUpInDays: -2,
  },
  {
    teamSlug: "ID-beauty",
    displayHandle: "NadiaBeauty",
    ownerHandle: "budi",
    followers: 210_000,
    category: "beauty",
    stage: "prospect",
    stageDaysAgo: 1,
  },
  // TH-home
  {
    teamSlug: "TH-home",
    displayHandle: "HomeHackTH",
    ownerHandle: "tan",
    followers: 250_000,
    category: "home",
    stage: "active",
    tier: "S",
    stageDaysAgo: 40,
    dailyGmv: 18_000,
  },
  {
    teamSlug: "TH-home",
    displayHandle: "CozyCornerBKK",
    ownerHandle: "tan",
    followers: 47_000,
    category: "home decor",
    stage: "first_sale",
    tier: "B",
    stageDaysAgo: 12,
    dailyGmv: 5_500,
  },
  {
    teamSlug: "TH-home",
    displayHandle: "KitchenJoy.TH",
    ownerHandle: "tan",
    followers: 33_000,
    category: "kitchen",
    stage: "paused",
    tier: "C",
    stageDaysAgo: 15,
    dailyGmv: 2_400,
  },
  {
    teamSlug: "TH-home",
    displayHandle: "NongDecor",
    ownerHandle: "tan",
    followers: 19_000,
    category: "home decor",
    stage: "declined",
    stageDaysAgo: 20,
  },
  {
    teamSlug: "TH-home",
    displayHandle: "MinimalHomeTH",
    ownerHandle: "tan",
    followers: 72_000,
    category: "home",
    stage: "prospect",
    stageDaysAgo: 3,
  },
  {
    teamSlug: "TH-home",
    displayHandle: "CleanWithPim",
    ownerHandle: "tan",
    followers: 56_000,
    category: "cleaning",
    stage: "contacted",
    stageDaysAgo: 2,
    followUpInDays: 1,
  },
  // UK-gadgets
  {
    teamSlug: "UK-gadgets",
    displayHandle: "TechWithTom",
    ownerHandle: "jack",
    followers: 185_000,
    category: "gadgets",
    stage: "active",
    tier: "A",
    stageDaysAgo: 33,
    dailyGmv: 650,
  },
  {
    teamSlug: "UK-gadgets",
    displayHandle: "GadgetGrace",
    ownerHandle: "jack",
    followers: 41_000,
    category: "gadgets",
    stage: "video_posted",
    tier: "C",
    stageDaysAgo: 8,
  },
  {
    teamSlug: "UK-gadgets",
    displayHandle: "UnboxingUK",
    ownerHandle: "jack",
    followers: 96_000,
    category: "tech reviews",
    stage: "paused",
    tier: "B",
    stageDaysAgo: 11,
    dailyGmv: 320,
  },
  {
    teamSlug: "UK-gadgets",
    displayHandle: "SmartHomeSam",
    ownerHandle: "jack",
    followers: 23_000,
    category: "smart home",
    stage: "declined",
    stageDaysAgo: 17,
  },
  {
    teamSlug: "UK-gadgets",
    displayHandle: "DeskSetupDan",
    ownerHandle: "jack",
    followers: 61_000,
    category: "desk setups",
    stage: "sample_shipped",
    stageDaysAgo: 6,
    followUpInDays: -3,
  },
  {
    teamSlug: "UK-gadgets",
    displayHandle: "CableCaddy",
    ownerHandle: "oliver",
    followers: 12_500,
    category: "accessories",
    stage: "sample_requested",
    stageDaysAgo: 1,
    followUpInDays: 3,
  },
];

/** Stages walked through to reach a stage, in order, starting with "prospect". */
export function stagePath(stage: CreatorStage): CreatorStage[] {
  const funnel: CreatorStage[] = [...FUNNEL];
  if (stage === "declined") return ["prospect", "contacted", "replied", "declined"];
  if (stage === "paused") return [...funnel, "paused"];
  return funnel.slice(0, funnel.indexOf(stage) + 1);
}
