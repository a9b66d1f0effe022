import { pino, type Level } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../src/server/app.js';
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
async function startLogging(level: Level): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  emulator = await startEmulator({});
  gateway = await createGateway({ twilio: configFor(emulator), graph: graphBinding(), logger });
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
