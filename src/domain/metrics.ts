// The metric registry: every KPI the bot knows, with its formula stated once, here.
// Facts are stored per day as additive "sum" metrics; everything else is derived from
// period sums at read time, so a ratio over a month is never an average of daily ratios.
// Named import: under NodeNext the default import resolves to the CJS module object and does not type-check.
import { Decimal } from "decimal.js";

export type MetricUnit = "money" | "count" | "percent" | "ratio" | "minutes" | "seconds" | "per_mille_money";

export type MetricDirection = "higher_better" | "lower_better";
export type MetricAggregation = "sum" | "ratio" | "max";

export interface MetricDefinition {
  key: string;
  nameEn: string;
  nameZh: string;
  unit: MetricUnit;
  direction: MetricDirection;
  aggregation: MetricAggregation;
  numerator?: string;
  denominator?: string;
  /** Multiplier applied to numerator/denominator: 1000 for per-mille metrics, 60 for per-hour from minutes.
   * Percent metrics are stored as fractions (0.08), never ×100. */
  scale?: number;
  /** For a sum metric that is not stored itself but is the signed sum of other sum metrics. */
  derivedFrom?: { plus: string[]; minus: string[] };
  formulaEn: string;
  formulaZh: string;
  descriptionEn: string;
  descriptionZh: string;
  /** Lower-case English and Chinese aliases accepted in commands. */
  aliases: string[];
}

export type MetricValue = { value: Decimal | null; reason?: "zero_denominator" | "no_data" };

type Base = Pick<
  MetricDefinition,
  "key" | "nameEn" | "nameZh" | "unit" | "descriptionEn" | "descriptionZh" | "aliases"
> &
  Partial<Pick<MetricDefinition, "direction">>;

// A stored daily fact: the formula is the metric itself.
function sum(m: Base): MetricDefinition {
  return {
    direction: "higher_better",
    aggregation: "sum",
    formulaEn: `sum of daily ${m.key}`,
    formulaZh: `每日${m.nameZh}之和`,
    ...m,
  };
}

type RatioSpec = Base & {
  numerator: string;
  denominator: string;
  scale?: number;
  formulaEn: string;
  formulaZh: string;
};

function ratio(m: RatioSpec): MetricDefinition {
  return { direction: "higher_better", aggregation: "ratio", ...m };
}

