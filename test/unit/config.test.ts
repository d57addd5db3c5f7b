import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../../src/config.js";

function problems(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("starts on the embedded database with demo data and port 3000 when nothing is set", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "pglite", dataDir: "./data" });
    expect(config.demoData).toBe(true);
    expect(config.slack).toBeUndefined();
    expect(config.lark).toBeUndefined();
  });

  it("switches to PostgreSQL when DATABASE_URL is a postgres URL", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u:p@127.0.0.1:5432/starling" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u:p@127.0.0.1:5432/starling" });
  });

  it("names the variable and what it expects for a wrong value", () => {
    const error = problems({ PORT: "eighty", DATABASE_URL: "mysql://x", DEMO_DATA: "maybe" });
    const byVariable = Object.fromEntries(error.problems.map((p) => [p.variable, p.expected]));
    expect(byVariable.PORT).toMatch(/port number/);
    expect(byVariable.DATABASE_URL).toMatch(/PostgreSQL URL/);
    expect(byVariable.DEMO_DATA).toMatch(/"on" or "off"/);
    expect(error.message).toContain("PORT");
  });

  it("never echoes a secret value in its errors", () => {
    const error = problems({ SLACK_BOT_TOKEN: "not-a-bot-token-SECRET123", LARK_APP_ID: "cli_123" });
    expect(error.message).not.toContain("SECRET123");
    expect(error.message).toMatch(/SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
    expect(error.message).toMatch(/LARK_APP_SECRET/);
  });

  it("starts Slack only with its credentials, and Lark only with both of its own", () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s3cret",
      LARK_APP_ID: "cli_a1b2c3d4e5f60718",
      LARK_APP_SECRET: "lark-secret",
      LARK_VERIFICATION_TOKEN: "v-token",
    });
    expect(config.slack?.signingSecret).toBe("s3cret");
    expect(config.lark?.appId).toBe("cli_a1b2c3d4e5f60718");
    const described = describeConfig(config);
    expect(described).toContain("Slack, Lark");
    expect(described).not.toContain("s3cret");
    expect(described).not.toContain("lark-secret");
  });

  it("asks for Lark's verification token when events come over HTTP, not over the long connection", () => {
    const base = { LARK_APP_ID: "cli_a1b2c3d4e5f60718", LARK_APP_SECRET: "lark-secret" };
    expect(problems(base).problems.map((p) => p.variable)).toEqual(["LARK_VERIFICATION_TOKEN"]);
    expect(loadConfig({ ...base, LARK_CONNECTION: "websocket" }).lark?.connection).toBe("websocket");
    expect(problems({ ...base, LARK_CONNECTION: "ws" }).problems.map((p) => p.variable)).toContain("LARK_CONNECTION");
    expect(loadConfig({ ...base, LARK_VERIFICATION_TOKEN: "v" }).lark?.maxMessageAgeSeconds).toBe(600);
  });

  it("refuses half a Slack configuration", () => {
    expect(problems({ SLACK_SIGNING_SECRET: "x" }).problems.map((p) => p.variable)).toContain("SLACK_BOT_TOKEN");
  });
});
