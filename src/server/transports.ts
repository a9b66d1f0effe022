/**
 * Which operations this server can run, by transport. Plain HTTP (GET and POST on /graphql)
 * answers queries and mutations with one response each; a subscription needs a streaming
 * transport (WebSocket, Server-Sent Events) or the Router's callback protocol, whose POST
 * carries `extensions.subscription`. Any other subscription sent over HTTP is the client's
 * mistake, answered 400 BAD_REQUEST with a message saying where subscriptions are served.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

export const subscriptionsOverHttpMessage =
  "Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, over Server-Sent Events at /graphql/stream, or through the Router's HTTP callback protocol; not over plain HTTP GET or POST.";

/**
 * Refuses a subscription once Apollo has resolved which operation a POST runs, persisted queries
 * included; without it, execution fails as INTERNAL_SERVER_ERROR ("Schema is not configured to
 * execute subscription operation"). A GET is refused earlier, by http-graphql.ts.
 */
export function httpTransportPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, request }) {
          const viaCallback = request.extensions?.['subscription'] !== undefined;
          if (operation?.operation === 'subscription' && !viaCallback) {
            throw new GraphQLError(subscriptionsOverHttpMessage, {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