export const METRICS: readonly MetricDefinition[] = Object.freeze([
  // --- stored (sum) metrics: sales -------------------------------------------------------------
  sum({
    key: "gmv_gross",
    nameEn: "GMV (gross)",
    nameZh: "GMV（总额）",
    unit: "money",
    descriptionEn: "GMV (gross): buyer-paid merchandise value of orders placed, before refunds and returns",
    descriptionZh: "GMV（总额）：已下单订单的买家实付商品金额，未扣除退款和退货",
    aliases: ["gmv", "gross gmv", "gmv gross", "gmv_gross", "销售额", "成交额", "gmv总额", "总gmv"],
  }),
  sum({
    key: "refund_amount",
    nameEn: "Refund amount",
    nameZh: "退款金额",
    unit: "money",
    direction: "lower_better",
    descriptionEn: "Money refunded to buyers on the day the refund was made (not the day of the order)",
    descriptionZh: "退款发生当日退还给买家的金额（按退款日，而非下单日）",
    aliases: ["refund", "refunds", "refund amount", "退款", "退款金额", "退款额"],
  }),
  {
    key: "gmv_net",
    nameEn: "GMV (net)",
    nameZh: "GMV（净额）",
    unit: "money",
    direction: "higher_better",
    // Stored nowhere: it is always gross minus refunds, so the two can never disagree.
    aggregation: "sum",
    derivedFrom: { plus: ["gmv_gross"], minus: ["refund_amount"] },
    formulaEn: "gmv_gross − refund_amount",
    formulaZh: "GMV总额 − 退款金额",
    descriptionEn:
      "GMV (net): gross GMV minus refunds made in the same period; a single day can be negative when refunds exceed sales",
    descriptionZh: "GMV（净额）：GMV总额减去同期退款；退款多于当日销售时，单日可能为负",
    aliases: ["net gmv", "gmv net", "gmv_net", "净gmv", "净销售额", "净成交额", "gmv净额"],
  },
  sum({
    key: "orders",
    nameEn: "Orders",
    nameZh: "订单数",
    unit: "count",
    descriptionEn: "Orders placed (paid), before cancellations and refunds",
    descriptionZh: "已下单（已支付）的订单数，未扣除取消和退款",
    aliases: ["order", "orders", "订单", "订单数", "单量"],
  }),
  sum({
    key: "items_sold",
    nameEn: "Items sold",
    nameZh: "售出件数",
    unit: "count",
    descriptionEn: "Units sold in orders placed",
    descriptionZh: "已下单订单中的商品件数",
    aliases: ["items", "items sold", "units", "units sold", "件数", "销量", "售出件数"],
  }),
  sum({
    key: "items_returned",
    nameEn: "Items returned",
    nameZh: "退货件数",
    unit: "count",
    direction: "lower_better",
    descriptionEn: "Units returned by buyers, counted on the day of the return",
    descriptionZh: "买家退回的商品件数，按退货日计",
    aliases: ["returns", "items returned", "returned", "退货", "退货件数"],
  }),
  sum({
    key: "refunded_orders",
    nameEn: "Refunded orders",
    nameZh: "退款订单数",
    unit: "count",
    direction: "lower_better",
    descriptionEn: "Orders with a full or partial refund, counted on the day of the refund",
    descriptionZh: "发生全额或部分退款的订单数，按退款日计",
    aliases: ["refunded orders", "退款订单", "退款订单数"],
  }),
  // --- stored (sum) metrics: traffic and ads ------------------------------------------------------
  sum({
    key: "ad_spend",
    nameEn: "Ad spend",
    nameZh: "广告花费",
    unit: "money",
    direction: "lower_better",
    descriptionEn: "Money spent on paid traffic (GMV Max, LIVE and video ads)",
    descriptionZh: "付费流量花费（GMV Max、直播和短视频广告）",
    aliases: ["spend", "ad spend", "ads", "cost", "广告费", "广告花费", "消耗", "投放"],
  }),
  sum({
    key: "impressions",
    nameEn: "Impressions",
    nameZh: "曝光量",
    unit: "count",
    descriptionEn: "Times content or products were shown",
    descriptionZh: "内容或商品被展示的次数",
    aliases: ["impression", "impressions", "views shown", "曝光", "曝光量", "展现"],
  }),
  sum({
    key: "clicks",
    nameEn: "Clicks",
    nameZh: "点击量",
    unit: "count",
    descriptionEn: "Clicks through to a product",
    descriptionZh: "点击进入商品的次数",
    aliases: ["click", "clicks", "点击", "点击量"],
  }),
  // --- stored (sum) metrics: content ------------------------------------------------------------
  sum({
    key: "live_viewers",
    nameEn: "LIVE viewers",
    nameZh: "直播观看人数",
    unit: "count",
    descriptionEn: "Viewers who entered LIVE sessions, summed across sessions",
    descriptionZh: "进入直播间的观众数，各场次相加",
    aliases: ["viewers", "live viewers", "观看人数", "直播观看", "直播观看人数", "场观"],
  }),
  sum({
    key: "live_minutes",
    nameEn: "LIVE time",
    nameZh: "直播时长",
    unit: "minutes",
    descriptionEn: "Minutes streamed LIVE",
    descriptionZh: "直播的分钟数",
    aliases: ["live hours", "live time", "live minutes", "live duration", "直播时长", "开播时长"],
  }),
  sum({
    key: "watch_seconds",
    nameEn: "Watch time",
    nameZh: "观看时长",
    unit: "seconds",
    descriptionEn: "Total seconds viewers spent watching videos and LIVE sessions",
    descriptionZh: "观众观看视频和直播的总秒数",
    aliases: ["watch time", "watch seconds", "观看时长", "总观看时长"],
  }),
  sum({
    key: "video_views",
    nameEn: "Video views",
    nameZh: "视频播放量",
    unit: "count",
    descriptionEn: "Video plays started",
    descriptionZh: "视频开始播放的次数",
    aliases: ["views", "video views", "播放", "播放量", "视频播放量"],
  }),
  sum({
    key: "video_completions",
    nameEn: "Video completions",
    nameZh: "视频完播数",
    unit: "count",
    descriptionEn: "Video plays watched to the end",
    descriptionZh: "视频被完整看完的次数",
    aliases: ["completions", "video completions", "完播", "完播数"],
  }),
  sum({
    key: "videos_posted",
    nameEn: "Videos posted",
    nameZh: "发布视频数",
    unit: "count",
    descriptionEn: "Short videos published by the team",
    descriptionZh: "团队发布的短视频数量",
    aliases: ["video", "videos", "videos posted", "视频", "发视频", "发布视频", "视频数"],
  }),
  sum({
    key: "live_sessions",
    nameEn: "LIVE sessions",
    nameZh: "直播场次",
    unit: "count",
    descriptionEn: "LIVE sessions run",
    descriptionZh: "开播场次",
    aliases: ["live", "lives", "live sessions", "sessions", "直播", "直播场次", "场次"],
  }),
  sum({
    key: "posts",
    nameEn: "Posts",
    nameZh: "图文帖子数",
    unit: "count",
    descriptionEn: "Non-video posts (photo, product card, story) published",
    descriptionZh: "发布的非视频内容（图文、商品卡、快拍）数量",
    aliases: ["post", "posts", "帖子", "图文", "发帖"],
  }),
  // --- stored (sum) metrics: creator outreach -------------------------------------------------
  sum({
    key: "creators_contacted",
    nameEn: "Creators contacted",
    nameZh: "建联达人数",
    unit: "count",
    descriptionEn: "Creators sent a first outreach message",
    descriptionZh: "首次发送邀约消息的达人数量",
    aliases: ["contacts", "contacted", "creators contacted", "outreach", "建联", "建联数", "建联达人", "邀约"],
  }),
  sum({
    key: "creator_replies",
    nameEn: "Creator replies",
    nameZh: "达人回复数",
    unit: "count",
    descriptionEn: "Contacted creators who replied",
    descriptionZh: "已建联并回复的达人数量",
    aliases: ["replies", "creator replies", "回复", "达人回复", "回复数"],
  }),
  sum({
    key: "samples_shipped",
    nameEn: "Samples shipped",
    nameZh: "寄样数",
    unit: "count",
    descriptionEn: "Product samples shipped to creators",
    descriptionZh: "寄给达人的样品数",
    aliases: ["samples", "samples shipped", "寄样", "寄样数", "样品"],
  }),
  sum({
    key: "sample_videos",
    nameEn: "Sample videos",
    nameZh: "寄样出视频数",
    unit: "count",
    descriptionEn: "Videos posted by creators who received a sample",
    descriptionZh: "收到样品的达人发布的视频数",
    aliases: ["sample videos", "寄样视频", "出视频", "寄样出视频"],
  }),
  sum({
    key: "first_sales",
    nameEn: "First sales",
    nameZh: "首单达人数",
    unit: "count",
    descriptionEn: "Creators who made their first affiliate sale",
    descriptionZh: "产生首笔带货成交的达人数量",
    aliases: ["first sales", "first sale", "首单", "首单达人"],
  }),
  // --- ratio metrics: always sum(numerator) / sum(denominator) over the period -----------------
  ratio({
    key: "roi",
    nameEn: "ROI",
    nameZh: "ROI（投产比）",
    unit: "ratio",
    numerator: "gmv_gross",
    denominator: "ad_spend",
    formulaEn: "gmv_gross ÷ ad_spend",
    formulaZh: "GMV总额 ÷ 广告花费",
    descriptionEn: "Gross GMV per unit of ad spend, as TikTok Shop reports ROI (revenue, not profit)",
    descriptionZh: "每单位广告花费带来的GMV总额，与TikTok Shop的ROI口径一致（按收入，非利润）",
    aliases: ["roi", "投产", "投产比", "投入产出比"],
  }),
  ratio({
    key: "roas",
    nameEn: "ROAS",
    nameZh: "ROAS（广告支出回报率）",
    unit: "ratio",
    numerator: "gmv_gross",
    denominator: "ad_spend",
    formulaEn: "gmv_gross ÷ ad_spend",
    formulaZh: "GMV总额 ÷ 广告花费",
    descriptionEn: "Return on ad spend: the same number as ROI, under the name ad platforms use",
    descriptionZh: "广告支出回报率：与ROI数值相同，是广告平台使用的名称",
    aliases: ["roas", "广告回报率", "广告支出回报率"],
  }),
  ratio({
    key: "ctr",
    nameEn: "CTR",
    nameZh: "点击率",
    unit: "percent",
    numerator: "clicks",
    denominator: "impressions",
    formulaEn: "clicks ÷ impressions",
    formulaZh: "点击量 ÷ 曝光量",
    descriptionEn: "Click-through rate",
    descriptionZh: "点击率",
    aliases: ["ctr", "click rate", "click-through rate", "点击率"],
  }),
  ratio({
    key: "cvr",
    nameEn: "CVR",
    nameZh: "转化率",
    unit: "percent",
    numerator: "orders",
    denominator: "clicks",
    formulaEn: "orders ÷ clicks",
    formulaZh: "订单数 ÷ 点击量",
    descriptionEn: "Conversion rate from click to order",
    descriptionZh: "从点击到下单的转化率",
    aliases: ["cvr", "conversion", "conversion rate", "转化率", "转化"],
  }),
  ratio({
    key: "return_rate",
    nameEn: "Return rate",
    nameZh: "退货率",
    unit: "percent",
    direction: "lower_better",
    numerator: "items_returned",
    denominator: "items_sold",
    formulaEn: "items_returned ÷ items_sold",
    formulaZh: "退货件数 ÷ 售出件数",
    descriptionEn: "Share of units returned; returns lag sales, so recent periods read low",
    descriptionZh: "退货件数占比；退货滞后于销售，近期数据会偏低",
    aliases: ["return rate", "returns rate", "退货率"],
  }),
  ratio({
    key: "refund_rate",
    nameEn: "Refund rate",
    nameZh: "退款率",
    unit: "percent",
    direction: "lower_better",
    numerator: "refund_amount",
    denominator: "gmv_gross",
    formulaEn: "refund_amount ÷ gmv_gross",
    formulaZh: "退款金额 ÷ GMV总额",
    descriptionEn: "Share of gross GMV refunded",
    descriptionZh: "GMV总额中被退款的比例",
    aliases: ["refund rate", "退款率"],
  }),
  ratio({
    key: "gpm",
    nameEn: "GPM",
    nameZh: "千次曝光成交额",
    unit: "per_mille_money",
    numerator: "gmv_gross",
    denominator: "impressions",
    scale: 1000,
    formulaEn: "gmv_gross ÷ impressions × 1000",
    formulaZh: "GMV总额 ÷ 曝光量 × 1000",
    descriptionEn: "GMV per thousand impressions",
    descriptionZh: "每千次曝光带来的GMV",
    aliases: ["gpm", "千次曝光成交", "千次曝光成交额", "千次成交"],
  }),
  ratio({
    key: "aov",
    nameEn: "AOV",
    nameZh: "客单价",
    unit: "money",
    numerator: "gmv_gross",
    denominator: "orders",
    formulaEn: "gmv_gross ÷ orders",
    formulaZh: "GMV总额 ÷ 订单数",
    descriptionEn: "Average order value",
    descriptionZh: "平均每单金额",
    aliases: ["aov", "average order value", "客单价", "客单"],
  }),
  ratio({
    key: "cpc",
    nameEn: "CPC",
    nameZh: "单次点击成本",
    unit: "money",
    direction: "lower_better",
    numerator: "ad_spend",
    denominator: "clicks",
    formulaEn: "ad_spend ÷ clicks",
    formulaZh: "广告花费 ÷ 点击量",
    descriptionEn: "Cost per click",
    descriptionZh: "每次点击的广告成本",
    aliases: ["cpc", "cost per click", "点击成本", "单次点击成本"],
  }),
  ratio({
    key: "cpm",
    nameEn: "CPM",
    nameZh: "千次曝光成本",
    // Money per thousand impressions, like GPM, so both format the same way.
    unit: "per_mille_money",
    direction: "lower_better",
    numerator: "ad_spend",
    denominator: "impressions",
    scale: 1000,
    formulaEn: "ad_spend ÷ impressions × 1000",
    formulaZh: "广告花费 ÷ 曝光量 × 1000",
    descriptionEn: "Ad cost per thousand impressions",
    descriptionZh: "每千次曝光的广告成本",
    aliases: ["cpm", "cost per mille", "千次曝光成本", "千展成本"],
  }),
  ratio({
    key: "video_completion_rate",
    nameEn: "Video completion rate",
    nameZh: "完播率",
    unit: "percent",
    numerator: "video_completions",
    denominator: "video_views",
    formulaEn: "video_completions ÷ video_views",
    formulaZh: "完播数 ÷ 播放量",
    descriptionEn: "Share of video plays watched to the end",
    descriptionZh: "视频播放中被完整看完的比例",
    aliases: ["completion rate", "video completion rate", "vcr", "完播率"],
  }),
  ratio({
    key: "live_gmv_per_hour",
    nameEn: "LIVE GMV per hour",
    nameZh: "直播每小时GMV",
    unit: "money",
    numerator: "gmv_gross",
    denominator: "live_minutes",
    scale: 60,
    formulaEn: "gmv_gross ÷ live_minutes × 60",
    formulaZh: "GMV总额 ÷ 直播分钟数 × 60",
    // Only meaningful over facts scoped to LIVE content; otherwise video GMV inflates it.
    descriptionEn: "Gross GMV of LIVE content per hour streamed",
    descriptionZh: "直播内容每开播一小时的GMV总额",
    aliases: ["gmv per hour", "live gmv per hour", "gph", "时均gmv", "每小时gmv", "直播时均"],
  }),
  ratio({
    key: "reply_rate",
    nameEn: "Reply rate",
    nameZh: "回复率",
    unit: "percent",
    numerator: "creator_replies",
    denominator: "creators_contacted",
    formulaEn: "creator_replies ÷ creators_contacted",
    formulaZh: "达人回复数 ÷ 建联达人数",
    descriptionEn: "Share of contacted creators who replied",
    descriptionZh: "建联达人中回复的比例",
    aliases: ["reply rate", "回复率"],
  }),
  ratio({
    key: "sample_to_video_rate",
    nameEn: "Sample-to-video rate",
    nameZh: "寄样出视频率",
    unit: "percent",
    numerator: "sample_videos",
    denominator: "samples_shipped",
    formulaEn: "sample_videos ÷ samples_shipped",
    formulaZh: "寄样出视频数 ÷ 寄样数",
    descriptionEn: "Videos posted by sampled creators per sample shipped",
    descriptionZh: "每寄出一个样品对应的达人出视频数",
    aliases: ["sample to video", "sample-to-video rate", "sample to video rate", "出视频率", "寄样出视频率"],
  }),
]);

