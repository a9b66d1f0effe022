import { buildSchema } from 'graphql';
import { pino, type Level } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { configFor } from './support/stack.js';

interface LogLine {
  readonly level: number;
  readonly msg?: string;
}

let emulator: RunningEmulator | undefined;
let gateway: Gateway | undefined;

afterEach(async () => {
  await gateway?.close();
  await emulator?.close();
  gateway = undefined;
  emulator = undefined;
});

/** Starts the real gateway with a pino logger at `level`, and returns what it logged. */
async function startLogging(
  level: Level,
  options: Partial<Pick<GatewayOptions, 'graph' | 'readiness' | 'warmUp'>> = {},
): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  emulator = await startEmulator({});
  gateway = await createGateway({
    twilio: configFor(emulator),
    graph: graphBinding(),
    logger,
    ...options,
  });
  return lines;
}

const inlineTracing = (line: LogLine) => /inline tracing/i.test(line.msg ?? '');

describe("Apollo's start-up notes", () => {
  it('"Enabling inline tracing" is logged at debug level', async () => {
    const lines = await startLogging('debug');
    expect(lines.filter(inlineTracing).map((line) => line.level)).toEqual([
      pino.levels.values.debug,
    ]);
  });

  it('stay out of an info-level log', async () => {
    const lines = await startLogging('info');
    expect(lines.filter(inlineTracing)).toEqual([]);
  });
});

describe('failures in the log', () => {
  /** A graph whose one field fails with a plain Error (a bug): masked, and logged as an error. */
  function failingGraph(): GatewayOptions['graph'] {
    const schema = buildSchema('type Query { broken: String }');
    const field = schema.getQueryType()?.getFields().broken;
    if (field) {
      field.resolve = () => {
        throw new Error('a bug in a resolver');
      };
    }
    const real = graphBinding();
    return { schema, createContext: () => ({}), toGraphQLError: real.toGraphQLError };
  }

  const warn = 40;
  const debug = 20;
  // Absolute paths of this checkout, as a stack frame would carry them.
  const serverPath = new RegExp(
    `${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|\\bat \\S+ \\(/`,
  );

  it('carry no stack or absolute server path at warn and error level; the stack stays at debug', async () => {
    const lines = await startLogging('debug', {
      graph: failingGraph(),
      warmUp: false,
      readiness: {
        check: async () => {
          throw new Error('upstream check failed');
        },
      },
    });
    const ready = await fetch(new URL('/readyz', gateway?.url));
    expect(ready.status).toBe(503);
    const answer = await fetch(gateway?.graphqlUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ broken }' }),
    });
    expect(JSON.stringify(await answer.json())).not.toMatch(serverPath);

    const atLeastWarn = lines.filter((line) => line.level >= warn);
    expect(atLeastWarn.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['readiness check failed', 'masked an unexpected error']),
    );
    for (const line of atLeastWarn) expect(JSON.stringify(line)).not.toMatch(serverPath);
    const debugStacks = lines.filter(
      (line) => line.level === debug && serverPath.test(JSON.stringify(line)),
    );
    expect(debugStacks.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        'readiness check failed (stack)',
        'masked an unexpected error (stack)',
      ]),
    );
  });
});
