// The span of a figure: through the last complete day of every team in scope, the days after it "not in yet", the
// shops that hold it back; and the previous period's window of the same number of days for the trend.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { periodContaining } from "../../src/domain/periods.js";
import type { TeamFreshness } from "../../src/freshness/rules.js";
import { previousWindow, spanOf } from "../../src/metrics/kpi-service.js";

const december = periodContaining("month", DateTime.fromISO("2026-12-03", { zone: "Asia/Jakarta" }));
const november = periodContaining("month", DateTime.fromISO("2026-11-10", { zone: "Asia/Jakarta" }));

function freshness(completeThrough: string, behind: TeamFreshness["behind"] = []): TeamFreshness {
  return { teamId: "t", today: "2026-12-03", yesterday: "2026-12-02", completeThrough, behind, feeds: [] };
}

const gizmo = {
  shopId: "s1",
  shopName: "GizmoHub Deals",
  lastCompleteDay: "2026-11-29",
  missingSince: "2026-11-30",
  days: 3,
  usualLagHours: 9,
  overdue: true,
};

describe("spanOf", () => {
  it("stops at yesterday when every shop is in, and today is not in yet", () => {
    const { through, span } = spanOf(december, "2026-12-03", [
      { team: { slug: "ID-beauty" }, freshness: freshness("2026-12-02") },
    ]);
    expect(through).toBe("2026-12-02");
    expect(span.notInYet).toEqual({ from: "2026-12-03", to: "2026-12-03" });
    expect(span.behind).toEqual([]);
  });

  it("stops at the last day a late shop is complete, and names it with its team", () => {
    const { through, span } = spanOf(december, "2026-12-03", [
      { team: { slug: "ID-beauty" }, freshness: freshness("2026-12-02") },
      { team: { slug: "UK-gadgets" }, freshness: freshness("2026-11-29", [gizmo]) },
    ]);
    // Before the period starts: nothing of December is complete; all of it so far is not in yet.
    expect(through).toBe("2026-11-29");
    expect(span.notInYet).toEqual({ from: "2026-12-01", to: "2026-12-03" });
    expect(span.behind).toEqual([{ ...gizmo, teamSlug: "UK-gadgets" }]);
  });

  it("covers a past period whole once it is complete, with nothing not in yet", () => {
    const { through, span } = spanOf(november, "2026-12-03", [
      { team: { slug: "ID-beauty" }, freshness: freshness("2026-12-02") },
    ]);
    expect(through).toBe("2026-11-30");
    expect(span.notInYet).toBeNull();
  });

  it("leaves out shops whose gap starts after the period", () => {
    const late = { ...gizmo, lastCompleteDay: "2026-12-01", missingSince: "2026-12-02", days: 1 };
    const { span } = spanOf(november, "2026-12-03", [
      { team: { slug: "UK-gadgets" }, freshness: freshness("2026-12-01", [late]) },
    ]);
    expect(span.behind).toEqual([]);
  });

  it("without any team (a member with no team) stops at yesterday", () => {
    expect(spanOf(december, "2026-12-03", []).through).toBe("2026-12-02");
  });
});

describe("previousWindow", () => {
  it("takes as many days of the previous period as are complete in this one", () => {
    // 1–2 December complete: compared with 1–2 November, not with the whole of November so far.
    expect(previousWindow(december, "2026-12-02")).toEqual({ from: "2026-11-01", to: "2026-11-02" });
    // Nothing of December complete yet: an empty window (no trend), not a month against nothing.
    const empty = previousWindow(december, "2026-11-30");
    expect(empty.to < empty.from).toBe(true);
  });
});

describe("spanNotes", () => {
  it("says what is not in yet and which shop since when, in English and Chinese", async () => {
    const { spanNotes } = await import("../../src/freshness/render.js");
    const span = { notInYet: { from: "2026-11-30", to: "2026-12-03" }, behind: [{ ...gizmo, teamSlug: "UK-gadgets" }] };
    expect(spanNotes(span, "en", "2026-12-03")).toEqual([
      "Not in yet: 30 Nov–3 Dec.",
      "⏳ GizmoHub Deals: no data since 29 Nov",
    ]);
    expect(spanNotes(span, "zh", "2026-12-03", true)).toEqual([
      "尚未到齐：11月30日–12月3日。",
      "⏳ GizmoHub Deals（UK-gadgets）：自 11月29日 之后没有数据",
    ]);
    // A year boundary keeps the year where it is not today's.
    expect(spanNotes({ notInYet: { from: "2026-12-31", to: "2027-01-01" }, behind: [] }, "en", "2027-01-01")).toEqual([
      "Not in yet: 31 Dec 2026–1 Jan.",
    ]);
  });
});
