import type { IdempotencyEntry, IdempotencyStore } from '../../../src/graph/index.js';

export const CREATE_CONVERSATION = `mutation ($input: CreateConversationInput!) {
  createConversation(input: $input) {
    conversation { sid friendlyName }
    userErrors { field code message }
  }
}`;

/** A real store, telling the test when a repeat found its key pending. */
export class ObservedStore implements IdempotencyStore {
  readonly ttlMs: number;
  private waiting: (() => void)[] = [];

  constructor(private readonly store: IdempotencyStore) {
    this.ttlMs = store.ttlMs;
  }

  untilPendingSeen(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async claim(key: string, fingerprint: string): Promise<IdempotencyEntry | null> {
    const entry = await this.store.claim(key, fingerprint);
    if (entry?.state === 'pending') for (const resolve of this.waiting.splice(0)) resolve();
    return entry;
  }

  complete: IdempotencyStore['complete'] = (key, outcome) => this.store.complete(key, outcome);
  release: IdempotencyStore['release'] = (key) => this.store.release(key);
}