const byKey = new Map(METRICS.map((m) => [m.key, m]));
// Keys win over aliases, so a metric key can never be shadowed by another metric's alias.
const byName = new Map<string, MetricDefinition>();
for (const m of METRICS) for (const a of m.aliases) if (!byName.has(a)) byName.set(a, m);
for (const m of METRICS) byName.set(m.key, m);

export function getMetric(key: string): MetricDefinition | undefined {
  return byKey.get(key);
}

/** Resolves what a user typed (key or alias, any case, surrounding spaces ignored). */
export function findMetric(text: string): MetricDefinition | undefined {
  const needle = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (needle === "") return undefined;
  return byName.get(needle) ?? byName.get(needle.replace(/ /g, "_"));
}

export function isMoney(def: MetricDefinition): boolean {
  return def.unit === "money" || def.unit === "per_mille_money";
}

// Unknown keys are programming errors (user text goes through findMetric first), so they throw.
function requireMetric(key: string): MetricDefinition {
  const def = byKey.get(key);
  if (!def) throw new Error(`unknown metric key: ${key}`);
  return def;
}

/** The stored sum metrics that must be summed over a period to compute `key`. */
export function baseMetricsFor(key: string): string[] {
  const def = requireMetric(key);
  const parts =
    def.aggregation === "ratio" && def.numerator && def.denominator
      ? [...baseMetricsFor(def.numerator), ...baseMetricsFor(def.denominator)]
      : def.derivedFrom
        ? [...def.derivedFrom.plus, ...def.derivedFrom.minus].flatMap(baseMetricsFor)
        : [def.key];
  return [...new Set(parts)];
}

