import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The gateway promises to run on Node >= 20.18 and on the current LTS lines. Every package that
// ships to production must accept those versions; dev tools only need the machines' own Node.
const SUPPORTED_NODE = ['20.18.1', '22.12.0', '24.0.0'];

interface PackageJson {
  engines?: { node?: string };
}

function productionPackageDirs(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.includes('node_modules'));
}

describe('supported Node versions', () => {
  it('package.json declares engines.node >= 20.18.1', () => {
    const own = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
    expect(own.engines?.node).toBe('>=20.18.1');
  });

  it('every production dependency accepts Node 20.18.1, 22 and 24', () => {
    const refusals: string[] = [];
    for (const dir of productionPackageDirs()) {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      const range = pkg.engines?.node;
      if (!range) continue;
      for (const version of SUPPORTED_NODE) {
        if (!semver.satisfies(version, range))
          refusals.push(`${dir}: node ${range} excludes ${version}`);
      }
    }
    expect(refusals).toEqual([]);
  });
});
