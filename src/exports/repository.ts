// Reads the raw rows of an export a page at a time, by keyset on the primary key (id > last id, 5,000 rows), so a
// large export never loads everything and never slows down the way OFFSET does on later pages. Rows come back as
// plain strings ready for the CSV: decimals exact and unrounded, dates ISO, ids as text.
import type { PrismaClient } from "../db/client.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DateRange, ExportKind, ExportScope } from "./types.js";

export const PAGE_SIZE = 5000;

export interface FactExportRow {
  id: string;
  date: string;
  team: string;
  teamCurrency: string;
  metricKey: string;
  scopeType: string;
  scope: string;
  shopExternalId: string | null;
  contentType: string;
  traffic: string;
  productId: string;
  value: string;
  originalCurrency: string | null;
  originalAmount: string | null;
  fxRateDate: string | null;
  source: string;
  importBatchId: string | null;
}

export interface LogExportRow {
  id: string;
  localDate: string;
  loggedAt: string;
  team: string;
  teamCurrency: string;
  member: string;
  kind: string;
  count: number;
  durationMinutes: number | null;
  gmvAmount: string | null;
  gmvCurrency: string | null;
  gmvInTeamCurrency: string | null;
  fxRateDate: string | null;
  tags: string;
  creator: string | null;
  channel: string | null;
  outcome: string | null;
  note: string | null;
  sourceEventId: string | null;
  undoneAt: string | null;
}

export interface CreatorExportRow {
  id: string;
  platform: string;
  handle: string;
  displayHandle: string;
  team: string | null;
  market: string | null;
  followers: number | null;
  category: string | null;
  owner: string | null;
  stage: string;
  tier: string | null;
  stageChangedAt: string;
  nextFollowUpAt: string | null;
  stageChanges: number;
  createdAt: string;
}

// decimal.js's toFixed() without digits never rounds and never switches to exponent notation ("1e-6").
const plain = (d: Prisma.Decimal | null) => (d === null ? null : d.toFixed());
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dateOnly = (iso: string) => new Date(`${iso}T00:00:00Z`);

function factWhere(scope: ExportScope, range: DateRange): Prisma.FactWhereInput {
  const date = { gte: dateOnly(range.from), lte: dateOnly(range.to) };
  switch (scope.kind) {
    // A member's own rows are the facts about them, not the shop or creator facts of their team.
    case "member":
      return { workspaceId: scope.workspaceId, scopeType: "member", memberId: scope.memberId, date };
    case "team":
      return { teamId: scope.teamId, date };
    case "workspace":
      return { workspaceId: scope.workspaceId, date };
  }
}

function logWhere(scope: ExportScope, range: DateRange): Prisma.ContentLogWhereInput {
  const localDate = { gte: dateOnly(range.from), lte: dateOnly(range.to) };
  switch (scope.kind) {
    case "member":
      return { workspaceId: scope.workspaceId, memberId: scope.memberId, localDate };
    case "team":
      return { teamId: scope.teamId, localDate };
    case "workspace":
      return { workspaceId: scope.workspaceId, localDate };
  }
}

function creatorWhere(scope: ExportScope): Prisma.CreatorWhereInput {
  switch (scope.kind) {
    // A member's creators are the ones they own (the CRM's notion of "mine").
    case "member":
      return { workspaceId: scope.workspaceId, ownerId: scope.memberId };
    case "team":
      return { teamId: scope.teamId };
    case "workspace":
      return { workspaceId: scope.workspaceId };
  }
}

const factSelect = {
  id: true,
  date: true,
  metricKey: true,
  scopeType: true,
  scopeId: true,
  contentType: true,
  traffic: true,
  productId: true,
  value: true,
  originalCurrency: true,
  originalAmount: true,
  fxRateDate: true,
  source: true,
  importBatchId: true,
  team: { select: { slug: true, currency: true } },
  member: { select: { handle: true } },
  shop: { select: { name: true, externalId: true } },
  creator: { select: { handle: true } },
} as const satisfies Prisma.FactSelect;

type FactRecord = Prisma.FactGetPayload<{ select: typeof factSelect }>;

function factRow(f: FactRecord): FactExportRow {
  // The readable name of what the fact is about; the shop's platform id has its own column.
  const scope =
    f.scopeType === "member"
      ? f.member?.handle
      : f.scopeType === "shop"
        ? f.shop?.name
        : f.scopeType === "creator"
          ? f.creator?.handle
          : f.team.slug;
  return {
    id: f.id.toString(),
    date: isoDate(f.date),
    team: f.team.slug,
    teamCurrency: f.team.currency,
    metricKey: f.metricKey,
    scopeType: f.scopeType,
    scope: scope ?? f.scopeId,
    shopExternalId: f.scopeType === "shop" ? (f.shop?.externalId ?? null) : null,
    contentType: f.contentType,
    traffic: f.traffic,
    productId: f.productId,
    value: f.value.toFixed(),
    originalCurrency: f.originalCurrency,
    originalAmount: plain(f.originalAmount),
    fxRateDate: f.fxRateDate ? isoDate(f.fxRateDate) : null,
    source: f.source,
    importBatchId: f.importBatchId,
  };
}

