/**
 * Federated tracing (`ftv1`) for a Router that asks for it. Apollo installs its inline-trace
 * plugin by itself for a subgraph schema, and that plugin builds a trace tree (a protobuf
 * record) for every operation before it looks at the `apollo-federation-include-trace`
 * header. This one hands only the operations that carry the header to Apollo's plugin, so the
 * others cost nothing; app.ts turns the implicit one off.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { isNonNullType, isObjectType, isScalarType, type GraphQLSchema } from 'graphql';

export const inlineTraceHeader = 'apollo-federation-include-trace';

/** Apollo's own test: a subgraph schema has `_Service { sdl: String }`. */
function isSubgraph(schema: GraphQLSchema): boolean {
  const service = schema.getType('_Service');
  const sdl = isObjectType(service) ? service.getFields().sdl?.type : undefined;
  const named = sdl !== undefined && isNonNullType(sdl) ? sdl.ofType : sdl;
  return isScalarType(named) && named.name === 'String';
}

export function inlineTraceWhenAsked<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  let traced: ApolloServerPlugin | null = null;
  return {
    async serverWillStart({ schema, logger }) {
      if (!isSubgraph(schema)) return;
      // Apollo's own note, which app.ts's logger keeps at debug level.
      logger.info('Enabling inline tracing for this subgraph, for operations that ask for it.');
      // Loaded as Apollo loads it: only for a subgraph, at start.
      const { ApolloServerPluginInlineTrace } = await import('@apollo/server/plugin/inlineTrace');
      traced = ApolloServerPluginInlineTrace();
    },
    async requestDidStart(requestContext) {
      if (requestContext.request.http?.headers.get(inlineTraceHeader) !== 'ftv1') return;
      return traced?.requestDidStart?.(requestContext);
    },
  };
}
