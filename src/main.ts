// The composition root: builds every dependency once and starts what the configuration enables. It is the
// only file under src/ that imports handlers/ and scheduled/ (everything else in src/ is platform-free).
import { existsSync } from "node:fs";
import path from "node:path";
import type { DateTime } from "luxon";
import { acknowledgeAlertAction, snoozeAlertAction } from "../handlers/actions/alert.js";
import { confirmLinkAction, rejectLinkAction } from "../handlers/actions/link.js";
import { undoLogAction } from "../handlers/actions/undo-log.js";
import { alertCommand } from "../handlers/commands/alert.js";
import { creatorCommand } from "../handlers/commands/creator.js";
import { exportCommand } from "../handlers/commands/export.js";
import { importCommand } from "../handlers/commands/import.js";
import { ingestCommand } from "../handlers/commands/ingest.js";
import { kpiCommand } from "../handlers/commands/kpi.js";
import { logCommand } from "../handlers/commands/log.js";
import { shopCommand } from "../handlers/commands/shop.js";
import { standupCommand } from "../handlers/commands/standup.js";
import { targetCommand } from "../handlers/commands/target.js";
import { fileUploadHandler } from "../handlers/events/file-upload.js";
import { alertAssignForm } from "../handlers/forms/alert-assign.js";
import { standupForm } from "../handlers/forms/standup.js";
import { targetForm } from "../handlers/forms/target.js";
import { alertScanJob } from "../scheduled/alert-scan.js";
import { creatorFollowupsJob } from "../scheduled/creator-followups.js";
import { creatorTiersJob } from "../scheduled/creator-tiers.js";
import { morningDigestJob } from "../scheduled/morning-digest.js";
import { standupOpenJob } from "../scheduled/standup-open.js";
import { standupSummaryJob } from "../scheduled/standup-summary.js";
import { tiktokSyncJob } from "../scheduled/tiktok-sync.js";
import { weeklyReportJob } from "../scheduled/weekly-report.js";
import { createAlertRepository } from "./alerts/repository.js";
import { createAlertScan } from "./alerts/scan.js";
import { createAlertService } from "./alerts/service.js";
import { createAuditLog } from "./audit/repository.js";
import { createDispatcher, type Dispatcher, systemClock } from "./chat/dispatcher.js";
import type { LarkAdapter } from "./chat/lark-app.js";
import type { ChatPlatform } from "./chat/platform.js";
import type { SlackAdapter } from "./chat/slack-app.js";
import { type Config, describeConfig } from "./config.js";
import { renderTierChanges } from "./creators/render.js";
import { createCreatorRepository } from "./creators/repository.js";
import { createCreatorService } from "./creators/service.js";
import { createDatabase, type Database } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { createDeliveryRepository } from "./deliveries/repository.js";
import { demoDataPresent, seedDemoData } from "./demo/seed.js";
import { prepareInChildProcess } from "./demo/seed-in-child.js";
import { digestChart } from "./digest/chart.js";
import { createDigestRepository } from "./digest/repository.js";
import { createDigestService } from "./digest/service.js";
import { createWeeklyReport } from "./digest/weekly.js";
import { createExportRepository } from "./exports/repository.js";
import { createExportService } from "./exports/service.js";
import { createFreshnessRepository } from "./freshness/repository.js";
import { createFreshnessService } from "./freshness/service.js";
import { createPlatformHealth, mountHealth } from "./http/health.js";
import { createHttpServer } from "./http/server.js";
import { linkRequestMessage, welcomeMessage } from "./identity/messages.js";
import { createIdentityRepository } from "./identity/repository.js";
import { createIdentityService } from "./identity/service.js";
import { parseInWorker } from "./imports/parse-in-worker.js";
import { createImportService } from "./imports/service.js";
import { createIngestRepository } from "./ingest/repository.js";
import { mountIngest } from "./ingest/routes.js";
import { createIngestTokenRepository } from "./ingest/token-repository.js";
import { createIngestTokenService } from "./ingest/token-service.js";
import { createLogger, type Logger } from "./log.js";
import { createLogRepository } from "./logs/repository.js";
import { createLogService } from "./logs/service.js";
import { createMemberRepository } from "./members/repository.js";
import { createFxRepository } from "./metrics/fx-repository.js";
import { createKpiService } from "./metrics/kpi-service.js";
import { syncMetricDefinitions } from "./metrics/registry-sync.js";
import { createFactRepository } from "./metrics/repository.js";
import { createPlaygroundPlatform } from "./playground/platform.js";
import { mountPlayground } from "./playground/routes.js";
import { runJobNow } from "./playground/run-job.js";
import { directToAll, postAndKeep, postToChannel, updateEverywhere } from "./scheduling/deliver.js";
import { giveBackMemory } from "./scheduling/give-back-memory.js";
import type { ScheduledJob } from "./scheduling/job.js";
import { createJobRunRepository } from "./scheduling/job-runs.js";
import { createScheduler, type Scheduler } from "./scheduling/scheduler.js";
import type { Services } from "./services.js";
import { createStandupRepository } from "./standup/repository.js";
import { createStandupService } from "./standup/service.js";
import { createTargetRepository } from "./targets/repository.js";
import { createTargetService } from "./targets/service.js";
import { createConnectionRepository } from "./tiktok/connections.js";
import { createTikTokSync } from "./tiktok/sync.js";
import { mountTikTokWebhook } from "./tiktok/webhook-route.js";

