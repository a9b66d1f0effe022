/**
 * Points a chat service's post-event webhook at the gateway's receiver. `npm start` does this
 * for the embedded emulator's demo service; for a real account the README shows the same call.
 */
import { POST_EVENT_NAMES } from '../../events/index.js';
import type { TwilioClient } from '../../twilio/index.js';

export async function registerPostEventWebhook(
  client: TwilioClient,
  serviceSid: string,
  url: string,
): Promise<void> {
  await client.request('conversations.v1.UpdateServiceWebhookConfiguration', {
    ChatServiceSid: serviceSid,
    PostWebhookUrl: url,
    Method: 'POST',
    // Both vocabularies: the emulator fires Chat's names for writes made through Chat.
    Filters: [...POST_EVENT_NAMES],
  });
}

/** The account's default chat service, where the demo data lives; null when it has none. */
export async function defaultChatServiceSid(client: TwilioClient): Promise<string | null> {
  const configuration = (await client.request('conversations.v1.FetchConfiguration', {})) as {
    readonly default_chat_service_sid?: unknown;
  };
  const sid = configuration.default_chat_service_sid;
  return typeof sid === 'string' && sid !== '' ? sid : null;
}

/** The embedded emulator's demo service → this gateway's receiver. */
export async function registerDemoWebhook(gateway: {
  readonly client: TwilioClient;
  readonly webhookUrl: string;
}): Promise<void> {
  const serviceSid = await defaultChatServiceSid(gateway.client);
  if (serviceSid !== null)
    await registerPostEventWebhook(gateway.client, serviceSid, gateway.webhookUrl);
}
