/**
 * The offline playground: GraphiQL 3 and React 18 served from the installed packages, so opening
 * it sends no request beyond this server (no CDN, no web fonts: GraphiQL's CSS inlines its fonts
 * as data: URLs). A strict Content-Security-Policy lets the browser enforce that.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { playgroundExamples } from './playground-examples.js';

export const playgroundPath = '/';
export const playgroundAssetPrefix = '/playground/';

/**
 * GraphiQL needs inline styles (its editors set `style` attributes); scripts are only ours.
 * `connect-src 'self'` keeps the fetcher on this origin (WebSocket included: 'self' matches ws:
 * and wss: of the same host).
 */
export const playgroundContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly contentType: string;
  load(): Promise<string>;
}

const requireFromHere = createRequire(import.meta.url);

function packageFile(packageName: string, file: string): () => Promise<string> {
  return async () => {
    const root = dirname(requireFromHere.resolve(`${packageName}/package.json`));
    const text = await readFile(join(root, file), 'utf8');
    // Without the map file beside it, a source-map comment only produces a 404 in devtools.
    return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  };
}

const javascript = 'text/javascript; charset=utf-8';

const assets: Readonly<Record<string, Asset>> = {
  'react.production.min.js': {
    contentType: javascript,
    load: packageFile('react', 'umd/react.production.min.js'),
  },
  'react-dom.production.min.js': {
    contentType: javascript,
    load: packageFile('react-dom', 'umd/react-dom.production.min.js'),
  },
  'graphiql.min.js': { contentType: javascript, load: packageFile('graphiql', 'graphiql.min.js') },
  'graphiql.min.css': {
    contentType: 'text/css; charset=utf-8',
    load: packageFile('graphiql', 'graphiql.min.css'),
  },
  'playground.css': {
    contentType: 'text/css; charset=utf-8',
    load: async () => 'html, body, #graphiql { height: 100%; margin: 0; }\n',
  },
  'playground.js': { contentType: javascript, load: async () => playgroundScript() },
};

/** Local asset paths the page loads, in order (the tests check each is served). */
export const playgroundAssetPaths: readonly string[] = Object.keys(assets).map(
  (name) => `${playgroundAssetPrefix}${name}`,
);

/**
 * Every tab's Headers pane: where an Access Token goes (`"Bearer <token>"`). Left empty it sends
 * no credential, which `GATEWAY_AUTH=none` serves; GraphiQL does not keep headers in
 * localStorage unless asked, so a pasted token is gone with the page.
 */
export const playgroundHeaders = '{\n  "Authorization": ""\n}';

function playgroundScript(): string {
  const tabs = playgroundExamples.map((example) => ({
    query: example.query,
    variables: JSON.stringify(example.variables, null, 2),
    headers: playgroundHeaders,
  }));
  return `'use strict';
(function () {
  var tabs = ${JSON.stringify(tabs)};
  var url = new URL('/graphql', window.location.href);
  var socketUrl = new URL(url.href);
  socketUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // Queries and mutations over HTTP; subscriptions over WebSocket (graphql-transport-ws).
  var fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: socketUrl.href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultQuery: tabs[0].query,
      // GraphiQL 3 fills the first editor from these props, not from defaultTabs[0].
      variables: tabs[0].variables,
      headers: tabs[0].headers,
      defaultEditorToolsVisibility: 'variables',
    }),
  );
})();
`;
}

export function playgroundHtml(): string {
  const stylesheet = (name: string) =>
    `<link rel="stylesheet" href="${playgroundAssetPrefix}${name}" />`;
  const script = (name: string) => `<script src="${playgroundAssetPrefix}${name}"></script>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>twilio-chat-graphql playground</title>
    <link rel="icon" href="data:," />
    ${stylesheet('graphiql.min.css')}
    ${stylesheet('playground.css')}
  </head>
  <body>
    <div id="graphiql">Loading the playground…</div>
    ${script('react.production.min.js')}
    ${script('react-dom.production.min.js')}
    ${script('graphiql.min.js')}
    ${script('playground.js')}
  </body>
</html>
`;
}

const loaded = new Map<string, Promise<string>>();

/** The asset at `pathname` (under `playgroundAssetPrefix`), or null when there is none. */
export async function loadPlaygroundAsset(
  pathname: string,
): Promise<{ contentType: string; body: string } | null> {
  if (!pathname.startsWith(playgroundAssetPrefix)) return null;
  const name = pathname.slice(playgroundAssetPrefix.length);
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) return null;
  let body = loaded.get(name);
  if (!body) {
    body = asset.load();
    loaded.set(name, body);
    body.catch(() => loaded.delete(name));
  }
  return { contentType: asset.contentType, body: await body };
}
