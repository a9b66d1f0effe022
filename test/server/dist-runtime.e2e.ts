import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the container runs: `npm run build` output started with plain node, next to only the
 * production dependencies (as `npm ci --omit=dev` leaves them). The package is assembled in a
 * temp folder: package.json, schema/, the compiled dist/, and node_modules holding links to the
 * non-dev packages of the lock file. tsx, vitest and every other dev tool are absent, so an
 * import of one from src/ fails here.
 */
const root = process.cwd();
const run = promisify(execFile);
let work: string;
let child: ChildProcess | undefined;

function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, meta]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && meta.dev !== true)
    .map(([path]) => path.slice('node_modules/'.length));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gateway-dist-'));
  cpSync(join(root, 'package.json'), join(work, 'package.json'));
  cpSync(join(root, 'schema'), join(work, 'schema'), { recursive: true });
  for (const name of productionPackages()) {
    const target = join(work, 'node_modules', name);
    mkdirSync(resolve(target, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }
  await run(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(work, 'dist'),
    ],
    { cwd: root },
  );
  // A full tsc build: on a machine busy with other work it took over a minute.
}, 180_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('the built gateway (dist/, production dependencies only)', () => {
  it('leaves dev tools out of the assembled node_modules', () => {
    const names = productionPackages();
    expect(names).toContain('@apollo/server');
    expect(names).not.toContain('tsx');
    expect(names).not.toContain('vitest');
  });

  it('starts with node on the embedded emulator, answers a query, and stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('TWILIO_') && !name.startsWith('EMULATOR_')) env[name] = value;
    }
    child = spawn(process.execPath, ['dist/src/server/main.js'], {
      cwd: work,
      env: { ...env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = child;
    let stderr = '';
    running.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => running.once('exit', (code) => done(code)));
    const url = await new Promise<string>((done, fail) => {
      createInterface({ input: running.stdout! }).on('line', (line) => {
        const match = /^(?:Playground|GraphQL endpoint).*: (http:\/\/\S+)$/.exec(line);
        if (match?.[1]) done(match[1]);
      });
      void exited.then((code) => fail(new Error(`exited early (${code}): ${stderr}`)));
    });

    const response = await fetch(new URL('/graphql', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ users(first: 1) { nodes { identity } } }' }),
    });
    expect(await response.json()).toMatchObject({
      data: { users: { nodes: [{ identity: 'alice' }] } },
    });
    // NODE_ENV=production: no introspection, so no playground (GATEWAY_INTROSPECTION=true).
    expect((await fetch(new URL('/playground/graphiql.min.js', url))).status).toBe(404);
    const introspection = await fetch(new URL('/graphql', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(await introspection.json()).toMatchObject({
      errors: [{ extensions: { code: 'INTROSPECTION_DISABLED' } }],
    });

    running.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
