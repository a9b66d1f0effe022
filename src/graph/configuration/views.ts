/**
 * The account's global webhooks turned into the graph's value type (enums in upper case).
 */
import type { ConfigurationWebhooks, ConfigurationWebhookTarget } from '../../generated/graphql.js';
import type { AccountWebhooksRecord } from '../../loaders/index.js';
import { webhookMethod } from '../enums.js';

export function accountWebhooksView(record: AccountWebhooksRecord): ConfigurationWebhooks {
  const target = record.target?.toUpperCase();
  return {
    preWebhookUrl: record.preWebhookUrl,
    postWebhookUrl: record.postWebhookUrl,
    method: webhookMethod(record.method),
    filters: record.filters,
    target:
      target === 'WEBHOOK' || target === 'FLEX' ? (target as ConfigurationWebhookTarget) : null,
  };
}
