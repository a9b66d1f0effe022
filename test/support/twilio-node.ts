/**
 * The official twilio-node library pointed at an emulator: unchanged except for where requests
 * go. Twilio's product hosts (`https://chat.twilio.com`, ...) are mapped onto the emulator's
 * prefix URLs; page URLs the emulator returns are already absolute and pass through untouched.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

export class EmulatorRequestClient extends twilio.RequestClient {
  constructor(private readonly origin: string) {
    super({ autoRetry: true, maxRetryDelay: 10 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(
      /^https:\/\/(chat|ip-messaging|conversations)\.twilio\.com/,
      (_match: string, product: string) => `${this.origin}/${product}`,
    );
    return super.request({ ...opts, uri });
  }
}

/** A twilio-node client of `emulator`, with its credentials unless others are given. */
export function twilioNodeClient(
  emulator: RunningEmulator,
  authToken: string = emulator.credentials.authToken,
): twilio.Twilio {
  return twilio(emulator.accountSid, authToken, {
    httpClient: new EmulatorRequestClient(emulator.url),
  });
}
