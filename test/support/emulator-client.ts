/**
 * Our Twilio client pointed at an in-process emulator, as every suite needs it. Tests should see
 * a failure at once rather than after Twilio-grade backoff, so retries are off unless asked for.
 */
import type { RunningEmulator } from '../../src/emulator/index.js';
import { emulatorSettings } from '../../src/server/upstream.js';
import {
  createTwilioConfig,
  TwilioClient,
  type TwilioClientOptions,
  type TwilioConfig,
  type TwilioConfigInput,
} from '../../src/twilio/index.js';

export type ClientTuning = Omit<Partial<TwilioConfigInput>, 'credentials' | 'baseUrls'>;

export function emulatorConfig(emulator: RunningEmulator, tuning: ClientTuning = {}): TwilioConfig {
  return createTwilioConfig({
    ...emulatorSettings(emulator),
    maxAttempts: 1,
    backoffBaseMs: 0,
    backoffCapMs: 0,
    ...tuning,
  });
}

export function emulatorClient(
  emulator: RunningEmulator,
  tuning: ClientTuning = {},
  options: Omit<TwilioClientOptions, 'config'> = {},
): TwilioClient {
  return new TwilioClient({ ...options, config: emulatorConfig(emulator, tuning) });
}
