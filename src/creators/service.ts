// Creator outreach: the CRM behind /creator and /log contact. One record per creator and platform, a pipeline
// whose every move says who and when, follow-ups due from the stage, funnel rates, outreach leaderboards and tiers.

import { Decimal } from "decimal.js";
import { DateTime } from "luxon";
import type { AuditEntry } from "../audit/repository.js";
import { type CreatorPlatform, type CreatorRef, PLATFORM_WORDS, parseCreatorRef } from "../domain/creator-handles.js";
import {
  type CreatorPerformance,
  readTierConfig,
  type Tier,
  type TierConfig,
  tierFor,
} from "../domain/creator-tiers.js";
import { PermissionDenied, UserError } from "../domain/errors.js";
import { parseQuantity } from "../domain/numbers.js";
import { isPeriodError, type Period, parsePeriod } from "../domain/periods.js";
import {
  assertCanChangeCreator,
  assertCanViewBoard,
  assertCanViewCreator,
  assertCanViewMember,
  assertCanViewTeam,
  atLeast,
} from "../domain/permissions.js";
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  FOLLOW_UP_RULES,
  FUNNEL,
  funnelIndex,
  median,
  type Stage,
} from "../domain/pipeline.js";
import { charLength, wordTable } from "../domain/text.js";
import type { MemberRepository } from "../members/repository.js";
import type { MemberProfile, TeamProfile } from "../members/types.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import type { CreatorRecord, CreatorRepository, CreatorScope, StageEntry } from "./repository.js";

/** A note on a creator is a few lines of context: message "creator.note_too_long" (input bounds, issue 14). */
const MAX_CREATOR_NOTE_CHARS = 1000;

export const CREATOR_EXAMPLES = {
  add: "/creator add @glowbyamy tiktok ID 120k beauty",
  stage: "/creator stage @glowbyamy sample_shipped",
  contact: "/log contact @glowbyamy whatsapp replied",
  assign: "/creator assign @glowbyamy @dewi",
  note: "/creator note @glowbyamy prefers WhatsApp after 8pm",
};

/** Days after which a shipped sample without a video is flagged. */
export const SAMPLE_NO_VIDEO_DAYS = 7;

export interface CreatorDeps {
  repo: CreatorRepository;
  members: MemberRepository;
  fx: FxRepository;
  audit: { record(entry: AuditEntry): Promise<void> };
  clock: () => DateTime;
  /** Tells the team's channel about tier changes (every chat platform that reaches it). */
  announceTierChanges(team: TeamProfile, changes: TierChange[]): Promise<void>;
}

export interface TierChange {
  creator: CreatorRecord;
  from: Tier | null;
  to: Tier | null;
}

export interface FunnelReport {
  scopeLabel: string;
  period: Period;
  counts: Map<Stage, number>;
  entries: Map<Stage, number>;
  replyRate: Decimal | null;
  sampleToVideo: Decimal | null;
  videoToSale: Decimal | null;
  medianDays: { from: Stage; to: Stage; days: number }[];
  stuckSamples: CreatorRecord[];
}

export interface OutreachRow {
  member: MemberProfile;
  contacts: number;
  replies: number;
  samples: number;
  videos: number;
  firstSales: number;
}

export const OUTREACH_COLUMNS = ["contacts", "replies", "samples", "videos", "firstSales"] as const;
export type OutreachColumn = (typeof OUTREACH_COLUMNS)[number];

const DAY_MS = 86_400_000;
const ratio = (a: number, b: number) => (b > 0 ? new Decimal(a).div(b) : null);

