/**
 * A stand-in for Apollo Router's callback endpoint (subscription callback protocol 1.0): it
 * records every message a subgraph posts and answers as the Router does (204 to `check`, 200 to
 * `next` and `complete`), or with a status a test chooses to end the subscription.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackMessage {
  readonly headers: IncomingHttpHeaders;
  readonly body: {
    readonly kind: string;
    readonly action: 'check' | 'next' | 'complete';
    readonly id: string;
    readonly verifier: string;
    readonly payload?: unknown;
    readonly errors?: readonly { readonly message: string }[];
  };
}

export interface FakeRouter {
  readonly url: string;
  /** The next message posted to `/callback/{id}` (in arrival order). */
  next(id: string): Promise<CallbackMessage>;
  /** Answer the following messages of `id` with `status` (e.g. 404: "no such subscription"). */
  answer(id: string, status: number): void;
  close(): Promise<void>;
}

export async function startFakeRouter(): Promise<FakeRouter> {
  const queues = new Map<string, CallbackMessage[]>();
  const waiters = new Map<string, ((m: CallbackMessage) => void)[]>();
  const statuses = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const id = decodeURIComponent(req.url?.replace(/^\/callback\//, '') ?? '');
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const message: CallbackMessage = {
        headers: req.headers,
        body: JSON.parse(text) as CallbackMessage['body'],
      };
      const status = statuses.get(id) ?? (message.body.action === 'check' ? 204 : 200);
      res.writeHead(status, { 'subscription-protocol': 'callback/1.0' });
      res.end();
      const waiting = waiters.get(id)?.shift();
      if (waiting) waiting(message);
      else queues.set(id, [...(queues.get(id) ?? []), message]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next(id) {
      const queued = queues.get(id)?.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },
    answer(id, status) {
      statuses.set(id, status);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
