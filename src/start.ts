// `npm start`: read the environment, start Starling, stop cleanly on Ctrl-C or SIGTERM.
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./log.js";
import { startStarling } from "./main.js";

const log = createLogger((process.env.LOG_LEVEL as "info") ?? "info");

try {
  const config = loadConfig();
  const starling = await startStarling(config, { logger: createLogger(config.logLevel) });
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
