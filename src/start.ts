// `npm start`: read the environment, start Starling, stop cleanly on Ctrl-C or SIGTERM. A promise nobody handled
// is logged and the process carries on (one lost reply must not take the ingest API and the scheduler down); an
// uncaught exception is logged before Node ends the process, since the state it leaves behind is unknown.
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { startStarling } from "./main.js";

const log = createLogger((process.env.LOG_LEVEL as "info") ?? "info");

/** The configured secrets, so that an error which happens to quote one (a URL, a header) is logged without it. */
function secretsOf(config: Config): string[] {
  const values = [
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.lark?.appSecret,
    config.lark?.verificationToken,
    config.lark?.encryptKey,
    config.tiktok?.appSecret,
    config.database.kind === "postgres" ? passwordOf(config.database.url) : undefined,
  ];
  // Very short values would blank out ordinary words; a real secret is longer than this.
  return values.filter((v): v is string => typeof v === "string" && v.length >= 6);
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    // A URL the WHATWG parser rejects still reached PostgreSQL's own parser: nothing to redact by value then.
    return undefined;
  }
}

/** The error as one line of text with every secret and bearer token replaced. */
function redacted(error: unknown, secrets: string[]): string {
  let text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  for (const secret of secrets) text = text.split(secret).join("[redacted]");
  return text
    .replace(/Bearer\s+[\w.~+/=-]+/g, "Bearer [redacted]")
    .replace(/\bxox[abpr]-[\w-]+|\bxapp-[\w-]+/g, "[redacted]");
}

function installProcessHandlers(logger: Logger, secrets: string[]): void {
  process.on("unhandledRejection", (reason) => {
    logger.error(`a promise was rejected and nobody handled it (Starling keeps running): ${redacted(reason, secrets)}`);
  });
  // A monitor only watches: Node still ends the process after an uncaught exception, as it should.
  process.on("uncaughtExceptionMonitor", (error, origin) => {
    logger.error(`uncaught exception (${origin}); the process ends: ${redacted(error, secrets)}`);
  });
}

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installProcessHandlers(logger, secretsOf(config));
  const starling = await startStarling(config, { logger });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    await starling.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    log.error("Starling could not start", error);
  }
  process.exit(1);
}
