// Socket Mode: with SLACK_APP_TOKEN set, Starling connects out to Slack over a WebSocket instead of serving
// /slack/events, acks each envelope, and answers exactly as in HTTP mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Starling } from "../../src/main.js";
import { startTestApp } from "../support/app.js";
import { DATABASE_KINDS } from "../support/databases.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";

describe.each(DATABASE_KINDS)("Slack Socket Mode on %s", (kind) => {
  let fake: FakeSlack;
  let app: Starling;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.users.set("USARI", { id: "USARI", name: "sari", email: "sari@demo.starling.dev" });
    app = await startTestApp(kind, {
      env: { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_APP_TOKEN: "xapp-1-test", SLACK_API_URL: fake.apiUrl },
    });
    await fake.waitFor(() => fake.socketConnections() > 0, "the Socket Mode connection");
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("connects with the app-level token and does not serve /slack/events", async () => {
    const open = fake.callsTo("apps.connections.open")[0];
    expect(open?.token).toBe("xapp-1-test");
    const res = await fetch(`${app.url}/slack/events`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });

  it("acks a slash command envelope and answers by response_url; a redelivered envelope acts once", async () => {
    const responseUrl = fake.responseUrl();
    const payload = {
      token: "x",
      team_id: "T0STARLING",
      team_domain: "starling-test",
      channel_id: "C0GENERAL",
      channel_name: "general",
      user_id: "USARI",
      user_name: "sari",
      command: "/log",
      text: "video 1",
      api_app_id: "A0STARLING",
      response_url: responseUrl,
      trigger_id: "socket.trigger.1",
    };
    const before = await app.db.prisma.contentLog.count();
    const ack = await fake.sendEnvelope({ type: "slash_commands", payload });
    expect(ack.envelope_id).toMatch(/^env-/);
    const id = responseUrl.split("/").pop();
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.id === id), "the reply");
    expect(reply.body.text).toContain("Logged 1 video");

    await fake.sendEnvelope({ type: "slash_commands", payload, retry_attempt: 1 });
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.responses.filter((r) => r.id === id)).toHaveLength(1);
    expect(await app.db.prisma.contentLog.count()).toBe(before + 1);
  });
});
