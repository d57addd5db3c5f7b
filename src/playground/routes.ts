// The playground's HTTP API: what the page, the tests and scripts use to talk to Starling without Slack or Lark.
// Mounted only when the configuration turns the playground on (never beside Slack or Lark); every route first passes
// the guard (Host, Origin, Content-Type) in guard.ts.
import { z } from "zod";
import type { Dispatcher } from "../chat/dispatcher.js";
import { renderHtml } from "../chat/html.js";
import type { OutgoingMessage } from "../chat/message.js";
import { HttpError, type HttpServer, type RawHandler, readJson, sendHtml, sendJson } from "../http/server.js";
import type { MemberRepository } from "../members/repository.js";
import type { ScheduledJob } from "../scheduling/job.js";
import { checkPlaygroundRequest } from "./guard.js";
import { playgroundPage } from "./page.js";
import type { Playground, PlaygroundPost } from "./platform.js";
import type { TargetRun } from "./run-job.js";

const commandBody = z.object({
  as: z.string().trim().min(1, 'name a demo member by handle, e.g. "sari"'),
  text: z.string().max(4000, "commands are at most 4,000 characters"),
});
const actionBody = z.object({
  as: z.string().trim().min(1, "name a demo member by handle"),
  actionId: z.string().min(1),
  value: z.string().default(""),
});
const formBody = z.object({
  as: z.string().trim().min(1, "name a demo member by handle"),
  formId: z.string().trim().min(1, 'name a form, e.g. "standup.answer"'),
  values: z.record(z.string(), z.string().max(4000, "answers are at most 4,000 characters")),
  state: z.string().max(200).optional(),
});
const runBody = z.object({ job: z.string().trim().min(1, 'name a job, e.g. "morning-digest"') });

/** What the API returns for a message: the plain text, the neutral blocks (images as base64) and the HTML. */
export function serializeMessage(message: OutgoingMessage) {
  return {
    text: message.text,
    ephemeral: message.ephemeral ?? false,
    blocks: message.blocks.map((block) =>
      block.type === "image" && block.png ? { ...block, png: Buffer.from(block.png).toString("base64") } : block,
    ),
    files: (message.files ?? []).map((f) => ({ name: f.name, mimeType: f.mimeType, bytes: f.content.byteLength })),
    html: renderHtml(message),
    form: message.form ?? null,
  };
}

const serializePost = (post: PlaygroundPost) => ({
  to: post.to,
  kind: post.kind,
  at: post.at,
  ...serializeMessage(post.message),
});

export interface PlaygroundDeps<Services> {
  http: HttpServer;
  members: MemberRepository;
  dispatcher: Dispatcher<Services>;
  playground: Playground;
  jobs: ScheduledJob<Services>[];
  /** Runs a job now for each of its targets, through the JobRun claims (run-job.ts). */
  runJob(job: ScheduledJob<Services>): Promise<{ runs: TargetRun[]; summary: string[] }>;
  /** The address the server listens on: besides loopback names, the only Host the guard lets through. */
  boundHost: string;
}

/** The page may not be framed by another site, where a visitor's clicks would run commands (clickjacking). */
const PAGE_HEADERS = { "x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'" };

