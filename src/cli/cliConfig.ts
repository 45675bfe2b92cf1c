// The command-line tools read the configuration once, when they start, like the server does.
import { ConfigError, readConfig, type Config } from '../config/config.js';
import { loadEnvFile } from '../config/envFile.js';

/** The configuration, or one line naming the wrong variable and exit code 1 (never a stack trace). */
export function readConfigOrExit(): Config {
  try {
    loadEnvFile();
    return readConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`cannot start: ${err.message}`);
    process.exit(1);
  }
}
