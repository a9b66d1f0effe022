/**
 * One HTTP exchange through undici's `dispatch` handler API, the whole body collected as UTF-8
 * text. `Dispatcher.request` wraps each response in a Readable stream, an async resource and
 * a parse of every header, and reading `body.text()` consumes that stream again; the client only
 * ever wants the status, three headers and the text, and in wide reads that wrapping cost more
 * than the rest of a call. Timeouts, connection errors and their codes are undici's own.
 */
import type { Dispatcher } from 'undici';

export interface Exchange {
  readonly origin: string;
  readonly path: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export interface Reply {
  readonly status: number;
  /** The first value of each wanted header the answer had (names lower-case). */
  readonly headers: ReadonlyMap<string, string>;
  readonly text: string;
}

/**
 * The answer headers a caller reads, with the lengths of their names: an answer's other headers
 * are passed over by length, without decoding and lower-casing each name (which cost more than
 * the rest of reading the headers).
 */
export interface WantedHeaders {
  /** Lower-case names. */
  readonly names: ReadonlySet<string>;
  readonly lengths: ReadonlySet<number>;
}

export function wantedHeaders(names: readonly string[]): WantedHeaders {
  const lower = names.map((name) => name.toLowerCase());
  return {
    names: new Set(lower),
    lengths: new Set(lower.map((name) => Buffer.byteLength(name))),
  };
}

/**
 * Sends `exchange` and resolves with the answer once its body is complete; rejects with the
 * signal's reason when it aborts first, else with undici's error.
 */
export function exchange(
  dispatcher: Dispatcher,
  request: Exchange,
  signal: AbortSignal,
  wanted: WantedHeaders,
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    let abortRequest: ((reason: Error) => void) | null = null;
    let settled = false;
    let status = 0;
    const headers = new Map<string, string>();
    const chunks: Buffer[] = [];
    let length = 0;
    // The signal's own reason, as `Dispatcher.request` rejects with it.
    const reasonOf = () => signal.reason as Error;
    const onAbort = () => abortRequest?.(reasonOf());
    const settle = () => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abort) {
        abortRequest = abort;
        if (signal.aborted) abort(reasonOf());
      },
      onHeaders(statusCode, rawHeaders) {
        // 1xx answers come before the real one.
        if (statusCode < 200) return true;
        status = statusCode;
        for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
          const raw = rawHeaders[i];
          if (raw === undefined || !wanted.lengths.has(raw.length)) continue;
          const name = String(raw).toLowerCase();
          if (!wanted.names.has(name) || headers.has(name)) continue;
          const value = rawHeaders[i + 1];
          headers.set(name, String(Array.isArray(value) ? value[0] : value));
        }
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        length += chunk.length;
        return true;
      },
      onComplete() {
        if (settled) return;
        settle();
        resolve({ status, headers, text: decode(chunks, length) });
      },
      onError(error) {
        if (settled) return;
        settle();
        reject(error);
      },
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
        },
        handler,
      );
    } catch (error) {
      settle();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** UTF-8 without a leading byte-order mark, as undici's `body.text()` reads it. */
function decode(chunks: readonly Buffer[], length: number): string {
  if (length === 0) return '';
  const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  const start =
    buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString('utf8', start);
}
