// Reads `.env` then `.env.<environment>` (dotenv syntax) without touching process.env; process env wins.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

export interface EnvSource {
  values: Record<string, string>;
  /** Where each value came from: a file name or `process env`. */
  origin: Record<string, string>;
  /** The file a user should edit for this environment. */
  envFile: string;
  filesRead: string[];
}

export function readEnvironment(environment: string, cwd: string, processEnv: NodeJS.ProcessEnv): EnvSource {
  const values: Record<string, string> = {};
  const origin: Record<string, string> = {};
  const filesRead: string[] = [];
  const envFile = `.env.${environment}`;
  for (const file of ['.env', envFile]) {
    const path = join(cwd, file);
    if (!existsSync(path)) continue;
    filesRead.push(file);
    for (const [key, value] of Object.entries(parse(readFileSync(path)))) {
      if (value === '') continue; // an empty line in a copied .env.example means "unset"
      values[key] = value;
      origin[key] = file;
    }
  }
  for (const [key, value] of Object.entries(processEnv)) {
    if (value === undefined || value === '') continue;
    values[key] = value;
    origin[key] = 'process env';
  }
  return { values, origin, envFile, filesRead };
}
