// Starling in Slack: a Bolt app on the shared HTTP server at POST /slack/events (or over Socket Mode when an
// app-level token is set). Every request is verified before Bolt sees it; commands and clicks are acknowledged at
// once and answered after (Slack allows 3 seconds); every delivery is claimed in the database first, so Slack's
// retries and replays never act twice, even across a restart or on another replica.
// Only the bot token's own team (auth.test names it) and the teams in SLACK_TEAM_IDS are served: anyone else is told
// their workspace is not connected, and nothing is stored. Slack being unreachable at start (or the token revoked)
// does not stop Starling: auth.test is retried with backoff and /healthz says "slack": "degraded" meanwhile. With the
// database away, the member is asked to try again and the claim is given back, so a retry acts.

import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  App,
  type Logger as BoltLogger,
  HTTPReceiver,
  LogLevel,
  type SlashCommand,
  SocketModeReceiver,
  webApi,
} from "@slack/bolt";
import { z } from "zod";
import type { Config } from "../config.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { createDeliveryGuard, type WorkOutcome } from "../deliveries/guard.js";
import { isTryAgain, tryAgainMessage } from "../deliveries/outage.js";
import type { DeliveryRepository } from "../deliveries/repository.js";
import { type Locale, t } from "../domain/i18n.js";
import { CHECK_TIMEOUT_MS, type PlatformHealth, superviseCheck } from "../http/health.js";
import { DEFAULT_MAX_BODY_BYTES, type HttpServer, readBody } from "../http/server.js";
import { bootstrapMessage, notConnectedMessage, unknownUserMessage } from "../identity/messages.js";
import type { IdentityService, PlatformProfile } from "../identity/service.js";
import { answerUnknownUser } from "../identity/unknown-user.js";
import type { Logger } from "../log.js";
import type { MemberProfile } from "../members/types.js";
import type { Dispatcher } from "./dispatcher.js";
import { homeBlocks } from "./home.js";
import type { OutgoingMessage } from "./message.js";
import { createSlackPlatform, type SlackPlatform } from "./slack-platform.js";
import {
  FORM_CALLBACK_PREFIX,
  neutralActionId,
  renderSlackHome,
  renderSlackMessage,
  renderSlackModal,
} from "./slack-render.js";
import { postToResponseUrl } from "./slack-respond.js";
import { verifySlackSignature } from "./slack-signature.js";
import type { UploadHandler } from "./uploads.js";
import { createWorkQueue } from "./work-queue.js";

/** The validated Slack part of the environment (src/config.ts). */
export type SlackConfig = NonNullable<Config["slack"]>;

export interface SlackAdapterDeps<Services> {
  config: SlackConfig;
  http: HttpServer;
  dispatcher: Dispatcher<Services>;
  identity: IdentityService;
  deliveries: DeliveryRepository;
  clock: () => { toFormat(format: string): string };
  log: Logger;
  /** Where the adapter reports whether Slack answers (GET /healthz). */
  health: PlatformHealth;
  /** What to do with a file a member shares with the bot (import it). */
  onFile?: UploadHandler;
}

export interface SlackAdapter {
  platform: SlackPlatform;
  mode: "http" | "socket";
  /** Resolves when every answer being worked on after its ack has been sent. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack's largest payloads (a view submission with every block's state) stay well under 100 KB: the server's
 * 1 MB route default bounds /slack/events, and this reader asks for no more.
 */
const MAX_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;
/**
 * One Web API call may take this long: Slack answers in well under a second, and the slowest call we make (a file
 * upload of a large export) fits in 20 s. Without it a half-open connection would hold a reply forever.
 */
export const SLACK_CALL_TIMEOUT_MS = 20_000;
/**
 * A failed call (network error, 5xx, 429) is sent again up to 5 times, 0.5 s, 1 s, 2 s, 4 s, 8 s apart: about 15 s
 * of waiting, long enough for a blip, short enough that a member is not left waiting for minutes.
 */
export const SLACK_SEND_RETRY = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000 };
/** Web API errors that mean the bot token no longer works (revoked, app uninstalled, workspace gone). */
const TOKEN_ERRORS = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"]);
const metadataSchema = z.object({ state: z.string().optional(), channelId: z.string().optional() });
const shareSchema = z.record(z.string(), z.array(z.object({ ts: z.string() }).passthrough()));
/** The parts of files.info's `file` that an import needs. */
const sharedFileSchema = z.object({
  name: z.string(),
  size: z.number().optional(),
  url_private_download: z.string().url(),
  initial_comment: z.object({ comment: z.string() }).partial().optional(),
  shares: z.object({ public: shareSchema.optional(), private: shareSchema.optional() }).optional(),
});

