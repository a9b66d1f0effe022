/**
 * The subscribers of `bench/realtime.ts`, in their own process so that parsing frames does not
 * run on the gateway's event loop: `count` WebSocket connections speaking graphql-transport-ws,
 * each with one subscription. Driven over IPC: `start` → `subscribed`, `count` → `counted`.
 */
import WebSocket from 'ws';

interface Start {
  readonly type: 'start';
  readonly url: string;
  readonly count: number;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** Plain WebSocket connections to a bare ws server: the floor the bench compares with. */
interface Raw {
  readonly type: 'raw';
  readonly url: string;
  readonly count: number;
}

type Command = Start | Raw | { readonly type: 'count' } | { readonly type: 'stop' };

const sockets: WebSocket[] = [];
let frames = 0;
let errors = 0;

function open(start: Start, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(start.url, 'graphql-transport-ws');
    sockets.push(socket);
    socket.once('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      // The cheap check first: most frames are `next`.
      if (text.startsWith('{"id"') && text.includes('"type":"next"')) {
        frames += 1;
        if (text.includes('"errors"')) errors += 1;
        return;
      }
      const message = JSON.parse(text) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: String(n),
            type: 'subscribe',
            payload: { query: start.query, variables: start.variables },
          }),
        );
        resolve();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error') {
        errors += 1;
      }
    });
  });
}

process.on('message', (command: Command) => {
  void (async () => {
    if (command.type === 'start') {
      // A few at a time: a thousand handshakes at once would only measure the accept queue.
      for (let i = 0; i < command.count; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, command.count - i) }, (_, k) => open(command, i + k)),
        );
      }
      process.send?.({ type: 'subscribed' });
    } else if (command.type === 'raw') {
      for (let i = 0; i < command.count; i += 50) {
        await Promise.all(
          Array.from(
            { length: Math.min(50, command.count - i) },
            () =>
              new Promise<void>((resolve, reject) => {
                const socket = new WebSocket(command.url);
                sockets.push(socket);
                socket.once('open', () => resolve());
                socket.once('error', reject);
                socket.on('message', () => (frames += 1));
              }),
          ),
        );
      }
      process.send?.({ type: 'raw-open' });
    } else if (command.type === 'count') {
      process.send?.({ type: 'counted', frames, errors });
    } else {
      for (const socket of sockets) socket.close();
      process.exit(0);
    }
  })();
});
