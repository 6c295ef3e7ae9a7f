/* global document, window */
// The console's page: a header with tabs and the services' readiness, and one view at a time,
// chosen by the URL's hash (#/orders, #/orders/<id>, #/dead-letters, #/lag, #/stock).
import { api, every, h, render } from './ui.mjs';
import * as deadLetters from './views/dead-letters.mjs';
import * as lag from './views/lag.mjs';
import * as orders from './views/orders.mjs';
import * as stock from './views/stock.mjs';
import * as timeline from './views/timeline.mjs';

const routes = [
  { pattern: /^#\/orders\/([^/]+)$/, tab: 'orders', view: timeline },
  { pattern: /^#\/orders\/?$/, tab: 'orders', view: orders },
  { pattern: /^#\/dead-letters\/?$/, tab: 'dead-letters', view: deadLetters },
  { pattern: /^#\/lag\/?$/, tab: 'lag', view: lag },
  { pattern: /^#\/stock\/?$/, tab: 'stock', view: stock },
];

const viewElement = document.getElementById('view');
let unmount = () => undefined;

function route() {
  const hash = window.location.hash || '#/orders';
  const match = routes.map((r) => ({ ...r, found: r.pattern.exec(hash) })).find((r) => r.found);
  if (!match) {
    window.location.hash = '#/orders';
    return;
  }
  for (const tab of document.querySelectorAll('.tabs a')) {
    if (tab.dataset.tab === match.tab) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  unmount();
  const root = h('div', { class: 'view-root', dataset: { view: match.view.name } });
  viewElement.replaceChildren(root);
  document.title = `${match.view.title} · Surge console`;
  unmount = match.view.mount(root, match.found.slice(1).map(decodeURIComponent)) ?? (() => undefined);
}

function watchServices() {
  const list = document.getElementById('services');
  every(5_000, async () => {
    try {
      const { body } = await api('/api/services');
      render(
        list,
        body.map((s) =>
          h(
            'li',
            {
              class: `service service-${s.status}`,
              title: `${s.url}: ${s.message ?? s.status}`,
              dataset: { service: s.service },
            },
            h('span', { class: 'dot', 'aria-hidden': 'true' }),
            s.service,
          ),
        ),
      );
    } catch (error) {
      render(
        list,
        h(
          'li',
          { class: 'service service-unreachable', title: error.message },
          h('span', { class: 'dot' }),
          'console offline',
        ),
      );
    }
  });
}

window.addEventListener('hashchange', route);
route();
watchServices();
