// Starts a real Starling (HTTP server, database, demo data) for end-to-end tests, and speaks to it as a member.
import { DateTime } from "luxon";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { type Starling, startStarling } from "../../src/main.js";
import { serializeMessage } from "../../src/playground/routes.js";
import { type DatabaseKind, emptyDatabaseConfig } from "./databases.js";

/** A fixed "now": Monday 23 Nov 2026, 10:00 in Jakarta. */
export const FIXED_NOW = DateTime.fromISO("2026-11-23T03:00:00Z", { zone: "utc" });

/** A clock tests can move. */
export interface TestClock {
  now: DateTime;
  (): DateTime;
}

export function testClock(start: DateTime = FIXED_NOW): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = start;
  return clock;
}

export async function startTestApp(
  kind: DatabaseKind,
  options: {
    demo?: boolean;
    env?: Record<string, string>;
    clock?: TestClock;
    /** Tick scheduled jobs every minute, as in production. Off by default: tests call app.scheduler.tick(). */
    scheduler?: boolean;
    /** Reuse a database (a restart); otherwise a fresh empty one. */
    database?: Awaited<ReturnType<typeof emptyDatabaseConfig>>;
  } = {},
): Promise<Starling> {
  const database = options.database ?? (await emptyDatabaseConfig(kind));
  const config = loadConfig({ PORT: "0", DEMO_DATA: options.demo === false ? "off" : "on", ...options.env });
  const clock = options.clock ?? testClock();
  return startStarling(
    { ...config, database },
    { clock, logger: silentLogger, host: "127.0.0.1", scheduler: options.scheduler ?? false },
  );
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON replies and assert on them.
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * The demo member a test acts as, for an app without the playground (Slack or Lark configured): the same lookup the
 * playground makes (its workspace, then the handle).
 */
async function memberOf(app: Starling, handle: string) {
  const members = app.services.members;
  const workspaceId = await members.playgroundWorkspaceId();
  const member = workspaceId ? await members.findByHandle(workspaceId, handle) : null;
  if (!member) throw new Error(`no member @${handle} in the demo workspace`);
  return member;
}

type Reply = {
  messages: {
    text: string;
    blocks: { type: string; buttons?: { actionId: string; value: string }[] }[];
    html: string;
    ephemeral: boolean;
  }[];
};

/**
 * A command typed by a demo member, as in a DM with the bot: through the playground API when the app serves it,
 * else straight into the app's dispatcher, with the replies serialised as the playground would (posts are not
 * captured then: they went to Slack or Lark).
 */
export async function command(app: Starling, as: string, text: string): Promise<Reply> {
  if (!app.playground) {
    const replies = await app.dispatcher.dispatch({
      member: await memberOf(app, as),
      text,
      platform: "playground",
      conversation: "direct",
    });
    return { messages: replies.map(serializeMessage) };
  }
  const { status, body } = await postJson(`${app.url}/api/playground/command`, { as, text });
  if (status !== 200) throw new Error(`command failed ${status}: ${JSON.stringify(body)}`);
  return body as Reply;
}

/** A button clicked by a demo member (the playground API, or the dispatcher without it, like `command`). */
export async function action(app: Starling, as: string, actionId: string, value: string) {
  if (!app.playground) {
    const reply = await app.dispatcher.dispatchAction({
      member: await memberOf(app, as),
      actionId,
      value,
      platform: "playground",
    });
    return { messages: [serializeMessage(reply)] };
  }
  const { status, body } = await postJson(`${app.url}/api/playground/action`, { as, actionId, value });
  if (status !== 200) throw new Error(`action failed ${status}: ${JSON.stringify(body)}`);
  return body as { messages: { text: string }[] };
}

/** A post the playground delivered (its feed): where it went, how, its text and its blocks' buttons. */
export interface FeedPost {
  to: string;
  kind: "dm" | "channel" | "update";
  text: string;
  blocks: { type: string; buttons?: { actionId: string; value: string }[] }[];
}

/** Everything the playground has posted so far, oldest first. */
export async function playgroundFeed(app: Starling): Promise<FeedPost[]> {
  return ((await (await fetch(`${app.url}/api/playground/feed`)).json()) as { posts: FeedPost[] }).posts;
}

/** A team by its slug, or a clear failure. */
export async function teamBySlug(app: Starling, slug: string) {
  const found = (await app.services.members.allTeams()).find((t) => t.slug === slug);
  if (!found) throw new Error(`no team ${slug}`);
  return found;
}
