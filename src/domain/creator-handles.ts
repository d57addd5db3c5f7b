// One creator, one record: "@GlowByAmy", "glowbyamy", "tiktok.com/@glowbyamy" and
// "https://www.tiktok.com/@GlowByAmy?lang=en" are the same TikTok creator. Handles are compared lower case,
// without "@", without the profile URL around them.
import { wordTable } from "./text.js";

export type CreatorPlatform = "tiktok" | "instagram" | "youtube" | "shopee";

export interface CreatorRef {
  platform: CreatorPlatform;
  /** What is stored and compared: lower case, no "@". */
  handle: string;
  /** As typed, without URL or "@": shown in replies. */
  display: string;
}

const HOSTS: { pattern: RegExp; platform: CreatorPlatform }[] = [
  { pattern: /(^|\.)tiktok\.com$/i, platform: "tiktok" },
  { pattern: /(^|\.)instagram\.com$/i, platform: "instagram" },
  { pattern: /(^|\.)youtube\.com$/i, platform: "youtube" },
  { pattern: /(^|\.)shopee\.[a-z.]+$/i, platform: "shopee" },
];

// TikTok handles: letters, digits, "_" and "."; other platforms allow about the same, and "-" on YouTube.
const HANDLE = /^[\p{L}\p{N}._-]{2,64}$/u;

export const PLATFORM_WORDS = wordTable<CreatorPlatform>({
  tiktok: "tiktok",
  tt: "tiktok",
  抖音: "tiktok",
  instagram: "instagram",
  ig: "instagram",
  youtube: "youtube",
  yt: "youtube",
  shopee: "shopee",
});

/**
 * Reads a creator reference. A profile URL names its own platform; a bare handle takes `platform` (TikTok unless
 * said otherwise). Returns null for anything that is not a handle or a profile URL (a short link like
 * vm.tiktok.com/ZS… cannot be resolved offline, so it is refused rather than stored as a second record).
 */
export function parseCreatorRef(text: string, platform: CreatorPlatform = "tiktok"): CreatorRef | null {
  let raw = text.trim();
  if (!raw) return null;
  // "londonloves.tech" is a valid TikTok handle (dots are allowed), not a website: only a scheme, a path or a
  // known platform's host makes a reference a URL.
  const domainLike = /^(https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(\/|$)/i.test(raw);
  const looksLikeUrl =
    domainLike &&
    (/^https?:\/\//i.test(raw) || raw.includes("/") || HOSTS.some((h) => h.pattern.test(raw.split("/")[0] ?? "")));
  if (looksLikeUrl) {
    let url: URL;
    try {
      url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
    } catch {
      return null;
    }
    const host = HOSTS.find((h) => h.pattern.test(url.hostname));
    if (!host) return null;
    const first = url.pathname.split("/").filter(Boolean)[0] ?? "";
    // TikTok and YouTube profile paths are "/@handle"; Instagram's are "/handle".
    if (host.platform !== "instagram" && !first.startsWith("@")) return null;
    raw = decodeURIComponent(first);
    platform = host.platform;
  }
  const display = raw.replace(/^@+/, "");
  if (!HANDLE.test(display)) return null;
  return { platform, handle: display.toLowerCase(), display };
}
