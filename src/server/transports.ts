/**
 * Which operations this server can run, by transport. Plain HTTP (GET and POST on /graphql)
 * answers queries and mutations with one response each; a subscription needs a streaming
 * transport, and the server has none yet. A subscription sent over HTTP is the client's mistake,
 * so it is answered 400 BAD_REQUEST with a message saying where subscriptions are served; when a
 * streaming transport lands, only that message changes.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

export const subscriptionsOverHttpMessage =
  'Subscriptions are not supported over HTTP GET or POST, and this server offers no subscription transport (neither WebSocket nor Server-Sent Events): it serves queries and mutations over HTTP only.';

/**
 * Refuses a subscription once Apollo has resolved which operation a POST runs, persisted queries
 * included; without it, execution fails as INTERNAL_SERVER_ERROR ("Schema is not configured to
 * execute subscription operation"). A GET is refused earlier, by http-graphql.ts.
 */
export function httpTransportPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
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
