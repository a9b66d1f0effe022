/**
 * Without OTEL_* settings nothing of OpenTelemetry is loaded: src/ imports it only as types,
 * except telemetry/tracing.ts, which imports the SDK dynamically and is itself imported only
 * dynamically, by app.ts, when tracing is configured.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Static imports (and re-exports) that load a module at run time: not `import type`. */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+([^;]*?)\s+from\s+'([^']+)'/gms)) {
    const clause = match[1] ?? '';
    const typeOnly =
      clause.startsWith('type ') ||
      (/^\{[^}]*\}$/.test(clause) &&
        clause
          .slice(1, -1)
          .split(',')
          .every((name) => name.trim() === '' || name.trim().startsWith('type ')));
    if (!typeOnly) found.push(match[2] ?? '');
  }
  return found;
}

describe('OpenTelemetry is loaded only when tracing is configured', () => {
  const files = sources('src');

  it('no module under src/ imports an @opentelemetry package at run time', () => {
    const offenders = files.flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier.startsWith('@opentelemetry/'))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('telemetry/tracing.ts (which loads the SDK) is imported by nothing at run time', () => {
    const offenders = files.filter((file) =>
      runtimeImports(readFileSync(file, 'utf8')).some(
        (specifier) =>
          /(^|\/)(telemetry\/)?tracing\.js$/.test(specifier) && !specifier.includes('settings'),
      ),
    );
    expect(offenders).toEqual([]);
    const app = readFileSync('src/server/app.ts', 'utf8');
    // The scan sees value imports, and only those.
    expect(runtimeImports(app)).toContain('pino');
    expect(runtimeImports(app)).not.toContain('../telemetry/settings.js');
    expect(app).toContain("await import('../telemetry/tracing.js')");
    const tracing = readFileSync('src/telemetry/tracing.ts', 'utf8');
    expect(tracing).toContain("await import('@opentelemetry/sdk-trace-base')");
  });
});
