import { stringify } from '@asyncapi/parser';
import { AsyncApiComponentWP, type ConfigInterface } from '@asyncapi/react-component';
import { readFileSync } from 'node:fs';
import { parseAsyncApi } from './parse-asyncapi';

// react and react-dom ship no types, and only these two calls are needed: typed here rather than
// adding @types packages for them.
/* eslint-disable @typescript-eslint/no-require-imports */
const { createElement } = require('react') as { createElement: (type: unknown, props: object) => unknown };
const { renderToString } = require('react-dom/server') as { renderToString: (element: unknown) => string };
/* eslint-enable @typescript-eslint/no-require-imports */

/** Server and browser must render with the same config, or hydration starts over. */
const CONFIG: Partial<ConfigInterface> = {
  show: { sidebar: true, messageExamples: false },
  // Operations grouped by their service:<name> tag.
  sidebar: { showOperations: 'byOperationsTags', useChannelAddressAsIdentifier: true },
};

const packageFile = (path: string): string =>
  readFileSync(require.resolve(`@asyncapi/react-component/${path}`), 'utf8');

/** JSON that cannot end the <script> element it sits in, nor break it as a JS string would. */
const scriptJson = (text: string): string =>
  text
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * docs/asyncapi.html: the document rendered on the server by the official React component
 * (@asyncapi/react-component), then made interactive in the browser by the component's own
 * standalone bundle, which hydrates that markup from the parsed document embedded as JSON.
 * Stylesheet, bundle and document are all inlined, so the page opens offline; without
 * JavaScript it still shows everything but the collapsed schemas and the sidebar menu.
 */
export async function renderAsyncApiHtml(yaml: string): Promise<string> {
  const { document, diagnostics } = await parseAsyncApi(yaml);
  if (!document) {
    throw new Error(`docs/asyncapi.yaml does not parse:\n${diagnostics.map((d) => `  - ${d.message}`).join('\n')}`);
  }
  const markup = renderToString(createElement(AsyncApiComponentWP, { schema: document, config: CONFIG }));
  const bundle = 'browser/standalone/without-parser.js';
  const license = packageFile(`${bundle}.LICENSE.txt`).replace(/\*\//g, '* /');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${document.info().title()} ${document.info().version()}`)}</title>
<style>${packageFile('styles/default.min.css')}</style>
</head>
<body>
<div id="asyncapi">${markup}</div>
<script type="application/json" id="asyncapi-document">${scriptJson(stringify(document) ?? '')}</script>
<script>
/* @asyncapi/react-component ${bundle}, Apache-2.0; bundled licences:
${license}
*/
${packageFile(bundle).replace(/^\/\*! For license information please see [^*]*\*\/\n?/, '')}
</script>
<script>
AsyncApiStandalone.hydrate(
  { schema: document.getElementById('asyncapi-document').textContent, config: ${JSON.stringify(CONFIG)} },
  document.getElementById('asyncapi'),
);
</script>
</body>
</html>
`;
}
