// Reads the environment for a command-line tool: a bad value prints its message (naming the variable) and the tool
// exits with 1, instead of a stack trace.
import { type Config, ConfigError, loadConfig } from "../config.js";

export function configOrExplain(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}
