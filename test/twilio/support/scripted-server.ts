/**
 * A real loopback HTTP server whose answers each test scripts. It records every request and
 * measures how many were in flight at once.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Reply =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** Objects are sent as JSON; strings as they are. */
      readonly body?: unknown;
    }
  /** Never answer (the socket stays open until the server closes). */
  | 'hang';

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    public handler: Handler,
  ) {}

  static async start(
    handler: Handler = () => ({ status: 200, body: {} }),
  ): Promise<ScriptedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const scripted = new ScriptedServer(server, `http://127.0.0.1:${port}`, handler);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        void scripted.answer(recorded, res);
      });
    });
    return scripted;
  }

  private async answer(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const index = this.requests.push(request) - 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const reply = await this.handler(request, index);
    if (reply === 'hang') return;
    const isText = typeof reply.body === 'string';
    const payload =
      reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(payload === '' || isText ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...reply.headers,
    });
    res.end(payload);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
