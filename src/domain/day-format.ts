// A calendar day as a member reads it in a sentence: "29 Nov" / "11月29日", with the year only when it is not the
// year of the day it is read on (a span in January that reaches back into December).
import { DateTime } from "luxon";
import type { Locale } from "./i18n.js";

export function formatDay(iso: string, locale: Locale, today?: string): string {
  const day = DateTime.fromISO(iso, { zone: "utc" });
  if (!day.isValid) return iso;
  const sameYear = today === undefined || today.slice(0, 4) === iso.slice(0, 4);
  if (locale === "zh") return day.toFormat(sameYear ? "M月d日" : "yyyy年M月d日");
  return day.setLocale("en-GB").toFormat(sameYear ? "d LLL" : "d LLL yyyy");
}

/** "2–3 Dec" / "12月2日至3日" style ranges are ambiguous across months; two days joined by a dash are not. */
export function formatDays(from: string, to: string, locale: Locale, today?: string): string {
  if (from === to) return formatDay(from, locale, today);
  return `${formatDay(from, locale, today)}–${formatDay(to, locale, today)}`;
}
