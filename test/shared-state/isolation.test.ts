/**
 * One process without REDIS_URL loads no Redis client: only src/shared-state imports ioredis, and
 * everything else reaches that folder by `import type` or by the dynamic import in main.ts.
 * The Twilio client depends on its own small interfaces, never on Redis.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources('src').map((path) => ({
  path: relative('src', path),
  text: readFileSync(path, 'utf8'),
}));

describe('Redis stays behind REDIS_URL', () => {
  it('imports ioredis only in src/shared-state', () => {
    const importers = files
      .filter((file) => /from 'ioredis'|import\('ioredis'\)/.test(file.text))
      .map((file) => file.path.split('/')[0]);
    expect(new Set(importers)).toEqual(new Set(['shared-state']));
  });

  it('reaches src/shared-state only by type or by a dynamic import', () => {
    for (const file of files) {
      if (file.path.startsWith('shared-state/')) continue;
      for (const line of file.text.split('\n')) {
        if (!line.includes('shared-state/')) continue;
        const typeOnly = /^import type /.test(line.trim());
        const dynamic = /await import\('\.\.\/shared-state\/index\.js'\)/.test(line);
        expect({ file: file.path, line, allowed: typeOnly || dynamic }).toMatchObject({
          allowed: true,
        });
      }
    }
  });

  it('keeps the Twilio client free of Redis and of the shared-state folder', () => {
    const twilio = files.filter((file) => file.path.startsWith('twilio/'));
    for (const file of twilio) expect(file.text).not.toMatch(/ioredis|shared-state/);
  });
});