export function createCreatorService(deps: CreatorDeps) {
  const { repo, members } = deps;
  const now = () => deps.clock();

  function readRef(text: string | undefined, platformWord?: string): CreatorRef {
    const platform = platformWord ? PLATFORM_WORDS[platformWord.toLowerCase()] : undefined;
    const ref = text ? parseCreatorRef(text, platform ?? "tiktok") : null;
    if (!ref) throw new UserError("creator.bad_handle", { value: text ?? "" }, CREATOR_EXAMPLES.add);
    return ref;
  }

  async function mustFind(viewer: MemberProfile, text: string | undefined, platformWord?: string) {
    const ref = readRef(text, platformWord);
    const creator = await repo.find(viewer.workspaceId, ref.platform, ref.handle);
    if (!creator) throw new UserError("creator.unknown", { handle: ref.display }, CREATOR_EXAMPLES.add);
    return creator;
  }

  /** The owner, a lead of its team and managers may change a creator; everyone else is told why not. */
  const assertCanChange = assertCanChangeCreator;

  function followUpFrom(stage: Stage, at: DateTime): Date | null {
    const rule = FOLLOW_UP_RULES[stage];
    return rule ? at.plus({ days: rule.days }).toJSDate() : null;
  }

  async function add(
    viewer: MemberProfile,
    input: { ref: string; words: string[] },
  ): Promise<{ creator: CreatorRecord; created: boolean }> {
    const platformWord = input.words.find((w) => PLATFORM_WORDS[w.toLowerCase()]);
    const ref = readRef(input.ref, platformWord);
    let market: string | null = null;
    let followers: number | null = null;
    const category: string[] = [];
    for (const word of input.words) {
      if (word === platformWord) continue;
      if (/^[A-Za-z]{2}$/.test(word)) market = word.toUpperCase();
      else if (followers === null && parseQuantity(word)) followers = parseQuantity(word)?.round().toNumber() ?? null;
      else category.push(word);
    }
    const at = now();
    const created = await repo.create({
      workspaceId: viewer.workspaceId,
      teamId: viewer.team?.id ?? null,
      platform: ref.platform,
      handle: ref.handle,
      displayHandle: ref.display,
      market: market ?? viewer.team?.market ?? null,
      followers,
      category: category.join(" ") || null,
      ownerId: viewer.id,
      at: at.toJSDate(),
      nextFollowUpAt: followUpFrom("prospect", at),
    });
    if (created) return { creator: created, created: true };
    const existing = await repo.find(viewer.workspaceId, ref.platform, ref.handle);
    if (!existing) throw new Error("a creator vanished between create and find");
    return { creator: existing, created: false };
  }

  async function show(viewer: MemberProfile, text: string | undefined, platformWord?: string) {
    const creator = await mustFind(viewer, text, platformWord);
    assertCanViewCreator(viewer, creator);
    const history = await repo.history(creator);
    const to = now().minus({ days: 1 }).toISODate() as string;
    const from = now().minus({ days: 30 }).toISODate() as string;
    const perf = (await repo.performance([creator.id], ["gmv_gross", "orders", "videos_posted"], from, to)).get(
      creator.id,
    );
    return { creator, history, last30: perf ?? new Map<string, Decimal>() };
  }

  async function stage(viewer: MemberProfile, text: string | undefined, to: Stage, note: string | null) {
    const creator = await mustFind(viewer, text);
    assertCanChange(viewer, creator, "creator.stage");
    if (creator.stage === to)
      throw new UserError("creator.same_stage", { handle: creator.displayHandle }, CREATOR_EXAMPLES.stage);
    const at = now();
    await repo.changeStage({
      creator,
      from: creator.stage,
      to,
      byId: viewer.id,
      at: at.toJSDate(),
      note,
      nextFollowUpAt: followUpFrom(to, at),
    });
    return { creator, from: creator.stage, to, nextFollowUpAt: followUpFrom(to, at) };
  }

  async function note(viewer: MemberProfile, text: string | undefined, body: string) {
    if (!body.trim()) throw new UserError("creator.empty_note", {}, CREATOR_EXAMPLES.note);
    const creator = await mustFind(viewer, text);
    assertCanChange(viewer, creator, "creator.note");
    // Refused past the bound rather than cut: a cut through an emoji left half of it, which the database refuses.
    const clean = body.trim();
    if (charLength(clean) > MAX_CREATOR_NOTE_CHARS)
      throw new UserError(
        "creator.note_too_long",
        { length: charLength(clean), max: MAX_CREATOR_NOTE_CHARS },
        CREATOR_EXAMPLES.note,
      );
    await repo.addNote(creator, viewer.id, clean, now().toJSDate());
    return creator;
  }

  async function assign(viewer: MemberProfile, text: string | undefined, handle: string | undefined) {
    const creator = await mustFind(viewer, text);
    if (!atLeast(viewer, "lead")) throw new PermissionDenied("creator.assign", "deny.creator_assign");
    // A lead reassigns their own team's creators (or ones no team has taken), never another team's.
    if (!atLeast(viewer, "manager") && creator.teamId !== null && creator.teamId !== viewer.team?.id) {
      throw new PermissionDenied("creator.assign", "deny.creator_assign");
    }
    const owner = handle ? await members.findByHandle(viewer.workspaceId, handle.replace(/^@/, "")) : null;
    if (!owner)
      throw new UserError(
        "error.unknown_member",
        { handle: (handle ?? "").replace(/^@/, "") },
        CREATOR_EXAMPLES.assign,
      );
    if (!atLeast(viewer, "manager") && owner.team?.id !== viewer.team?.id) {
      throw new PermissionDenied("creator.assign", "deny.creator_assign");
    }
    await repo.assign(creator, owner.id, owner.team?.id ?? creator.teamId);
    await deps.audit.record({
      workspaceId: viewer.workspaceId,
      actorId: viewer.id,
      action: "creator.assign",
      subject: `${creator.platform}:${creator.handle} → @${owner.handle}`,
      allowed: true,
    });
    return { creator, owner };
  }

  /** /log contact: records the contact, creates an unknown creator, and moves the stage forward (never back). */
  async function logContact(viewer: MemberProfile, words: string[]) {
    const [refText, channelWord, outcomeWord, ...rest] = words;
    const channel = channelWord ? CONTACT_CHANNELS[channelWord.toLowerCase()] : undefined;
    if (!channel) throw new UserError("creator.bad_channel", { value: channelWord ?? "" }, CREATOR_EXAMPLES.contact);
    const outcome = CONTACT_OUTCOMES[(outcomeWord ?? "sent").toLowerCase()];
    if (!outcome) throw new UserError("creator.bad_outcome", { value: outcomeWord ?? "" }, CREATOR_EXAMPLES.contact);
    const { creator, created } = await add(viewer, { ref: refText ?? "", words: [] });
    // A contact moves the stage and restarts the follow-up clock: the same change "/creator stage" checks.
    if (!created) assertCanChange(viewer, creator, "creator.contact");
    const at = now();
    await repo.addContact({
      creator,
      memberId: viewer.id,
      channel,
      outcome: outcome.outcome,
      note: rest.join(" ") || null,
      at: at.toJSDate(),
    });
    let moved: Stage | null = null;
    const target = outcome.stage;
    const forward =
      target !== null &&
      (target === "declined"
        ? creator.stage !== "declined"
        : funnelIndex(target) > funnelIndex(creator.stage) || creator.stage === "paused");
    if (target && forward) {
      await repo.changeStage({
        creator,
        from: creator.stage,
        to: target,
        byId: viewer.id,
        at: at.toJSDate(),
        note: null,
        nextFollowUpAt: followUpFrom(target, at),
      });
      moved = target;
    } else {
      // A contact that does not move the stage (another try, no reply yet) restarts the stage's follow-up clock.
      await repo.setFollowUp(creator, followUpFrom(creator.stage, at));
    }
    return { creator, created, channel, outcome: outcome.outcome, moved };
  }

  async function scopeOf(
    viewer: MemberProfile,
    words: string[],
  ): Promise<{ scope: CreatorScope; label: string; rest: string[] }> {
    const [first, second, ...others] = words;
    if (first?.startsWith("@")) {
      const member = await members.findByHandle(viewer.workspaceId, first.slice(1));
      if (!member) throw new UserError("error.unknown_member", { handle: first.slice(1) }, "/creator pipeline @dewi");
      assertCanViewMember(viewer, member);
      return {
        scope: { ownerId: member.id },
        label: `@${member.handle}`,
        rest: [second ?? "", ...others].filter(Boolean),
      };
    }
    if (first && ["team", "团队", "小组"].includes(first.toLowerCase())) {
      const team = second ? await members.findTeam(viewer.workspaceId, second) : viewer.team;
      if (!team) {
        const teams = (await members.listTeams(viewer.workspaceId)).map((t) => t.slug).join(", ");
        throw new UserError("error.unknown_team", { team: second ?? "", teams }, "/creator pipeline team ID-beauty");
      }
      assertCanViewTeam(viewer, team);
      return { scope: { teamId: team.id }, label: team.name, rest: others };
    }
    return { scope: { ownerId: viewer.id }, label: `@${viewer.handle}`, rest: words };
  }

  function periodOf(viewer: MemberProfile, text: string | undefined): Period {
    const period = parsePeriod(text, now().setZone(viewer.timezone));
    if (isPeriodError(period))
      throw new UserError("error.bad_period", { value: text ?? "" }, "/creator pipeline month");
    return period;
  }

  /** Instant bounds of a period of local dates, in a zone. */
  function bounds(period: Period, zone: string) {
    return {
      from: DateTime.fromISO(period.start, { zone }).startOf("day").toJSDate(),
      to: DateTime.fromISO(period.end, { zone }).plus({ days: 1 }).startOf("day").toJSDate(),
    };
  }

  async function pipeline(viewer: MemberProfile, words: string[]): Promise<FunnelReport> {
    const { scope, label, rest } = await scopeOf(viewer, words);
    const period = periodOf(viewer, rest.join(" ") || undefined);
    const { from, to } = bounds(period, viewer.timezone);
    const [counts, all, stuck] = await Promise.all([
      repo.stageCounts(scope),
      repo.stageEntries(scope),
      repo.stuckAt(scope, "sample_shipped", now().minus({ days: SAMPLE_NO_VIDEO_DAYS }).toJSDate()),
    ]);
    const inPeriod = all.filter((e) => e.changedAt >= from && e.changedAt < to);
    const entries = new Map<Stage, number>();
    for (const e of inPeriod) entries.set(e.toStage, (entries.get(e.toStage) ?? 0) + 1);
    const n = (s: Stage) => entries.get(s) ?? 0;
    return {
      scopeLabel: label,
      period,
      counts,
      entries,
      replyRate: ratio(n("replied"), n("contacted")),
      sampleToVideo: ratio(n("video_posted"), n("sample_shipped")),
      videoToSale: ratio(n("first_sale"), n("video_posted")),
      medianDays: medianDaysBetweenStages(all, from, to),
      stuckSamples: stuck,
    };
  }

  async function followups(viewer: MemberProfile, words: string[]) {
    const { scope, label } = await scopeOf(viewer, words);
    const endOfToday = now().setZone(viewer.timezone).endOf("day").toJSDate();
    return { label, due: await repo.dueFollowUps(scope, endOfToday), now: now() };
  }

  async function leaderboard(
    viewer: MemberProfile,
    words: string[],
  ): Promise<{ rows: OutreachRow[]; period: Period; sortBy: OutreachColumn }> {
    assertCanViewBoard(viewer);
    const column = OUTREACH_COLUMNS.find((c) => words.some((w) => COLUMN_WORDS[w.toLowerCase()] === c)) ?? "contacts";
    const periodText = words.filter((w) => !COLUMN_WORDS[w.toLowerCase()]).join(" ") || undefined;
    const period = periodOf(viewer, periodText);
    const { from, to } = bounds(period, viewer.timezone);
    const everyone = atLeast(viewer, "manager");
    const pool = (await members.listActive(viewer.workspaceId)).filter(
      (m) => everyone || (viewer.team && m.team?.id === viewer.team.id),
    );
    const { contacts, entries } = await repo.outreachByMember(
      pool.map((m) => m.id),
      from,
      to,
    );
    const rows = pool.map((member): OutreachRow => {
      const entered = (stage: Stage) =>
        entries.filter((e) => e.memberId === member.id && e.stage === stage).reduce((sum, e) => sum + e.count, 0);
      return {
        member,
        contacts: contacts.find((c) => c.memberId === member.id)?.count ?? 0,
        replies: entered("replied"),
        samples: entered("sample_shipped"),
        videos: entered("video_posted"),
        firstSales: entered("first_sale"),
      };
    });
    const active = rows.filter((r) => OUTREACH_COLUMNS.some((c) => r[c] > 0));
    active.sort((a, b) => b[column] - a[column] || a.member.handle.localeCompare(b.member.handle));
    return { rows: active, period, sortBy: column };
  }

  // --- tiers -------------------------------------------------------------------------------------------------

  async function tierConfigFor(team: TeamProfile): Promise<TierConfig> {
    return readTierConfig(await repo.tierConfig(team.id));
  }

  /** Converts the config's money into the team's currency at yesterday's rate (nearest earlier day). */
  async function moneyRate(config: TierConfig, team: TeamProfile, date: string): Promise<Decimal> {
    if (config.currency === team.currency) return new Decimal(1);
    const rates = await deps.fx.lookup([config.currency, team.currency], date, date);
    return rates.rate(config.currency, team.currency, date)?.rate ?? new Decimal(1);
  }

  /** Recomputes every creator tier of a team over its rolling window; returns the changes (to announce). */
  async function recomputeTiers(team: TeamProfile) {
    const config = await tierConfigFor(team);
    const local = now().setZone(team.timezone);
    const to = local.minus({ days: 1 }).toISODate() as string;
    const from = local.minus({ days: config.windowDays }).toISODate() as string;
    const creators = await repo.listForTiering(team.id);
    const sums = await repo.performance(
      creators.map((c) => c.id),
      ["gmv_gross", "impressions", "videos_posted", "items_sold", "items_returned"],
      from,
      to,
    );
    const rate = await moneyRate(config, team, to);
    const changes: TierChange[] = [];
    for (const creator of creators) {
      const m = sums.get(creator.id) ?? new Map<string, Decimal>();
      const zero = new Decimal(0);
      const performance: CreatorPerformance = {
        gmv: m.get("gmv_gross") ?? zero,
        impressions: m.get("impressions") ?? zero,
        videos: m.get("videos_posted") ?? zero,
        itemsSold: m.get("items_sold") ?? zero,
        itemsReturned: m.get("items_returned") ?? zero,
      };
      const tier = tierFor(performance, config, rate);
      if (tier !== creator.tier) {
        await repo.setTier(creator.id, tier);
        changes.push({ creator, from: creator.tier, to: tier });
      }
    }
    if (changes.length) await deps.announceTierChanges(team, changes);
    return { changes, config, window: { from, to } };
  }

  /** "/creator tiers recompute": a lead or above, for their own team. */
  async function recomputeTiersFor(viewer: MemberProfile) {
    if (!viewer.team) throw new UserError("creator.no_team", {}, CREATOR_EXAMPLES.add);
    if (!atLeast(viewer, "lead")) throw new PermissionDenied("creator.tiers", "deny.creator_tiers");
    return recomputeTiers(viewer.team);
  }

  async function setTierConfig(viewer: MemberProfile, words: string[]) {
    if (!viewer.team) throw new UserError("creator.no_team", {}, CREATOR_EXAMPLES.add);
    if (!atLeast(viewer, "lead")) throw new PermissionDenied("creator.tiers", "deny.creator_tiers");
    const config = await tierConfigFor(viewer.team);
    const next = structuredClone(config);
    const [tier, ...pairs] = words;
    if (tier && ["s", "a", "b"].includes(tier.toLowerCase())) {
      const bar = next[tier.toUpperCase() as "S" | "A" | "B"];
      for (let i = 0; i < pairs.length; i += 2) {
        const key = pairs[i]?.toLowerCase();
        const value = parseQuantity(pairs[i + 1] ?? "");
        if (!value || !key || !["gmv", "gpm", "videos"].includes(key)) {
          throw new UserError(
            "creator.bad_tier_setting",
            { value: `${pairs[i] ?? ""} ${pairs[i + 1] ?? ""}` },
            "/creator tiers set A gmv 25000000 videos 4",
          );
        }
        bar[key as "gmv" | "gpm" | "videos"] = key === "videos" ? Math.round(value.toNumber()) : value.toNumber();
      }
      // Thresholds typed by a lead are in the team's currency.
      if (config.currency !== viewer.team.currency) {
        const rate = await moneyRate(config, viewer.team, now().toISODate() as string);
        for (const t of ["S", "A", "B"] as const) {
          if (t === tier.toUpperCase()) continue;
          next[t].gmv = Math.round(rate.mul(next[t].gmv).toNumber());
          next[t].gpm = Math.round(rate.mul(next[t].gpm).toNumber());
        }
        next.currency = viewer.team.currency;
      }
    } else if (tier && ["return", "returns", "退货率"].includes(tier.toLowerCase())) {
      const value = pairs[0]?.endsWith("%") ? Number(pairs[0].slice(0, -1)) / 100 : Number.NaN;
      if (!(value >= 0 && value <= 1)) {
        throw new UserError("creator.bad_tier_setting", { value: pairs[0] ?? "" }, "/creator tiers set return 12%");
      }
      next.maxReturnRate = value;
    } else if (tier && ["window", "窗口"].includes(tier.toLowerCase())) {
      const days = Number(pairs[0]);
      if (!Number.isInteger(days) || days < 7 || days > 180) {
        throw new UserError("creator.bad_tier_setting", { value: pairs[0] ?? "" }, "/creator tiers set window 30");
      }
      next.windowDays = days;
    } else {
      throw new UserError(
        "creator.bad_tier_setting",
        { value: words.join(" ") },
        "/creator tiers set A gmv 25000000 videos 4",
      );
    }
    if (!(next.S.gmv >= next.A.gmv && next.A.gmv >= next.B.gmv)) {
      throw new UserError("creator.tiers_out_of_order", {}, "/creator tiers set A gmv 25000000 videos 4");
    }
    await repo.saveTierConfig(viewer.team.id, next);
    await deps.audit.record({
      workspaceId: viewer.workspaceId,
      actorId: viewer.id,
      action: "creator.tiers",
      subject: viewer.team.slug,
      allowed: true,
      detail: { config: next },
    });
    return next;
  }

  return {
    add,
    show,
    find: (viewer: MemberProfile, text: string) => repo.search(viewer.workspaceId, text),
    stage,
    note,
    assign,
    logContact,
    pipeline,
    followups,
    leaderboard,
    tierConfigFor,
    setTierConfig,
    recomputeTiers,
    recomputeTiersFor,
    ownersWithFollowUps: () => repo.ownersWithFollowUps(),
    dueFor: (ownerId: string, until: Date) => repo.dueFollowUps({ ownerId }, until),
  };
}

