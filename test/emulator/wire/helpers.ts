/** Plain HTTP calls against a running emulator (undici, so `Host` can be set like a proxy would). */
import { Agent, request } from 'undici';
import type { RunningEmulator } from '../../../src/emulator/index.js';

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Path with query, e.g. `/conversations/v1/Services?PageSize=2`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Form fields (repeated keys for arrays); sent urlencoded. */
  readonly form?: Readonly<Record<string, string | readonly string[]>>;
  /** A raw body (admin JSON). */
  readonly body?: string;
  /** `false` sends no Authorization header; default: the emulator's Account SID + Auth Token. */
  readonly auth?: false | { readonly user: string; readonly password: string };
}

export interface CallResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body parsed as JSON (undefined for an empty body). */
  readonly json: unknown;
}

export const agent = new Agent({ keepAliveTimeout: 1000 });

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function formBody(form: Readonly<Record<string, string | readonly string[]>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
  }
  return params.toString();
}

export async function call(emulator: RunningEmulator, options: CallOptions): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== false) {
    const { user, password } = options.auth ?? {
      user: emulator.credentials.accountSid,
      password: emulator.credentials.authToken,
    };
    headers.authorization = basic(user, password);
  }
  let body: string | undefined = options.body;
  if (options.form) {
    body = formBody(options.form);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const response = await request(`${emulator.url}${options.path}`, {
    method: options.method ?? (options.form ? 'POST' : 'GET'),
    headers,
    dispatcher: agent,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** Narrows a JSON answer to an object for property assertions. */
export function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