function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.warn(`slack: ${msg.map(String).join(" ")}`),
    error: (...msg: unknown[]) => log.error(`slack: ${msg.map(String).join(" ")}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export async function startSlack<Services>(deps: SlackAdapterDeps<Services>): Promise<SlackAdapter> {
  const { config, dispatcher, identity, deliveries, log } = deps;
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // A 429 pauses the queue for Retry-After and the call is sent again; other failures back off a few times.
    rejectRateLimitedCalls: false,
    retryConfig: SLACK_SEND_RETRY,
    timeout: SLACK_CALL_TIMEOUT_MS,
    logger: boltLogger(log),
  };
  const socketMode = Boolean(config.appToken);
  const receiver = socketMode
    ? // Built here rather than by Bolt so that SLACK_API_URL also applies to apps.connections.open.
      new SocketModeReceiver({
        appToken: config.appToken as string,
        logger: boltLogger(log),
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        // Our own check runs first (both directions of clock skew, constant time); Bolt gets verified bytes.
        signingSecret: config.signingSecret ?? "verified-before-bolt",
        signatureVerification: false,
        endpoints: "/slack/events",
        logger: boltLogger(log),
      });
  // Who the bot token is (auth.test), once Slack has said so; null while Slack cannot be reached.
  let self: { teamId: string; botUserId?: string; botId?: string } | null = null;
  // Our own auth.test, retried with backoff, instead of Bolt's: Bolt calls it once in its constructor and leaves the
  // rejection unhandled when Slack is unreachable (the process ends a minute later), then fails every event.
  const probe = new webApi.WebClient(config.botToken, {
    ...clientOptions,
    // One try per check: the supervisor owns the backoff, and aborts the request at its own timeout.
    retryConfig: { retries: 0 },
    timeout: CHECK_TIMEOUT_MS,
    logger: boltLogger({ ...log, warn: () => {} }),
  });
  let socketUp = false;
  let socketStarting: Promise<void> | null = null;
  const check = superviseCheck({
    platform: "slack",
    health: deps.health,
    log,
    async check() {
      let result: Awaited<ReturnType<typeof probe.auth.test>>;
      try {
        result = await probe.auth.test();
      } catch (error) {
        // A request error wraps fetch's, whose cause says what the network did (ECONNREFUSED, ENOTFOUND, …).
        const network = (error as { original?: { cause?: { code?: unknown; message?: unknown } } }).original?.cause;
        const cause = network?.code ?? network?.message;
        const detail = `${error instanceof Error ? error.message : String(error)}${typeof cause === "string" ? ` (${cause})` : ""}`;
        throw new Error(`auth.test failed: ${detail.slice(0, 200)}`);
      }
      if (!result.team_id) throw new Error("auth.test named no team");
      if (self?.teamId !== result.team_id) {
        log.info(
          `slack: the bot token belongs to team ${result.team_id}; serving it and ${config.allowedTeamIds.length} more`,
        );
      }
      self = { teamId: result.team_id, botUserId: result.user_id, botId: result.bot_id };
      if (socketMode && !socketUp) await connectSocket();
    },
  });

  const app = new App({
    // Bolt asks for the token on every event: ours never calls Slack, so an outage cannot fail it.
    authorize: async () => ({
      botToken: config.botToken,
      botId: self?.botId,
      botUserId: self?.botUserId,
      teamId: self?.teamId,
    }),
    logger: boltLogger(log),
    clientOptions,
    receiver,
  });
  const client = new webApi.WebClient(config.botToken, clientOptions);
  // Slack's answers that mean the token itself no longer works: /healthz says so until auth.test passes again.
  const platform = createSlackPlatform(client, log, (error) => {
    const code = (error as { data?: { error?: unknown } })?.data?.error;
    if (typeof code === "string" && TOKEN_ERRORS.has(code)) check.lost(`Slack refused the bot token (${code})`);
  });
  const work = createWorkQueue({ concurrency: 8, log });
  const guard = createDeliveryGuard({ platform: "slack", deliveries, log });

  /** Socket Mode's connection, started once Slack answers; a start still under way is waited for, not repeated. */
  async function connectSocket(): Promise<void> {
    socketStarting ??= (async () => {
      try {
        await app.start();
        socketUp = true;
        log.info("Slack connected over Socket Mode");
      } finally {
        socketStarting = null;
      }
    })();
    await socketStarting;
  }

  // The allow-list: the token's own team and SLACK_TEAM_IDS. While auth.test has not answered yet, one more
  // attempt is made before a team outside SLACK_TEAM_IDS is turned away.
  const listed = new Set(config.allowedTeamIds);
  identity.admitTenants("slack", async (teamId) => {
    if (listed.has(teamId)) return true;
    if (!self) await check.tryNow();
    return self?.teamId === teamId;
  });

  /** False (logged, with the id an operator would add) for a team Starling does not serve. */
  async function admitted(teamId: string, what: string): Promise<boolean> {
    if (await identity.isAdmitted("slack", teamId)) return true;
    log.warn(
      `slack: refused ${what} from team ${teamId || "(none)"}, which is not on the allow-list (the bot token's own team and SLACK_TEAM_IDS); add it to SLACK_TEAM_IDS to serve it`,
    );
    return false;
  }

  /** Runs `work` once per delivery key (src/deliveries/guard.ts): a repeat is dropped, a failure gives the claim back. */
  const once = (key: string, work: () => Promise<WorkOutcome>, tryAgain?: (reply: OutgoingMessage) => Promise<void>) =>
    guard.once([key], work, tryAgain);

  async function profileOf(userId: string): Promise<PlatformProfile | null> {
    try {
      const { user } = await client.users.info({ user: userId, include_locale: true });
      if (!user) return null;
      return {
        email: user.profile?.email || undefined,
        displayName: user.real_name || user.profile?.display_name || user.name || undefined,
        handle: user.name || undefined,
        locale: user.locale?.toLowerCase().startsWith("zh") ? "zh" : "en",
        timezone: user.tz || undefined,
      };
    } catch (error) {
      // Without users:read(.email) Slack says missing_scope: fall back to the /kpi link flow.
      log.warn(`slack: users.info failed for ${userId}; the user can still link with /kpi link`, error);
      return null;
    }
  }

  async function memberFor(teamId: string, teamName: string, userId: string) {
    // Without a team id (an org-wide app on Enterprise Grid) there is no workspace to bind: treat as unknown.
    if (!teamId) return { workspaceId: "", resolved: null };
    const workspaceId = await identity.resolveWorkspace("slack", teamId, teamName);
    // Checked before the delivery was claimed; a team dropped from the list since then is unknown here.
    if (!workspaceId) return { workspaceId: "", resolved: null };
    const resolved = await identity.resolveMember(workspaceId, "slack", userId, () => profileOf(userId));
    return { workspaceId, resolved };
  }

  async function dmChannel(userId: string): Promise<string> {
    const opened = await client.conversations.open({ users: userId });
    return opened.channel?.id ?? userId;
  }

  /** Sends a reply where the member asked: by response_url (ephemeral or in the channel), else by DM. */
  async function reply(
    msg: OutgoingMessage,
    where: { responseUrl?: string; userId: string; channelId?: string; locale: Locale },
  ): Promise<void> {
    const { pages, files } = renderSlackMessage(msg, where.locale);
    if (!where.responseUrl) {
      await platform.post(where.userId, msg, where.locale);
      return;
    }
    for (const page of pages) {
      await postToResponseUrl(
        where.responseUrl,
        { response_type: msg.ephemeral ? "ephemeral" : "in_channel", replace_original: false, ...page },
        log,
      );
    }
    if (files.length) {
      // Files cannot be ephemeral: a private reply's files go to the member's DM, a public one's to the channel.
      const channel = msg.ephemeral || !where.channelId ? await dmChannel(where.userId) : where.channelId;
      await platform.upload(channel, files);
    }
  }

  /** A reply that carries a form opens it as a modal; if the trigger expired, a button opens it instead. */
  async function deliver(
    msg: OutgoingMessage,
    where: { responseUrl?: string; userId: string; channelId?: string; triggerId?: string; locale: Locale },
  ): Promise<void> {
    if (msg.form && where.triggerId) {
      try {
        await client.views.open({
          trigger_id: where.triggerId,
          view: renderSlackModal(msg.form, { channelId: where.channelId }),
        });
        return;
      } catch (error) {
        log.warn("slack: could not open a modal; sending a button that opens it", error);
      }
    }
    // No trigger, or it expired: the rendered message carries a button that opens the form (slack-render.ts).
    await reply(msg, where);
  }

  const whereOf = (command: SlashCommand) => ({
    responseUrl: command.response_url,
    userId: command.user_id,
    channelId: command.channel_id,
    triggerId: command.trigger_id,
  });

  async function onCommand(command: SlashCommand): Promise<WorkOutcome> {
    const where = whereOf(command);
    const { workspaceId, resolved } = await memberFor(command.team_id, command.team_domain, command.user_id);
    if (!resolved) {
      const answer = await answerUnknownUser(identity, {
        workspaceId,
        platform: "slack",
        userId: command.user_id,
        userLabel: `<@${command.user_id}> (${command.user_name})`,
        text: `${command.command} ${command.text}`,
      });
      await reply(answer, { ...where, locale: "en" });
      return "done";
    }
    const { member } = resolved;
    const locale = member.language;
    if (resolved.bootstrapped) await reply(bootstrapMessage(member), { ...where, locale });
    const replies = await dispatcher.dispatch({
      member,
      text: `${command.command} ${command.text}`,
      platform: "slack",
      // DM channel ids start with D; Slack names the conversation "directmessage" there.
      conversation: command.channel_id.startsWith("D") || command.channel_name === "directmessage" ? "direct" : "group",
      eventId: command.trigger_id,
    });
    await guard.afterActing(`the answer to ${command.command}`, async () => {
      for (const msg of replies) await deliver(msg, { ...where, locale });
    });
    return replies.some(isTryAgain) ? "retry" : "done";
  }

  app.command(/.*/, async ({ command, ack }) => {
    await ack();
    work.push(command.command, async () => {
      const answer = (msg: OutgoingMessage) => reply(msg, { ...whereOf(command), locale: "en" });
      if (!(await admitted(command.team_id, `${command.command} by ${command.user_id}`))) {
        await answer(notConnectedMessage());
        return;
      }
      await once(`command:${command.trigger_id}`, () => onCommand(command), answer);
    });
  });

  app.action(/.*/, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== "block_actions" || !("action_id" in action)) return;
    const button = action as { action_id: string; value?: string; action_ts?: string };
    const key = `action:${body.trigger_id}:${button.action_ts ?? button.action_id}`;
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const responseUrl = body.response_url;
    const answer = async (msg: OutgoingMessage) => {
      if (responseUrl) await reply(msg, { responseUrl, userId: body.user.id, locale: "en" });
    };
    work.push(button.action_id, async () => {
      if (!(await admitted(teamId, `a click on ${button.action_id} by ${body.user.id}`))) {
        await answer(notConnectedMessage());
        return;
      }
      await once(
        key,
        async () => {
          const { resolved } = await memberFor(teamId, body.team?.domain ?? "", body.user.id);
          if (!resolved) {
            await answer(unknownUserMessage());
            return "done";
          }
          const { member } = resolved;
          const locale = member.language;
          const result = await dispatcher.dispatchAction({
            member,
            actionId: neutralActionId(button.action_id),
            value: button.value ?? "",
            platform: "slack",
            eventId: body.trigger_id,
          });
          const channelId = body.channel?.id ?? body.container?.channel_id;
          if (result.form) {
            await deliver(result, {
              responseUrl,
              userId: member.slackUserId ?? body.user.id,
              channelId,
              triggerId: body.trigger_id,
              locale,
            });
            return "done";
          }
          const container = body.container as
            | { type?: string; message_ts?: string; is_ephemeral?: boolean }
            | undefined;
          if (container?.type === "message" && !result.ephemeral) {
            // The click's outcome replaces the message that held the button ("Undone", "Acknowledged by …").
            const [page] = renderSlackMessage(result, locale).pages;
            await guard.afterActing(`the update after a click on ${button.action_id}`, async () => {
              if (container.is_ephemeral && responseUrl) {
                await postToResponseUrl(responseUrl, { replace_original: true, ...page }, log);
              } else if (channelId && container.message_ts && page) {
                await client.chat.update({
                  channel: channelId,
                  ts: container.message_ts,
                  text: page.text,
                  blocks: page.blocks,
                });
              }
            });
            return "done";
          }
          await guard.afterActing(`the answer to a click on ${button.action_id}`, async () => {
            await reply(result, { responseUrl, userId: body.user.id, channelId, locale });
            if (container?.type === "view") await publishHome(member);
          });
          return isTryAgain(result) ? "retry" : "done";
        },
        answer,
      );
    });
  });

  app.view(/.*/, async ({ ack, body, view }) => {
    if (!view.callback_id.startsWith(FORM_CALLBACK_PREFIX)) {
      await ack();
      log.info(`slack: ignored the submission of a modal Starling did not open (${view.callback_id})`);
      return;
    }
    const formId = view.callback_id.slice(FORM_CALLBACK_PREFIX.length);
    const firstBlock = view.blocks.find((b) => b.type === "input")?.block_id ?? "answer";
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    // Answered inside Slack's 3 seconds, so the modal shows why it did not close.
    const showError = (text: string) => ack({ response_action: "errors", errors: { [firstBlock]: text } });
    if (!(await admitted(teamId, `a form by ${body.user.id}`))) {
      await showError(notConnectedMessage().text);
      return;
    }
    let resolved: Awaited<ReturnType<typeof memberFor>>["resolved"];
    try {
      ({ resolved } = await memberFor(teamId, body.team?.domain ?? "", body.user.id));
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn("slack: the database is unavailable; a form was not saved and the member was asked to try again", error);
      await showError(tryAgainMessage("both").text);
      return;
    }
    if (!resolved) {
      await ack({ response_action: "errors", errors: { [firstBlock]: t("en", "link.unknown_user") } });
      return;
    }
    const values: Record<string, string> = {};
    for (const [blockId, inputs] of Object.entries(view.state.values)) {
      const input = Object.values(inputs)[0];
      values[blockId] = input?.value ?? input?.selected_option?.value ?? "";
    }
    let meta: z.infer<typeof metadataSchema> = {};
    try {
      meta = metadataSchema.parse(JSON.parse(view.private_metadata || "{}"));
    } catch {
      log.warn("slack: a modal came back with metadata we did not write; ignoring it");
    }
    const result = await dispatcher.submitForm({
      member: resolved.member,
      formId,
      values,
      state: meta.state,
      platform: "slack",
      eventId: `view:${view.id}`,
    });
    if (!result.ok) {
      // Slack shows each message under its field and keeps the modal open; nothing was saved.
      await ack({ response_action: "errors", errors: result.errors });
      return;
    }
    await ack();
    await platform.post(body.user.id, result.message, resolved.member.language);
  });

  async function publishHome(member: MemberProfile): Promise<void> {
    if (!member.slackUserId) return;
    const blocks = await homeBlocks(dispatcher, member, "slack", deps.clock().toFormat("yyyy-MM-dd HH:mm"));
    await client.views.publish({ user_id: member.slackUserId, view: renderSlackHome(blocks, member.language) });
  }

  app.event("app_home_opened", async ({ event, body }) => {
    if (event.tab !== "home") return;
    work.push("app_home_opened", async () => {
      if (!(await admitted(body.team_id, `the App Home of ${event.user}`))) {
        await client.views.publish({ user_id: event.user, view: renderSlackHome(notConnectedMessage().blocks, "en") });
        return;
      }
      await once(`event:${body.event_id}`, async () => {
        const { resolved } = await memberFor(body.team_id, "", event.user);
        if (resolved) {
          await publishHome(resolved.member);
          return "done";
        }
        await client.views.publish({ user_id: event.user, view: renderSlackHome(unknownUserMessage().blocks, "en") });
        return "done";
      });
    });
  });

  // A file shared with the bot (in its DM or a channel it is in): downloaded with the bot token and handed to the
  // importer, which answers in the share's thread. Files from people Starling does not know (and its own uploads)
  // are left alone.
  app.event("file_shared", async ({ event, body }) => {
    const onFile = deps.onFile;
    if (!onFile) return;
    work.push("file_shared", async () => {
      if (!(await admitted(body.team_id, `a file from ${event.user_id}`))) return;
      await once(`event:${body.event_id}`, async () => {
        const { resolved } = await memberFor(body.team_id, "", event.user_id);
        if (!resolved) {
          log.info(`slack: ignored a file from ${event.user_id}, who is not a known member`);
          return "done";
        }
        const info = await client.files.info({ file: event.file_id });
        const file = sharedFileSchema.parse(info.file);
        const channel = event.channel_id;
        const share = file.shares?.public?.[channel]?.[0] ?? file.shares?.private?.[channel]?.[0];
        const member = resolved.member;
        await onFile({
          platform: "slack",
          member,
          fileName: file.name,
          sizeBytes: file.size ?? null,
          text: file.initial_comment?.comment ?? "",
          async open() {
            const res = await fetch(file.url_private_download, {
              headers: { authorization: `Bearer ${config.botToken}` },
            });
            if (!res.ok || !res.body) throw new Error(`download of ${file.name} failed: HTTP ${res.status}`);
            return Readable.fromWeb(res.body as WebReadableStream);
          },
          reply: (msg) => platform.post(channel, msg, member.language, share?.ts),
          update: (ref, msg) => platform.update(ref, msg),
        });
        return "done";
      });
    });
  });

  app.error(async (error) => log.error("slack: unhandled error in a listener", error));

  // Start-up waits for the first auth.test (at most its timeout), never for Slack to come back.
  await check.firstAttempt;
  const stopChecks = () => {
    check.stop();
    guard.stop();
  };

  if (socketMode) {
    // Connected by the check once Slack answers (the first attempt, or a later one).
    return {
      platform,
      mode: "socket",
      idle: work.idle,
      stop: async () => {
        stopChecks();
        // A connection still being attempted is told to give up too (the client stops reconnecting).
        if (socketUp || socketStarting) {
          await app.stop().catch((error: unknown) => log.warn("slack: Socket Mode did not close cleanly", error));
        }
        await work.idle();
      },
    };
  }

  const signingSecret = config.signingSecret as string;
  const http = receiver as HTTPReceiver;
  deps.http.add({
    method: "POST",
    path: "/slack/events",
    async handler(req, res) {
      const raw = await readBody(req, MAX_BODY_BYTES);
      // Signatures are checked against the real wall clock (Slack's clock), not the app's business clock.
      const check = verifySlackSignature({
        signingSecret,
        rawBody: raw,
        timestamp: req.headers["x-slack-request-timestamp"] as string | undefined,
        signature: req.headers["x-slack-signature"] as string | undefined,
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      if (!check.ok) {
        log.warn(`slack: rejected a request to /slack/events: ${check.reason}`);
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "invalid_signature" }));
        return;
      }
      // Bolt reads a body that is already buffered from rawBody instead of the (consumed) stream.
      Object.assign(req, { rawBody: raw });
      http.requestListener(req, res);
    },
  });
  log.info("Slack served over HTTP at /slack/events");
  return {
    platform,
    mode: "http",
    idle: work.idle,
    stop: async () => {
      stopChecks();
      await work.idle();
    },
  };
}
