// The environment, validated once at start-up. A wrong value stops Starling with a message that names the
// variable and what it expects; secrets have no defaults and are never printed.
import { z } from "zod";
import { TIKTOK_OPEN_API_BASE_URL } from "./tiktok/client.js";
import { TIKTOK_AUTH_BASE_URL } from "./tiktok/token.js";

const optionalSecret = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal("").transform(() => undefined));

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .url({ message: `expected ${what}` })
    .optional()
    .or(z.literal("").transform(() => undefined));

/**
 * STARLING_SECRET_KEY: the AES-256 key that encrypts stored TikTok Shop tokens, 32 random bytes written as 64 hex
 * characters or as base64 (`openssl rand -hex 32`). Decoded here so a wrong length stops start-up, not the first
 * connect.
 */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  return null;
}

/** A comma-separated list of platform ids (Slack team ids, Lark tenant keys); blanks are dropped. */
const idList = (pattern: RegExp, example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean)
        : [],
    )
    .refine((ids) => ids.every((id) => pattern.test(id)), {
      message: `expected a comma-separated list like ${example}`,
    });

const SECRET_KEY_EXPECTED = "expected 32 random bytes as 64 hex characters or base64 (openssl rand -hex 32)";

const envSchema = z
  .object({
    PORT: z.coerce
      .number({ message: "expected a port number between 1 and 65535" })
      .int({ message: "expected a whole port number between 1 and 65535" })
      .min(0, { message: "expected a port number between 1 and 65535" })
      .max(65535, { message: "expected a port number between 1 and 65535" })
      .default(3000),
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/, { message: "expected a PostgreSQL URL like postgres://user:pass@host:5432/db" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    // Loopback by default: a fresh `npm start` is reachable only from this machine. Containers and hosts behind
    // a reverse proxy set HOST=0.0.0.0 on purpose (README "Deploy safely").
    HOST: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F:.]+$|^localhost$/, {
        message: "expected an IP address to listen on, like 127.0.0.1 or 0.0.0.0",
      })
      .default("127.0.0.1"),
    // The playground acts as any member without a password: it is a development tool. "auto" serves it only when
    // no chat platform is configured and HOST is a loopback address; it never runs beside Slack or Lark.
    PLAYGROUND: z.enum(["auto", "on", "off"], { message: 'expected "auto", "on" or "off"' }).default("auto"),
    DATA_DIR: z.string().trim().min(1, { message: "expected a directory path" }).default("./data"),
    DEMO_DATA: z.enum(["on", "off"], { message: 'expected "on" or "off"' }).default("on"),
    LOG_LEVEL: z
      .enum(["debug", "info", "warn", "error"], { message: "expected debug, info, warn or error" })
      .default("info"),
    SLACK_BOT_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith("xoxb-"), {
      message: "expected a bot token starting with xoxb-",
    }),
    SLACK_SIGNING_SECRET: optionalSecret,
    SLACK_APP_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith("xapp-"), {
      message: "expected an app-level token starting with xapp-",
    }),
    SLACK_API_URL: optionalUrl("a URL like https://slack.com/api/"),
    // Slack workspaces (team ids) Starling serves besides the bot token's own, which auth.test names at start.
    SLACK_TEAM_IDS: idList(/^[TE][A-Z0-9]{2,}$/, "T0123ABCD,T0456EFGH"),
    LARK_APP_ID: optionalSecret.refine((v) => v === undefined || /^cli_[0-9a-f]{16}$/i.test(v), {
      message: "expected an App ID like cli_a1b2c3d4e5f60718 (Credentials & Basic Info)",
    }),
    LARK_APP_SECRET: optionalSecret,
    LARK_VERIFICATION_TOKEN: optionalSecret,
    LARK_ENCRYPT_KEY: optionalSecret,
    // Lark tenants (tenant_key) Starling serves: nobody else binds a workspace, whatever they send.
    LARK_TENANT_KEYS: idList(/^[A-Za-z0-9_-]{4,64}$/, "736588c9260f175d,2ed263bf32cf1651"),
    LARK_DOMAIN: optionalUrl("a URL like https://open.larksuite.com or https://open.feishu.cn"),
    LARK_CONNECTION: z
      .enum(["http", "websocket"], { message: 'expected "http" (events POSTed to /lark/events) or "websocket"' })
      .default("http"),
    LARK_MAX_MESSAGE_AGE_SECONDS: z.coerce
      .number({ message: "expected a number of seconds" })
      .int({ message: "expected a whole number of seconds" })
      .min(10, { message: "expected at least 10 seconds" })
      .default(600),
    TIKTOK_APP_KEY: optionalSecret,
    TIKTOK_APP_SECRET: optionalSecret,
    TIKTOK_API_URL: optionalUrl("a URL like https://open-api.tiktokglobalshop.com"),
    TIKTOK_AUTH_URL: optionalUrl("a URL like https://auth.tiktok-shops.com"),
    STARLING_SECRET_KEY: optionalSecret.refine((v) => v === undefined || parseSecretKey(v) !== null, {
      message: SECRET_KEY_EXPECTED,
    }),
  })
  .superRefine((env, ctx) => {
    // A platform with half its credentials would fail later in a confusing way: say so now.
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "expected the Slack signing secret (or SLACK_APP_TOKEN for Socket Mode) when SLACK_BOT_TOKEN is set",
      });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "expected a bot token starting with xoxb- when other Slack credentials are set",
      });
    }
    if (env.LARK_APP_ID && env.LARK_CONNECTION === "http" && !env.LARK_VERIFICATION_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["LARK_VERIFICATION_TOKEN"],
        message:
          "expected the app's Verification Token (Events & Callbacks → Encryption Strategy) when Lark events come over HTTP",
      });
    }
    // Without an Encrypt Key Lark signs nothing: over HTTP the only check left would be a token anyone who saw one
    // event knows, so a forged event could act as any member. The long connection is authenticated by the SDK.
    if (env.LARK_APP_ID && env.LARK_CONNECTION === "http" && !env.LARK_ENCRYPT_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["LARK_ENCRYPT_KEY"],
        message:
          "expected the app's Encrypt Key (Events & Callbacks → Encryption Strategy) when Lark events come over HTTP: without it a forged event cannot be told from Lark's",
      });
    }
    if (env.LARK_APP_ID && env.LARK_TENANT_KEYS.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["LARK_TENANT_KEYS"],
        message:
          "expected the tenant key(s) of the Lark organisation(s) Starling serves, comma-separated (a refused event logs its tenant key)",
      });
    }
    if (env.PLAYGROUND === "on" && (env.SLACK_BOT_TOKEN || env.LARK_APP_ID)) {
      ctx.addIssue({
        code: "custom",
        path: ["PLAYGROUND"],
        message:
          "expected off or auto while Slack or Lark is configured: the playground acts as any member without a password",
      });
    }
    if (Boolean(env.LARK_APP_ID) !== Boolean(env.LARK_APP_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.LARK_APP_ID ? "LARK_APP_SECRET" : "LARK_APP_ID"],
        message: "expected LARK_APP_ID and LARK_APP_SECRET to be set together",
      });
    }
    if (Boolean(env.TIKTOK_APP_KEY) !== Boolean(env.TIKTOK_APP_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.TIKTOK_APP_KEY ? "TIKTOK_APP_SECRET" : "TIKTOK_APP_KEY"],
        message: "expected TIKTOK_APP_KEY and TIKTOK_APP_SECRET to be set together (Partner Center → App & Service)",
      });
    }
    // Sellers' tokens are stored encrypted; without a key there is nothing to encrypt them with.
    if (env.TIKTOK_APP_KEY && env.TIKTOK_APP_SECRET && !env.STARLING_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["STARLING_SECRET_KEY"],
        message: `${SECRET_KEY_EXPECTED}, to encrypt TikTok Shop tokens, when TIKTOK_APP_KEY is set`,
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface Config {
  port: number;
  /** The address the HTTP server listens on (127.0.0.1 unless HOST says otherwise). */
  host: string;
  /** Serve /playground and /api/playground/*: only without Slack and Lark. */
  playground: boolean;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  demoData: boolean;
  logLevel: Env["LOG_LEVEL"];
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    /** Team ids allowed besides the bot token's own (learnt from auth.test). */
    allowedTeamIds: string[];
  };
  lark?: {
    appId: string;
    appSecret: string;
    verificationToken?: string;
    encryptKey?: string;
    domain?: string;
    /** The only tenants whose events may bind or reach a workspace. */
    allowedTenantKeys: string[];
    connection: "http" | "websocket";
    maxMessageAgeSeconds: number;
  };
  /** The TikTok Shop Open API integration: on when the app key and secret are both set. */
  tiktok?: {
    appKey: string;
    appSecret: string;
    /** Open API base URL (TikTok's global host unless set). */
    apiUrl: string;
    /** Auth host of the token refresh. */
    authUrl: string;
    /** 32 bytes: the AES-256-GCM key of the stored tokens. */
    secretKey: Buffer;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; expected: string }[]) {
    super(
      `Starling cannot start: the environment is not valid.\n${problems
        .map((p) => `  ${p.variable}: ${p.expected}`)
        .join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    // Only the variable name and the expectation are reported, never the value: it may be a secret.
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        expected: issue.message,
      })),
    );
  }
  const env = parsed.data;
  const chatConfigured = Boolean(env.SLACK_BOT_TOKEN || env.LARK_APP_ID);
  return {
    port: env.PORT,
    host: env.HOST,
    // "auto" also needs a loopback address: exposing the playground beyond this machine takes PLAYGROUND=on.
    playground: !chatConfigured && (env.PLAYGROUND === "on" || (env.PLAYGROUND === "auto" && isLoopbackHost(env.HOST))),
    database: env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL }
      : { kind: "pglite", dataDir: env.DATA_DIR },
    demoData: env.DEMO_DATA === "on",
    logLevel: env.LOG_LEVEL,
    slack: env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          allowedTeamIds: env.SLACK_TEAM_IDS,
        }
      : undefined,
    lark:
      env.LARK_APP_ID && env.LARK_APP_SECRET
        ? {
            appId: env.LARK_APP_ID,
            appSecret: env.LARK_APP_SECRET,
            verificationToken: env.LARK_VERIFICATION_TOKEN,
            encryptKey: env.LARK_ENCRYPT_KEY,
            domain: env.LARK_DOMAIN,
            allowedTenantKeys: env.LARK_TENANT_KEYS,
            connection: env.LARK_CONNECTION,
            maxMessageAgeSeconds: env.LARK_MAX_MESSAGE_AGE_SECONDS,
          }
        : undefined,
    tiktok:
      env.TIKTOK_APP_KEY && env.TIKTOK_APP_SECRET && env.STARLING_SECRET_KEY
        ? {
            appKey: env.TIKTOK_APP_KEY,
            appSecret: env.TIKTOK_APP_SECRET,
            apiUrl: env.TIKTOK_API_URL ?? TIKTOK_OPEN_API_BASE_URL,
            authUrl: env.TIKTOK_AUTH_URL ?? TIKTOK_AUTH_BASE_URL,
            secretKey: parseSecretKey(env.STARLING_SECRET_KEY) as Buffer,
          }
        : undefined,
  };
}

/** What the start-up log may say about the configuration: which parts are on, never a secret. */
export function describeConfig(config: Config): string {
  const db = config.database.kind === "postgres" ? "PostgreSQL" : `embedded PGlite in ${config.database.dataDir}`;
  const platforms = [config.slack ? "Slack" : null, config.lark ? "Lark" : null].filter(Boolean).join(", ") || "none";
  const tiktok = config.tiktok ? "on" : "off";
  return `database: ${db}; chat platforms: ${platforms}; demo data: ${config.demoData ? "on" : "off"}; TikTok Shop API: ${tiktok}; playground: ${config.playground ? "on" : "off"}; listening on ${config.host}`;
}
