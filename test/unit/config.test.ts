import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig, parseSecretKey } from "../../src/config.js";

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
      LARK_ENCRYPT_KEY: "e-key",
      LARK_TENANT_KEYS: "736588c9260f175d",
    });
    expect(config.slack?.signingSecret).toBe("s3cret");
    expect(config.lark?.appId).toBe("cli_a1b2c3d4e5f60718");
    const described = describeConfig(config);
    expect(described).toContain("Slack, Lark");
    expect(described).not.toContain("s3cret");
    expect(described).not.toContain("lark-secret");
  });

  it("asks for Lark's verification token and Encrypt Key when events come over HTTP, not over the long connection", () => {
    const base = { LARK_APP_ID: "cli_a1b2c3d4e5f60718", LARK_APP_SECRET: "lark-secret", LARK_TENANT_KEYS: "t_1234" };
    expect(problems(base).problems.map((p) => p.variable)).toEqual(["LARK_VERIFICATION_TOKEN", "LARK_ENCRYPT_KEY"]);
    expect(problems({ ...base, LARK_VERIFICATION_TOKEN: "v" }).message).toMatch(
      /LARK_ENCRYPT_KEY: expected the app's Encrypt Key .* a forged event cannot be told from Lark's/,
    );
    expect(loadConfig({ ...base, LARK_CONNECTION: "websocket" }).lark?.connection).toBe("websocket");
    expect(problems({ ...base, LARK_CONNECTION: "ws" }).problems.map((p) => p.variable)).toContain("LARK_CONNECTION");
    const http = loadConfig({ ...base, LARK_VERIFICATION_TOKEN: "v", LARK_ENCRYPT_KEY: "e" });
    expect(http.lark?.maxMessageAgeSeconds).toBe(600);
  });

  it("serves only the Slack teams and Lark tenants on the allow-lists, and Lark needs its list", () => {
    const lark = { LARK_APP_ID: "cli_a1b2c3d4e5f60718", LARK_APP_SECRET: "lark-secret", LARK_CONNECTION: "websocket" };
    const missing = problems(lark);
    expect(missing.problems.map((p) => p.variable)).toEqual(["LARK_TENANT_KEYS"]);
    expect(missing.message).toMatch(/a refused event logs its tenant key/);
    expect(
      loadConfig({ ...lark, LARK_TENANT_KEYS: " 736588c9260f175d , 2ed263bf32cf1651," }).lark?.allowedTenantKeys,
    ).toEqual(["736588c9260f175d", "2ed263bf32cf1651"]);
    expect(problems({ ...lark, LARK_TENANT_KEYS: "a b" }).problems.map((p) => p.variable)).toEqual([
      "LARK_TENANT_KEYS",
    ]);
    const slack = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };
    // Without a list, only the bot token's own workspace (auth.test names it at start) is served.
    expect(loadConfig(slack).slack?.allowedTeamIds).toEqual([]);
    expect(loadConfig({ ...slack, SLACK_TEAM_IDS: "T0123ABCD,E0456EFGH" }).slack?.allowedTeamIds).toEqual([
      "T0123ABCD",
      "E0456EFGH",
    ]);
    expect(problems({ ...slack, SLACK_TEAM_IDS: "acme" }).message).toMatch(
      /SLACK_TEAM_IDS: expected a comma-separated list/,
    );
  });

  it("refuses half a Slack configuration", () => {
    expect(problems({ SLACK_SIGNING_SECRET: "x" }).problems.map((p) => p.variable)).toContain("SLACK_BOT_TOKEN");
  });

  describe("TikTok Shop", () => {
    const KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const app = { TIKTOK_APP_KEY: "6abc0app", TIKTOK_APP_SECRET: "tiktok-SECRET-value" };

    it("is off until the app key and secret are both set", () => {
      expect(loadConfig({}).tiktok).toBeUndefined();
      expect(problems({ TIKTOK_APP_KEY: "6abc0app" }).problems.map((p) => p.variable)).toContain("TIKTOK_APP_SECRET");
      expect(problems({ TIKTOK_APP_SECRET: "s" }).problems.map((p) => p.variable)).toContain("TIKTOK_APP_KEY");
    });

    it("uses TikTok's hosts by default and the ones given otherwise, and says it is on", () => {
      const config = loadConfig({ ...app, STARLING_SECRET_KEY: KEY_HEX });
      expect(config.tiktok).toMatchObject({
        appKey: "6abc0app",
        apiUrl: "https://open-api.tiktokglobalshop.com",
        authUrl: "https://auth.tiktok-shops.com",
      });
      expect(config.tiktok?.secretKey.toString("hex")).toBe(KEY_HEX);
      const local = loadConfig({
        ...app,
        STARLING_SECRET_KEY: KEY_HEX,
        TIKTOK_API_URL: "http://127.0.0.1:9000",
        TIKTOK_AUTH_URL: "http://127.0.0.1:9001",
      });
      expect(local.tiktok).toMatchObject({ apiUrl: "http://127.0.0.1:9000", authUrl: "http://127.0.0.1:9001" });
      expect(describeConfig(local)).toContain("TikTok Shop API: on");
      expect(describeConfig(local)).not.toContain("SECRET");
      expect(problems({ ...app, STARLING_SECRET_KEY: KEY_HEX, TIKTOK_API_URL: "nope" }).message).toMatch(
        /TIKTOK_API_URL: expected a URL/,
      );
    });

    it("requires STARLING_SECRET_KEY when it is on, with a clear message", () => {
      const error = problems(app);
      expect(error.problems.map((p) => p.variable)).toEqual(["STARLING_SECRET_KEY"]);
      expect(error.message).toMatch(/STARLING_SECRET_KEY: expected 32 random bytes as 64 hex characters or base64/);
      expect(error.message).not.toContain("tiktok-SECRET-value");
    });

    it("takes the key as 64 hex characters or base64 of 32 bytes, and nothing else", () => {
      const bytes = Buffer.from(KEY_HEX, "hex");
      expect(parseSecretKey(KEY_HEX)?.equals(bytes)).toBe(true);
      expect(parseSecretKey(KEY_HEX.toUpperCase())?.equals(bytes)).toBe(true);
      expect(parseSecretKey(bytes.toString("base64"))?.equals(bytes)).toBe(true);
      expect(parseSecretKey(bytes.toString("base64url"))?.equals(bytes)).toBe(true);
      for (const bad of [
        "short",
        KEY_HEX.slice(2),
        `${KEY_HEX}00`,
        Buffer.alloc(31).toString("base64"),
        "x".repeat(64),
      ]) {
        expect(parseSecretKey(bad), bad).toBeNull();
      }
      const error = problems({ ...app, STARLING_SECRET_KEY: "not-a-KEY-123" });
      expect(error.problems.map((p) => p.variable)).toEqual(["STARLING_SECRET_KEY"]);
      expect(error.message).not.toContain("not-a-KEY-123");
      // A key alone (TikTok off) is still checked, so a typo does not wait for the day TikTok is switched on.
      expect(problems({ STARLING_SECRET_KEY: "short" }).problems.map((p) => p.variable)).toEqual([
        "STARLING_SECRET_KEY",
      ]);
      expect(loadConfig({ STARLING_SECRET_KEY: KEY_HEX }).tiktok).toBeUndefined();
    });
  });
});