export function mountPlayground<Services>(deps: PlaygroundDeps<Services>): void {
  const { members } = deps;
  // Every playground route checks who is asking before it reads a byte of the body.
  const http = {
    add(route: { method: "GET" | "POST"; path: string; handler: RawHandler }) {
      deps.http.add({
        ...route,
        async handler(req, res) {
          checkPlaygroundRequest(req, deps.boundHost);
          await route.handler(req, res);
        },
      });
    },
  };
  // The playground's workspace never changes once it exists: look it up once, not on every command.
  let workspaceId: string | null = null;
  const playgroundWorkspace = async () => {
    workspaceId ??= await members.playgroundWorkspaceId();
    return workspaceId;
  };

  async function memberOrFail(handle: string) {
    const workspaceId = await playgroundWorkspace();
    if (!workspaceId) throw new HttpError(409, "There is no workspace yet: start with DEMO_DATA=on to load the demo");
    const member = await members.findByHandle(workspaceId, handle);
    if (!member) {
      const known = (await members.listActive(workspaceId)).map((m) => m.handle).join(", ");
      throw new HttpError(404, `Unknown member "${handle}". Members: ${known}`);
    }
    return member;
  }

  http.add({
    method: "GET",
    path: "/playground",
    handler: (_req, res) =>
      sendHtml(
        res,
        200,
        playgroundPage(deps.jobs.map((j) => ({ name: j.name, description: j.description }))),
        PAGE_HEADERS,
      ),
  });

  http.add({
    method: "GET",
    path: "/api/playground/members",
    async handler(_req, res) {
      const workspaceId = await playgroundWorkspace();
      const list = workspaceId ? await members.listActive(workspaceId) : [];
      sendJson(res, 200, {
        members: list.map((m) => ({
          handle: m.handle,
          name: m.displayName,
          role: m.role,
          team: m.team?.slug ?? null,
          language: m.language,
          timezone: m.timezone,
        })),
      });
    },
  });

  http.add({
    method: "POST",
    path: "/api/playground/command",
    async handler(req, res) {
      const body = await readJson(req, commandBody);
      const member = await memberOrFail(body.as);
      const { result, posts } = await deps.playground.capture(() =>
        // The playground is one person at their own screen: a direct conversation.
        deps.dispatcher.dispatch({ member, text: body.text, platform: "playground", conversation: "direct" }),
      );
      sendJson(res, 200, { messages: result.map(serializeMessage), posts: posts.map(serializePost) });
    },
  });

  http.add({
    method: "POST",
    path: "/api/playground/action",
    async handler(req, res) {
      const body = await readJson(req, actionBody);
      const member = await memberOrFail(body.as);
      const { result, posts } = await deps.playground.capture(() =>
        deps.dispatcher.dispatchAction({ member, actionId: body.actionId, value: body.value, platform: "playground" }),
      );
      sendJson(res, 200, { messages: [serializeMessage(result)], posts: posts.map(serializePost) });
    },
  });

  // A submitted form. Answers the form cannot take come back per field with 200: they are a normal reply that
  // the page shows next to the fields, not a failed request.
  http.add({
    method: "POST",
    path: "/api/playground/form",
    async handler(req, res) {
      const body = await readJson(req, formBody);
      const member = await memberOrFail(body.as);
      const { result, posts } = await deps.playground.capture(() =>
        deps.dispatcher.submitForm({
          member,
          formId: body.formId,
          values: body.values,
          state: body.state,
          platform: "playground",
        }),
      );
      if (!result.ok) {
        sendJson(res, 200, { ok: false, errors: result.errors });
        return;
      }
      sendJson(res, 200, { ok: true, messages: [serializeMessage(result.message)], posts: posts.map(serializePost) });
    },
  });

  http.add({
    method: "POST",
    path: "/api/playground/run",
    async handler(req, res) {
      const body = await readJson(req, runBody);
      const job = deps.jobs.find((j) => j.name === body.job);
      if (!job) {
        const known = deps.jobs.map((j) => j.name).join(", ") || "none yet";
        throw new HttpError(404, `Unknown job "${body.job}". Jobs: ${known}`);
      }
      const { result, posts } = await deps.playground.capture(() => deps.runJob(job));
      sendJson(res, 200, {
        job: job.name,
        summary: result.summary,
        runs: result.runs,
        posts: posts.map(serializePost),
      });
    },
  });

  http.add({
    method: "GET",
    path: "/api/playground/feed",
    handler: (_req, res) => sendJson(res, 200, { posts: deps.playground.recent().map(serializePost) }),
  });
}