/**
 * Computes a metric from period sums of stored metrics. A ratio is always sum(numerator) ÷
 * sum(denominator): averaging daily ratios would weight a 10-click day like a 10,000-click day.
 * A missing stored metric means "nothing happened" only when something else was recorded.
 */
export function computeMetric(key: string, sums: Map<string, Decimal>): MetricValue {
  const def = requireMetric(key);
  if (def.aggregation === "ratio" && def.numerator && def.denominator) {
    const den = computeMetric(def.denominator, sums);
    if (den.value === null) return { value: null, reason: "no_data" };
    if (den.value.isZero()) return { value: null, reason: "zero_denominator" };
    // A denominator without a numerator (clicks but no orders row) is a real zero, e.g. CVR 0%.
    const num = computeMetric(def.numerator, sums).value ?? new Decimal(0);
    return { value: num.div(den.value).mul(def.scale ?? 1) };
  }
  if (def.derivedFrom) {
    const { plus, minus } = def.derivedFrom;
    if (![...plus, ...minus].some((k) => sums.has(k))) return { value: null, reason: "no_data" };
    let total = new Decimal(0);
    for (const k of plus) total = total.plus(computeMetric(k, sums).value ?? 0);
    for (const k of minus) total = total.minus(computeMetric(k, sums).value ?? 0);
    return { value: total };
  }
  const v = sums.get(key);
  return v === undefined ? { value: null, reason: "no_data" } : { value: v };
}
