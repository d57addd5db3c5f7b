// The creator pipeline of TikTok Shop affiliate work, and what each stage asks of the owner next.
import type { MessageKey } from "./i18n.js";
import { wordTable } from "./text.js";

export const FUNNEL = [
  "prospect",
  "contacted",
  "replied",
  "sample_requested",
  "sample_shipped",
  "video_posted",
  "first_sale",
  "active",
] as const;
export const SIDE_STAGES = ["declined", "paused"] as const;
export const STAGES = [...FUNNEL, ...SIDE_STAGES] as const;
export type Stage = (typeof STAGES)[number];

// Word tables without a prototype: "constructor" typed as a stage, outcome or channel must find nothing.
const STAGE_WORDS = wordTable<Stage>({
  prospect: "prospect",
  潜在: "prospect",
  contacted: "contacted",
  contact: "contacted",
  已联系: "contacted",
  replied: "replied",
  reply: "replied",
  已回复: "replied",
  sample_requested: "sample_requested",
  "sample-requested": "sample_requested",
  requested: "sample_requested",
  申请样品: "sample_requested",
  索样: "sample_requested",
  sample_shipped: "sample_shipped",
  "sample-shipped": "sample_shipped",
  shipped: "sample_shipped",
  已寄样: "sample_shipped",
  寄样: "sample_shipped",
  video_posted: "video_posted",
  "video-posted": "video_posted",
  video: "video_posted",
  已发视频: "video_posted",
  出视频: "video_posted",
  first_sale: "first_sale",
  "first-sale": "first_sale",
  sale: "first_sale",
  首单: "first_sale",
  active: "active",
  活跃: "active",
  declined: "declined",
  拒绝: "declined",
  paused: "paused",
  pause: "paused",
  暂停: "paused",
});

export function parseStage(word: string | undefined): Stage | null {
  if (!word) return null;
  return STAGE_WORDS[word.toLowerCase()] ?? null;
}

export const stageKey = (stage: Stage) => `stage.${stage}` as MessageKey;

/**
 * When the owner should next act, counted from the moment the creator reached the stage, and why. A creator
 * at "contacted" for 3 days has not replied; "sample_shipped" for 7 days has no video yet; and so on.
 */
export const FOLLOW_UP_RULES: Partial<Record<Stage, { days: number; reason: MessageKey }>> = {
  prospect: { days: 2, reason: "followup.prospect" },
  contacted: { days: 3, reason: "followup.no_reply" },
  replied: { days: 2, reason: "followup.offer_sample" },
  sample_requested: { days: 2, reason: "followup.ship_sample" },
  sample_shipped: { days: 7, reason: "followup.no_video" },
  video_posted: { days: 7, reason: "followup.no_sale" },
  first_sale: { days: 14, reason: "followup.make_active" },
  paused: { days: 30, reason: "followup.paused" },
};

/** Contact outcomes typed with /log contact, and the stage each one moves a creator to (never backwards). */
export const CONTACT_OUTCOMES = wordTable<{ outcome: string; stage: Stage | null }>({
  sent: { outcome: "sent", stage: "contacted" },
  已发送: { outcome: "sent", stage: "contacted" },
  replied: { outcome: "replied", stage: "replied" },
  已回复: { outcome: "replied", stage: "replied" },
  no_reply: { outcome: "no_reply", stage: null },
  未回复: { outcome: "no_reply", stage: null },
  interested: { outcome: "interested", stage: "replied" },
  感兴趣: { outcome: "interested", stage: "replied" },
  sample: { outcome: "sample_requested", stage: "sample_requested" },
  sample_requested: { outcome: "sample_requested", stage: "sample_requested" },
  要样品: { outcome: "sample_requested", stage: "sample_requested" },
  declined: { outcome: "declined", stage: "declined" },
  拒绝: { outcome: "declined", stage: "declined" },
});

export const CONTACT_CHANNELS = wordTable<string>({
  dm: "dm",
  私信: "dm",
  email: "email",
  邮件: "email",
  whatsapp: "whatsapp",
  wa: "whatsapp",
  line: "line",
  zalo: "zalo",
  tiktok: "tiktok",
  tt: "tiktok",
  抖音: "tiktok",
});

/** Position on the funnel; side stages rank after "prospect" so that an outcome never moves backwards past them. */
export function funnelIndex(stage: Stage): number {
  const index = (FUNNEL as readonly string[]).indexOf(stage);
  return index;
}

/** Median of a list of numbers (days between stages), or null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
