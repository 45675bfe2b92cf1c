// The `.env` file of the working directory, as `.env.example` tells operators to write it: read once,
// before the configuration, by the server and the command-line tools. A variable set in the
// environment wins over the file, so a service manager or a CI job can still override one setting.
// Parsed by Node's own .env parser (util.parseEnv). No file, no change.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Adds the variables of `file` (default `.env` in the working directory) that `env` does not set; returns whether the file exists. */
export function loadEnvFile(file = resolve('.env'), env: NodeJS.ProcessEnv = process.env): boolean {
  if (!existsSync(file)) return false;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) if (env[name] === undefined) env[name] = value;
  return true;
}