export interface StartOptions {
  clock?: () => DateTime;
  logger?: Logger;
  /** Host to bind; tests use 127.0.0.1. */
  host?: string;
  /** Run scheduled jobs every minute (default); false leaves ticking to the caller (`starling.scheduler.tick()`). */
  scheduler?: boolean;
}

export interface Starling {
  url: string;
  port: number;
  db: Database;
  services: Services;
  dispatcher: Dispatcher<Services>;
  /** Where scheduled posts and notifications go: the playground (when on), Slack and Lark when configured. */
  platforms: ChatPlatform[];
  /** Whether /playground and /api/playground/* are served (config.playground). */
  playground: boolean;
  /** Runs the scheduled jobs; tests call `tick()` with their clock. */
  scheduler: Scheduler;
  /** Resolves when the chat adapters have answered everything they acknowledged (tests wait on this). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStarling(config: Config, options: StartOptions = {}): Promise<Starling> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger(config.logLevel);
  log.info(`Starling starting: ${describeConfig(config)}`);

  let demoSeededAtStart = false;
  const onDisk = config.database.kind === "pglite" && !config.database.dataDir.startsWith("memory://");
  // A new on-disk embedded database is created, migrated and (in the demo) loaded by a child process, whose memory
  // goes back to the system when it exits (seed-in-child.ts); this process opens the database afterwards.
  if (config.database.kind === "pglite" && onDisk && !existsSync(path.join(config.database.dataDir, "PG_VERSION"))) {
    const prepared = await prepareInChildProcess(config.database.dataDir, { demo: config.demoData, now: clock() });
    if (prepared.applied.length) log.info(`applied migrations: ${prepared.applied.join(", ")}`);
    if (prepared.seeded) log.info(`loaded demo data: ${prepared.facts} facts`);
    demoSeededAtStart = prepared.seeded;
  }
  let db = createDatabase(config.database, (message) => log.warn(message));
  let demoSeeded = demoSeededAtStart;
  try {
    // The embedded database migrates itself; PostgreSQL too, under an advisory lock, so `npm start` just works
    // (npm run db:migrate exists for deployments that migrate before rolling out replicas).
    const applied = await migrate(db.sql);
    if (applied.length) log.info(`applied migrations: ${applied.join(", ")}`);
    await syncMetricDefinitions(db.prisma);
    if (config.demoData && !(await demoDataPresent(db.prisma))) {
      // Each team's data ends at its own yesterday: Jakarta's morning already has the day London is still in.
      let result: { seeded: boolean; facts: number };
      if (config.database.kind === "pglite" && onDisk) {
        // An existing embedded database without the demo: loaded by a child too, with ours closed meanwhile.
        await db.close();
        result = await prepareInChildProcess(config.database.dataDir, { demo: true, now: clock() });
        db = createDatabase(config.database, (message) => log.warn(message));
      } else {
        // PostgreSQL (replicas starting together are serialised by the seed's lock) and the in-memory database.
        result = await seedDemoData(db.prisma, { now: clock() });
      }
      if (result.seeded) {
        demoSeeded = true;
        log.info(`loaded demo data: ${result.facts} facts`);
      }
    }
  } catch (error) {
    await db.close();
    throw error;
  }

  const members = createMemberRepository(db.prisma);
  const audit = createAuditLog(db.prisma);
  const facts = createFactRepository(db.prisma);
  const targets = createTargetRepository(db.prisma);
  const fx = createFxRepository(db.prisma);
  const workspaceCurrency = async (workspaceId: string) =>
    (await db.prisma.workspace.findUnique({ where: { id: workspaceId } }))?.reportingCurrency ?? "USD";
  const freshness = createFreshnessService({ repo: createFreshnessRepository(db.prisma) });
  const kpi = createKpiService({ facts, targets, members, fx, clock, workspaceCurrency, freshness });
  const logs = createLogService({ logs: createLogRepository(db.prisma), facts, fx, clock });
  const targetService = createTargetService({ targets, members, fx, audit, clock });
  // Off, the playground is not a platform at all: nothing is kept in memory for a feed nobody can read.
  const playground = config.playground ? createPlaygroundPlatform(clock) : null;
  const platforms: ChatPlatform[] = playground ? [playground.platform] : [];
  const identity = createIdentityService({
    repo: createIdentityRepository(db.prisma),
    members,
    audit,
    clock,
    // Admins and newly linked members hear about links wherever they can be reached.
    async notify(member, build) {
      const { failed } = await directToAll(platforms, member, build(member.language));
      if (failed.length) log.warn(`could not send a direct message to @${member.handle} on ${failed.join(", ")}`);
    },
    linkRequestMessage,
    welcomeMessage,
  });
  const standup = createStandupService({ repo: createStandupRepository(db.prisma), clock });
  const creators = createCreatorService({
    repo: createCreatorRepository(db.prisma),
    members,
    fx,
    audit,
    clock,
    // Tier changes go to the team's channel (its standup channel, else its digest channel) on every platform.
    async announceTierChanges(team, changes) {
      const channel = team.standupChannelId ?? team.digestChannelId;
      if (!channel) return;
      const { failed } = await postToChannel(platforms, channel, renderTierChanges(changes, team.name, team.locale));
      if (failed.length) log.warn(`could not announce tier changes of ${team.slug} on ${failed.join(", ")}`);
    },
  });
  const deliveries = createDeliveryRepository(db.prisma);
  const alertRepo = createAlertRepository(db.prisma);
  const alertScan = createAlertScan({
    repo: alertRepo,
    members,
    fx,
    freshness,
    clock,
    log,
    async post(channelId, msg) {
      const { refs, failed } = await postAndKeep(platforms, channelId, msg);
      if (failed.length) log.warn(`could not post an alert to ${channelId} on ${failed.join(", ")}`);
      return refs;
    },
    async update(refs, msg, except) {
      const failed = await updateEverywhere(platforms, refs, msg, except);
      if (failed.length) log.warn(`could not update an alert message on ${failed.join(", ")}`);
    },
    claimOnce: (key) => deliveries.claim("starling", key),
  });
  const alerts = createAlertService({
    repo: alertRepo,
    members,
    scan: alertScan,
    audit,
    clock,
    async notify(member, build) {
      const { failed } = await directToAll(platforms, member, build(member.language));
      if (failed.length) log.warn(`could not send a direct message to @${member.handle} on ${failed.join(", ")}`);
    },
  });
  const imports = createImportService({
    prisma: db.prisma,
    // Order lines are staged with COPY while the file is read.
    copyFrom: db.copyFrom,
    clock,
    log,
    // Files are read in a worker thread with a heap limit, before the import transaction opens.
    parse: parseInWorker,
    // New data is checked for anomalies at once, with the alerts posted like the morning scan's.
    async afterImport(teamId) {
      const team = await members.findTeamById(teamId);
      if (team) await alertScan.scanTeam(team);
    },
  });
  // Connected shops' tokens (encrypted) and their order sync, when the TikTok Shop app is configured.
  const shopConnections = createConnectionRepository(db.prisma, config.tiktok?.secretKey ?? null);
  const tiktok = config.tiktok
    ? createTikTokSync({ connections: shopConnections, imports, config: config.tiktok, clock, log })
    : null;
  const digestRepo = createDigestRepository(db.prisma);
  const digest = createDigestService({
    facts,
    targets,
    members,
    repo: digestRepo,
    freshness,
    chart: digestChart(log),
  });
  const weekly = createWeeklyReport({ facts, targets, members, repo: digestRepo, freshness });
  const ingestTokens = createIngestTokenService({
    repo: createIngestTokenRepository(db.prisma),
    members,
    audit,
    clock,
  });
  const services: Services = {
    members,
    audit,
    kpi,
    logs,
    targets: targetService,
    identity,
    standup,
    creators,
    digest,
    weekly,
    alerts,
    alertScan,
    imports,
    ingest: ingestTokens,
    shopConnections,
    tiktok,
    exports: createExportService({ repo: createExportRepository(db.prisma), members, audit, clock, freshness }),
    freshness,
  };

  if (demoSeeded) {
    // The demo's planted incidents are in the past: replay two weeks of morning scans so the playground shows the
    // alerts as they were posted, with their causes, and the "back to normal" messages. (Only the playground is
    // connected yet, so nothing reaches a real Slack or Lark channel.)
    for (const team of await members.allTeams()) await alertScan.backfill(team, 14, { notify: true });
    // The replay leaves tens of MB of garbage behind.
    giveBackMemory();
  }

  const dispatcher = createDispatcher<Services>({
    handlers: [
      kpiCommand,
      logCommand,
      targetCommand,
      standupCommand,
      creatorCommand,
      alertCommand,
      exportCommand,
      importCommand,
      ingestCommand,
      shopCommand,
    ],
    actions: [undoLogAction, confirmLinkAction, rejectLinkAction, acknowledgeAlertAction, snoozeAlertAction],
    forms: [targetForm, standupForm, alertAssignForm],
    services,
    clock,
    audit,
    log,
  });

  const jobs: ScheduledJob<Services>[] = [
    standupOpenJob,
    standupSummaryJob,
    morningDigestJob,
    weeklyReportJob,
    creatorFollowupsJob,
    creatorTiersJob,
    alertScanJob,
    tiktokSyncJob,
  ];
  const http = createHttpServer(log);
  // Each chat adapter reports here whether its platform answers; /healthz shows it beside the database.
  const platformHealth = createPlatformHealth();
  mountHealth(http, db, platformHealth);
  if (config.tiktok && tiktok) {
    mountTikTokWebhook({
      http,
      config: config.tiktok,
      connections: shopConnections,
      sync: tiktok,
      deliveries,
      now: () => clock().toMillis(),
      log,
    });
  }
  const jobRuns = createJobRunRepository(db.prisma);
  const host = options.host ?? config.host;
  if (playground) {
    mountPlayground({
      http,
      members,
      dispatcher,
      playground,
      jobs,
      // Through the scheduler's claims: a run from the page and a tick never send the same run twice.
      runJob: (job) => runJobNow(job, { deps: services, platforms, runs: jobRuns, clock, log }),
      boundHost: host,
    });
  }
  const ingest = mountIngest({
    http,
    tokens: ingestTokens,
    repo: createIngestRepository(db.prisma),
    members,
    fx,
    audit,
    clock,
    log,
    // Facts sent by an ERP are checked for anomalies at once, like an import's.
    async onFactsChanged(teamIds) {
      for (const team of await members.allTeams()) if (teamIds.includes(team.id)) await alertScan.scanTeam(team);
    },
  });

  // Delivery ids older than a week can no longer be retried by Slack or Lark: prune them now and every 6 hours.
  const pruneDeliveries = () =>
    deliveries
      .prune(clock().minus({ days: 7 }).toJSDate())
      .catch((error: unknown) => log.warn("could not prune processed deliveries", error));
  await pruneDeliveries();
  const pruneTimer = setInterval(pruneDeliveries, 6 * 3600_000);
  pruneTimer.unref();

  let slack: SlackAdapter | undefined;
  let larkAdapter: LarkAdapter | undefined;
  let port: number;
  try {
    // Each platform's SDK is loaded only when it is configured: the Lark SDK alone holds ~50 MB and Bolt ~25 MB,
    // memory a one-platform deployment (or the demo, with neither) never uses.
    if (config.slack) {
      const { startSlack } = await import("./chat/slack-app.js");
      slack = await startSlack({
        config: config.slack,
        http,
        dispatcher,
        identity,
        deliveries,
        clock,
        log,
        health: platformHealth,
        onFile: fileUploadHandler(services, log),
      });
      platforms.push(slack.platform);
    }
    if (config.lark) {
      const { startLark } = await import("./chat/lark-app.js");
      larkAdapter = await startLark({
        config: config.lark,
        http,
        dispatcher,
        identity,
        deliveries,
        log,
        health: platformHealth,
        onFile: fileUploadHandler(services, log),
      });
      platforms.push(larkAdapter.platform);
    }
    port = await http.listen(config.port, host);
  } catch (error) {
    clearInterval(pruneTimer);
    await slack?.stop();
    await larkAdapter?.stop();
    await db.close();
    throw error;
  }
  // "Every interface" is no address to browse to: the URL then names this machine by its loopback address.
  const everywhere = host === "0.0.0.0" || host === "::";
  const url = `http://${everywhere ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
  log.info(
    `listening on ${everywhere ? `every interface (${host}), port ${port}` : url}${
      playground ? `; playground: ${url}/playground` : "; playground off"
    }`,
  );

  // Started once every platform is up, so a run caught up at start reaches all of them.
  const scheduler = createScheduler<Services>({
    jobs,
    deps: services,
    platforms,
    runs: jobRuns,
    clock,
    log,
  });
  if (options.scheduler !== false) scheduler.start();

  return {
    url,
    port,
    db,
    services,
    dispatcher,
    platforms,
    playground: playground !== null,
    scheduler,
    async idle() {
      await Promise.all([slack?.idle(), larkAdapter?.idle()]);
    },
    async stop() {
      await scheduler.stop();
      // A background sync must finish before the database closes.
      await tiktok?.idle();
      clearInterval(pruneTimer);
      await slack?.stop();
      await larkAdapter?.stop();
      await http.close();
      // A scan started by an ingest may still be running: let it finish before the database goes.
      await ingest.idle();
      await db.close();
    },
  };
}
