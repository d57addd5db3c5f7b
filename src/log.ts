// A small structured logger: one line per event, secrets never passed in. Level from LOG_LEVEL.
export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export function createLogger(level: LogLevel = "info", sink: (line: string) => void = (l) => console.log(l)): Logger {
  const emit = (at: LogLevel, message: string, error?: unknown) => {
    if (ORDER[at] < ORDER[level]) return;
    const detail =
      error instanceof Error ? ` | ${error.stack ?? error.message}` : error !== undefined ? ` | ${String(error)}` : "";
    sink(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${detail}`);
  };
  return {
    debug: (m) => emit("debug", m),
    info: (m) => emit("info", m),
    warn: (m, e) => emit("warn", m, e),
    error: (m, e) => emit("error", m, e),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
