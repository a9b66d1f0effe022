/**
 * The stack floor of `npm run bench:gateway -- --floor`: the least a gateway built on this
 * project's fixed stack (Apollo Server 5's `executeHTTPGraphQLRequest` behind node:http,
 * graphql 16, a per-request DataLoader, undici to Twilio) can spend on the bench's two queries.
 * The bench measures it in the same run, by the same method, as the real gateway, so that the
 * gateway's figures can be read against what the stack itself costs on the machine at hand
 * instead of against absolute targets set on another machine.
 *
 * It is not a gateway. It knows exactly the schema of the bench's two queries (conversations,
 * their participants, each participant's user) over Conversations v1 and nothing else, and it
 * leaves out everything the real gateway does per request besides executing them: no caller
 * authentication (one account's credentials, given at start), no guards (depth, aliases,
 * tokens, body size, upstream budget, response size, deadline), no cancellation when a client
 * leaves, no retries, timeouts, rate or concurrency limits towards Twilio, no entity or page
 * caches, no error formatting or redaction, no federation, no persisted queries, no
 * `extensions.upstream` cost, no logging, metrics or tracing, no realtime, no health routes, no
 * graceful drain. Its answers hold the same data the bench
 * checks, and it makes the same Twilio requests (1 + 50 + 70 for the nested read, 1 for the
 * list); each figure of the real gateway above the floor's is what those features, and any
 * inefficiency, cost.
 *
 * It is written plainly, the way the stack's documentation shows (`agent.request` and
 * `body.json()`, schema from SDL, default field resolvers), without the tuning the real gateway
 * has (its own undici dispatch handler, primed caches, a generated schema): a floor for the
 * stack, not for every way of using it, so the gateway may come out below it on some figure.
 *
 * The bench links it into one module first (buildFloor in bench/gateway.ts) and runs that with
 * these settings; by hand, from the repository root, it runs as it is (no build needed):
 *
 *   PORT=<port> TWILIO_CONVERSATIONS_BASE_URL=<url> TWILIO_ACCOUNT_SID=<sid> \
 *     TWILIO_AUTH_TOKEN=<token> node --import tsx bench/floor-gateway.ts
 *
 * It listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import DataLoader from 'dataloader';
import { Agent } from 'undici';

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`floor-gateway: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const port = Number(setting('PORT'));
const conversationsBase = new URL(setting('TWILIO_CONVERSATIONS_BASE_URL'));
const authorization = `Basic ${Buffer.from(
  `${setting('TWILIO_ACCOUNT_SID')}:${setting('TWILIO_AUTH_TOKEN')}`,
).toString('base64')}`;
const origin = conversationsBase.origin;
// The emulator serves each product under a path prefix (`/conversations`); Twilio under none.
const pathPrefix = conversationsBase.pathname.replace(/\/$/, '');

const agent = new Agent();

interface TwilioConversation {
  readonly sid: string;
  readonly friendly_name: string | null;
  readonly date_created: string;
}

interface TwilioParticipant {
  readonly identity: string | null;
}

interface TwilioUser {
  readonly friendly_name: string | null;
}

/** One GET of Conversations v1; null when Twilio answers 404. */
async function twilioGet<T>(path: string): Promise<T | null> {
  const { statusCode, body } = await agent.request({
    origin,
    path: `${pathPrefix}${path}`,
    method: 'GET',
    headers: { authorization },
  });
  if (statusCode === 404) {
    await body.dump();
    return null;
  }
  if (statusCode !== 200) throw new Error(`Twilio ${path}: ${statusCode} ${await body.text()}`);
  return (await body.json()) as T;
}

async function twilioList<T>(path: string, key: string, pageSize: number): Promise<T[]> {
  const page = await twilioGet<Record<string, T[]>>(`${path}?PageSize=${pageSize}`);
  return page?.[key] ?? [];
}

interface Context {
  readonly users: DataLoader<string, TwilioUser | null>;
}

const typeDefs = `#graphql
  type Query {
    conversations(first: Int = 50): ConversationConnection!
  }
  type ConversationConnection {
    nodes: [Conversation!]!
  }
  type Conversation {
    sid: ID!
    friendlyName: String
    createdAt: String!
    participants(first: Int = 50): ParticipantConnection!
  }
  type ParticipantConnection {
    nodes: [Participant!]!
  }
  type Participant {
    identity: String
    user: User
  }
  type User {
    friendlyName: String
  }
`;

const resolvers = {
  Query: {
    conversations: async (_: unknown, args: { first: number }) => ({
      nodes: await twilioList<TwilioConversation>('/v1/Conversations', 'conversations', args.first),
    }),
  },
  Conversation: {
    friendlyName: (conversation: TwilioConversation) => conversation.friendly_name,
    createdAt: (conversation: TwilioConversation) =>
      new Date(conversation.date_created).toISOString(),
    participants: async (conversation: TwilioConversation, args: { first: number }) => ({
      nodes: await twilioList<TwilioParticipant>(
        `/v1/Conversations/${conversation.sid}/Participants`,
        'participants',
        args.first,
      ),
    }),
  },
  Participant: {
    user: (participant: TwilioParticipant, _: unknown, context: Context) =>
      participant.identity === null ? null : context.users.load(participant.identity),
  },
  User: {
    friendlyName: (user: TwilioUser) => user.friendly_name,
  },
};

const loadUsers = (identities: readonly string[]) =>
  Promise.all(
    identities.map((identity) =>
      twilioGet<TwilioUser>(`/v1/Users/${encodeURIComponent(identity)}`),
    ),
  );

const apollo = new ApolloServer<Context>({
  typeDefs,
  resolvers,
  plugins: [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
  ],
});
await apollo.start();

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function serveGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body: await readBody(req) },
    context: () => Promise.resolve({ users: new DataLoader(loadUsers) }),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/graphql') {
    res.writeHead(404).end();
    return;
  }
  serveGraphQL(req, res).catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(error instanceof Error ? error.message : String(error));
  });
});
server.listen(port, '127.0.0.1');

// An exit rather than death by the signal, so that `node --cpu-prof` (bench --profile) writes.
process.once('SIGTERM', () => process.exit(0));