const COLUMN_WORDS = wordTable<OutreachColumn>({
  contacts: "contacts",
  联系: "contacts",
  replies: "replies",
  回复: "replies",
  samples: "samples",
  寄样: "samples",
  videos: "videos",
  视频: "videos",
  sales: "firstSales",
  first_sales: "firstSales",
  首单: "firstSales",
});

/** Median days from entering one funnel stage to entering the next, for next-stage entries inside [from, to). */
function medianDaysBetweenStages(entries: StageEntry[], from: Date, to: Date) {
  const firstEntry = new Map<string, Map<Stage, Date>>();
  for (const e of entries) {
    const byStage = firstEntry.get(e.creatorId) ?? new Map<Stage, Date>();
    if (!byStage.has(e.toStage)) byStage.set(e.toStage, e.changedAt);
    firstEntry.set(e.creatorId, byStage);
  }
  const result: { from: Stage; to: Stage; days: number }[] = [];
  for (let i = 1; i < FUNNEL.length; i++) {
    const a = FUNNEL[i - 1] as Stage;
    const b = FUNNEL[i] as Stage;
    const gaps: number[] = [];
    for (const byStage of firstEntry.values()) {
      const start = byStage.get(a);
      const end = byStage.get(b);
      if (start && end && end >= from && end < to && end >= start)
        gaps.push((end.getTime() - start.getTime()) / DAY_MS);
    }
    const m = median(gaps);
    if (m !== null) result.push({ from: a, to: b, days: Math.round(m * 10) / 10 });
  }
  return result;
}

export type CreatorService = ReturnType<typeof createCreatorService>;
export type { CreatorPlatform };
