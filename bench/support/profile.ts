// Where the KPI service's time goes (`npm run bench:kpi -- --profile`): a KPI service built from the same repositories
// as Starling's, each repository method wrapped to record when it started and ended within a command, and the
// freshness rules timed apart from their read. Prints, per command, the median start/end of every call (so reads run
// together show as overlapping) and the median total; what the calls do not cover is the service's own JS work.
import type { DateTime } from "luxon";
import type { PrismaClient } from "../../src/db/client.js";
import { createFreshnessRepository } from "../../src/freshness/repository.js";
import { createFreshnessService } from "../../src/freshness/service.js";
import { createMemberRepository } from "../../src/members/repository.js";
import { createFxRepository } from "../../src/metrics/fx-repository.js";
import { createKpiService, type KpiService } from "../../src/metrics/kpi-service.js";
import { createFactRepository } from "../../src/metrics/repository.js";
import { createTargetRepository } from "../../src/targets/repository.js";
import { ms, percentile } from "./timing.js";

interface Call {
  name: string;
  start: number;
  end: number;
}

/** Wraps every function of `object` so each call is recorded as `<label>.<method>` in `calls`. */
function timed<T extends object>(label: string, object: T, calls: () => Call[], origin: () => number): T {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value !== "function") {
      wrapped[key] = value;
      continue;
    }
    wrapped[key] = async (...args: unknown[]) => {
      const start = performance.now() - origin();
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
      } finally {
        calls().push({ name: `${label}.${key}`, start, end: performance.now() - origin() });
      }
    };
  }
  return wrapped as T;
}

export function profiledKpi(prisma: PrismaClient, clock: () => DateTime) {
  let calls: Call[] = [];
  let origin = 0;
  const list = () => calls;
  const at = () => origin;
  const freshnessRepo = timed("freshnessRepo", createFreshnessRepository(prisma), list, at);
  const freshness = timed("freshness", createFreshnessService({ repo: freshnessRepo }), list, at);
  const kpi: KpiService = createKpiService({
    facts: timed("facts", createFactRepository(prisma), list, at),
    targets: timed("targets", createTargetRepository(prisma), list, at),
    members: timed("members", createMemberRepository(prisma), list, at),
    fx: timed("fx", createFxRepository(prisma), list, at),
    clock,
    workspaceCurrency: async (workspaceId: string) => {
      const start = performance.now() - origin;
      const row = await prisma.workspace.findUnique({ where: { id: workspaceId } });
      calls.push({ name: "workspaceCurrency", start, end: performance.now() - origin });
      return row?.reportingCurrency ?? "USD";
    },
    freshness,
  });

  /** Runs `task` `runs` times after `warmup`, and prints the median timeline of its calls. */
  async function profile(name: string, task: (kpi: KpiService) => Promise<unknown>, runs: number, warmup: number) {
    for (let i = 0; i < warmup; i++) await task(kpi);
    const totals: number[] = [];
    const byName = new Map<string, { start: number[]; end: number[]; count: number }>();
    for (let i = 0; i < runs; i++) {
      calls = [];
      origin = performance.now();
      await task(kpi);
      totals.push(performance.now() - origin);
      const seen = new Map<string, number>();
      for (const c of calls) {
        // The n-th call of a name in a run is its own row (a command may ask the same method twice).
        const n = (seen.get(c.name) ?? 0) + 1;
        seen.set(c.name, n);
        const key = n > 1 ? `${c.name} #${n}` : c.name;
        const entry = byName.get(key) ?? { start: [], end: [], count: 0 };
        entry.start.push(c.start);
        entry.end.push(c.end);
        entry.count++;
        byName.set(key, entry);
      }
    }
    const median = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      );
    console.log(`\n--- profile: ${name} (${runs} runs, medians in ms)`);
    const rows = [...byName].sort((a, b) => median(a[1].start) - median(b[1].start));
    for (const [key, e] of rows) {
      const start = median(e.start);
      const end = median(e.end);
      const took = median(e.end.map((v, i) => v - (e.start[i] ?? 0)));
      console.log(
        `${key.padEnd(40)} ${ms(start).padStart(7)} → ${ms(end).padStart(7)}  (${ms(took)} ms)${e.count < runs ? ` in ${e.count}/${runs} runs` : ""}`,
      );
    }
    console.log(
      `${"total".padEnd(40)} ${ms(median(totals)).padStart(17)}  (p95 ${ms(
        percentile(
          [...totals].sort((a, b) => a - b),
          95,
        ),
      )})`,
    );
  }

  return { profile };
}