const logInclude = {
  team: { select: { slug: true, currency: true } },
  member: { select: { handle: true } },
  creator: { select: { handle: true } },
} as const satisfies Prisma.ContentLogInclude;

type LogRecord = Prisma.ContentLogGetPayload<{ include: typeof logInclude }>;

function logRow(l: LogRecord): LogExportRow {
  return {
    id: l.id,
    localDate: isoDate(l.localDate),
    loggedAt: l.loggedAt.toISOString(),
    team: l.team.slug,
    teamCurrency: l.team.currency,
    member: l.member.handle,
    kind: l.kind,
    count: l.count,
    durationMinutes: l.durationMinutes,
    gmvAmount: plain(l.gmvAmount),
    gmvCurrency: l.gmvCurrency,
    gmvInTeamCurrency: plain(l.gmvInTeamCurrency),
    fxRateDate: l.fxRateDate ? isoDate(l.fxRateDate) : null,
    // Tags cannot contain spaces (they are typed as #words), so a space keeps them one readable cell.
    tags: l.tags.join(" "),
    creator: l.creator?.handle ?? null,
    channel: l.channel,
    outcome: l.outcome,
    note: l.note,
    sourceEventId: l.sourceEventId,
    undoneAt: l.undoneAt?.toISOString() ?? null,
  };
}

const creatorInclude = {
  team: { select: { slug: true } },
  owner: { select: { handle: true } },
  _count: { select: { stageChanges: true } },
} as const satisfies Prisma.CreatorInclude;

type CreatorRecord = Prisma.CreatorGetPayload<{ include: typeof creatorInclude }>;

function creatorRow(c: CreatorRecord): CreatorExportRow {
  return {
    id: c.id,
    platform: c.platform,
    handle: c.handle,
    displayHandle: c.displayHandle,
    team: c.team?.slug ?? null,
    market: c.market,
    followers: c.followers,
    category: c.category,
    owner: c.owner?.handle ?? null,
    stage: c.stage,
    tier: c.tier,
    stageChangedAt: c.stageChangedAt.toISOString(),
    nextFollowUpAt: c.nextFollowUpAt?.toISOString() ?? null,
    stageChanges: c._count.stageChanges,
    createdAt: c.createdAt.toISOString(),
  };
}

export function createExportRepository(prisma: PrismaClient, pageSize = PAGE_SIZE) {
  return {
    async *factPages(scope: ExportScope, range: DateRange): AsyncGenerator<FactExportRow[]> {
      const where = factWhere(scope, range);
      let after: bigint | undefined;
      for (;;) {
        const page = await prisma.fact.findMany({
          where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
          select: factSelect,
          orderBy: { id: "asc" },
          take: pageSize,
        });
        if (page.length > 0) yield page.map(factRow);
        if (page.length < pageSize) return;
        after = page[page.length - 1]?.id;
      }
    },
    async *logPages(scope: ExportScope, range: DateRange): AsyncGenerator<LogExportRow[]> {
      const where = logWhere(scope, range);
      let after: string | undefined;
      for (;;) {
        const page = await prisma.contentLog.findMany({
          where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
          include: logInclude,
          orderBy: { id: "asc" },
          take: pageSize,
        });
        if (page.length > 0) yield page.map(logRow);
        if (page.length < pageSize) return;
        after = page[page.length - 1]?.id;
      }
    },
    async *creatorPages(scope: ExportScope): AsyncGenerator<CreatorExportRow[]> {
      const where = creatorWhere(scope);
      let after: string | undefined;
      for (;;) {
        const page = await prisma.creator.findMany({
          where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
          include: creatorInclude,
          orderBy: { id: "asc" },
          take: pageSize,
        });
        if (page.length > 0) yield page.map(creatorRow);
        if (page.length < pageSize) return;
        after = page[page.length - 1]?.id;
      }
    },
    /** The workspaces, oldest first: the CLI picks one by name or id (or the only one). */
    async workspaces(): Promise<{ id: string; name: string }[]> {
      return prisma.workspace.findMany({ select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
    },
    /** How many rows the whole export has: said when a chat file had to stop short. */
    async count(kind: ExportKind, scope: ExportScope, range: DateRange | null): Promise<number> {
      if (kind === "creators") return prisma.creator.count({ where: creatorWhere(scope) });
      if (range === null) throw new Error(`counting ${kind} needs a date range`);
      if (kind === "facts") return prisma.fact.count({ where: factWhere(scope, range) });
      return prisma.contentLog.count({ where: logWhere(scope, range) });
    },
  };
}

export type ExportRepository = ReturnType<typeof createExportRepository>;
