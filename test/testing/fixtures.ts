import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The recorded OpenAI wire fixtures (read-only, shared). */
export const FIXTURES_DIR = '/work/shared/fixtures/openai-wire';

export function fixtureNames(prefix: string, ext: string): string[] {
  return readdirSync(FIXTURES_DIR).filter((name) => name.startsWith(prefix) && name.endsWith(ext)).sort();
}

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}
