// LIVE sessions (Data Compass > LIVE list exports) → one record per session. Natural key: `key` = room id when
// the file has one, else creator (handle, creator id or name, "" when none) + start time.
import { DateTime } from "luxon";
import { cleanCell, isBlank, parseHandle } from "../cells.js";
import { HeaderMatcher } from "../headers.js";
import { type RowReader, RowSkip } from "../row-reader.js";
import { type ExportFormat, type FormatContext, matchWith } from "./format.js";
import { ORDER_IDENTITY, SETTLEMENT_IDENTITY, VIDEO_IDENTITY } from "./identity.js";
import { LIVE_SESSION_HEADERS, type LiveSessionField } from "./live-session-headers.js";

export interface LiveSession {
  line: number;
  /** Natural key, see above. */
  key: string;
  roomId: string | null;
  title: string | null;
  /** Numeric creator id (older Indonesian list). */
  creatorId: string | null;
  /** Lower case, no "@"; null when the file has no creator column or the cell is not a handle. */
  creatorHandle: string | null;
  creatorName: string | null;
  /** Shop-local "YYYY-MM-DDTHH:mm:ss". */
  startedAt: string;
  endedAt: string | null;
  /** From the Duration column ("1m28s", "01:02:03"), else End Time − Start Time, else null. */
  durationSeconds: number | null;
  currency: string | null;
  /** Decimal string. */
  gmv: string | null;
  orders: number | null;
  itemsSold: number | null;
  /** Unique viewers ("Viewers", "Customers" in the newer list). */
  viewers: number | null;
  views: number | null;
  impressions: number | null;
  productImpressions: number | null;
  productClicks: number | null;
}

const matcher = new HeaderMatcher<LiveSessionField>(LIVE_SESSION_HEADERS, [
  "startedAt",
  ["duration", "endedAt", "roomId"],
  "gmv",
]);

export function matchesLiveSessions(header: readonly string[]) {
  return matchWith(matcher, header, [VIDEO_IDENTITY, ORDER_IDENTITY, SETTLEMENT_IDENTITY]);
}

function parseLive(r: RowReader<LiveSessionField>, _context: FormatContext): LiveSession {
  const started = r.requiredDate("startedAt");
  const ended = r.date("endedAt");
  let durationSeconds = r.duration("duration");
  if (durationSeconds === null && ended) {
    // Wall-clock times without a zone: read both as UTC so the difference is plain elapsed time.
    const seconds = DateTime.fromISO(ended.iso, { zone: "utc" })
      .diff(DateTime.fromISO(started.iso, { zone: "utc" }), "seconds")
      .as("seconds");
    if (seconds < 0) throw new RowSkip(`${r.headerOf("endedAt")} before ${r.headerOf("startedAt")}`);
    durationSeconds = seconds;
  }
  const roomId = r.id("roomId");
  if (roomId === null && r.has("roomId")) throw new RowSkip(`missing ${r.headerOf("roomId")}`);
  // A "Creator" cell may hold a display name in some layouts: that is a name, not a reason to drop the session.
  const creatorRaw = r.raw("creatorHandle");
  const creatorHandle = parseHandle(creatorRaw);
  const creatorName =
    r.text("creatorName") ?? (creatorHandle === null && !isBlank(creatorRaw) ? cleanCell(creatorRaw) : null);
  const creatorId = r.id("creatorId");
  return {
    line: r.line,
    key: roomId ?? `${creatorHandle ?? creatorId ?? creatorName ?? ""}@${started.iso}`,
    roomId,
    title: r.text("title"),
    creatorId,
    creatorHandle,
    creatorName,
    startedAt: started.iso,
    endedAt: ended?.iso ?? null,
    durationSeconds,
    gmv: r.money("gmv"),
    currency: r.rowCurrency(),
    orders: r.count("orders"),
    itemsSold: r.count("itemsSold"),
    viewers: r.count("viewers"),
    views: r.count("views"),
    impressions: r.count("impressions"),
    productImpressions: r.count("productImpressions"),
    productClicks: r.count("productClicks"),
  };
}

export const liveSessionsFormat: ExportFormat<LiveSessionField, LiveSession> = {
  matcher,
  dateFields: ["startedAt", "endedAt"],
  probeFields: ["roomId", "gmv", "orders"],
  matches: matchesLiveSessions,
  parse: parseLive,
};
