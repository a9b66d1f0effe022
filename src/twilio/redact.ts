/**
 * Scrubs credentials from any text that may end up in an error or a log: the Auth Token, the
 * API key secret and the Basic credential built from them. Twilio never echoes these, but a
 * proxy or a misbehaving server might, and error messages travel far.
 */
import type { TwilioCredentials } from './config.js';

const REDACTED = '[redacted]';

export type Redactor = (text: string) => string;

export function basicCredential(credentials: TwilioCredentials): string {
  const user = credentials.apiKey ?? credentials.accountSid;
  const password = credentials.apiKey !== undefined ? credentials.apiSecret : credentials.authToken;
  return Buffer.from(`${user}:${password ?? ''}`, 'utf8').toString('base64');
}

export function createRedactor(credentials: TwilioCredentials): Redactor {
  // Built on first use: every call has a redactor, few calls ever have text to scrub.
  let secrets: readonly string[] | undefined;
  return (text) => {
    secrets ??= [credentials.authToken, credentials.apiSecret, basicCredential(credentials)]
      .filter((s): s is string => s !== undefined && s.length > 0)
      // Longest first, so a secret contained in another is not half-replaced.
      .sort((a, b) => b.length - a.length);
    return secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  };
}

/**
 * A plain copy of a low-level error (name, code, redacted message) to keep as `cause`, so the
 * chain carries no request objects, headers or sockets.
 */
export function sanitizedCause(error: unknown, redact: Redactor): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
