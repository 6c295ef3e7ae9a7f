// Inventory's products: available, reserved and sold units, a page at a time, or one sku.
import { ApiError, api, emptyBox, errorBox, every, h, money, render } from '../ui.mjs';

export const name = 'stock';
export const title = 'Stock';

const PAGE = 50;
const REFRESH_MS = 5_000;

export function mount(root) {
  let offset = 0;
  let sku = '';
  const summary = h('span', { class: 'muted' });
  const body = h('div', {});
  const pager = h('div', { class: 'pager' });
  const search = h('input', {
    type: 'search',
    name: 'sku',
    placeholder: 'Find a sku…',
    'aria-label': 'Find a sku',
    autocomplete: 'off',
  });
  const form = h(
    'form',
    { class: 'search', role: 'search' },
    search,
    h('button', { type: 'submit', class: 'button' }, 'Find'),
  );

  const load = async () => {
    try {
      if (sku) {
        const { body: product } = await api(`/api/products/${encodeURIComponent(sku)}`);
        render(summary, `sku ${sku}`);
        render(body, table([product]));
        render(pager, h('button', { type: 'button', class: 'button', onclick: () => find('') }, 'Show all'));
        return;
      }
      const { body: page } = await api(`/api/products?limit=${PAGE}&offset=${offset}`);
      const total = page.total ?? page.products.length;
      render(summary, `${total} product(s)`);
      render(
        body,
        page.products.length === 0
          ? emptyBox('No products. Create one with POST /products on inventory.')
          : table(page.products),
      );
      render(
        pager,
        h(
          'button',
          { type: 'button', class: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE)) },
          '← Previous',
        ),
        h('span', { class: 'muted' }, total === 0 ? '' : `${offset + 1}–${Math.min(offset + PAGE, total)} of ${total}`),
        h(
          'button',
          { type: 'button', class: 'button', disabled: offset + PAGE >= total, onclick: () => go(offset + PAGE) },
          'Next →',
        ),
      );
    } catch (error) {
      const what = error instanceof ApiError && error.status === 404 ? `No product ${sku}` : 'Stock cannot be read';
      render(body, errorBox(what, error.message));
      render(pager);
    }
  };
  const go = (next) => {
    offset = next;
    void load();
  };
  const find = (value) => {
    sku = value.trim();
    search.value = sku;
    offset = 0;
    void load();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    find(search.value);
  });

  render(
    root,
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h1', {}, 'Stock'), summary, h('span', { class: 'spacer' }), form),
      body,
      pager,
    ),
  );
  return every(REFRESH_MS, load);
}

function table(products) {
  return h(
    'table',
    { class: 'grid stock' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'SKU'),
        h('th', {}, 'Name'),
        h('th', { class: 'num' }, 'Unit price'),
        h('th', { class: 'num' }, 'Available'),
        h('th', { class: 'num' }, 'Reserved'),
        h('th', { class: 'num' }, 'Sold'),
        h('th', { class: 'num' }, 'Total'),
        h('th', { class: 'bar-col' }, ''),
      ),
    ),
    h(
      'tbody',
      {},
      products.map((p) => {
        const total = p.available + p.reserved + p.sold;
        const segment = (kind, units) => {
          const part = h('span', { class: `seg seg-${kind}`, title: `${kind} ${units}` });
          part.style.width = `${total === 0 ? 0 : (units / total) * 100}%`;
          return part;
        };
        return h(
          'tr',
          {
            dataset: { sku: p.sku, available: String(p.available), reserved: String(p.reserved), sold: String(p.sold) },
          },
          h('td', { class: 'mono' }, p.sku),
          h('td', {}, p.name),
          h('td', { class: 'num' }, money(p.unitPrice, p.currency)),
          h('td', { class: 'num strong', dataset: { col: 'available' } }, p.available),
          h('td', { class: 'num', dataset: { col: 'reserved' } }, p.reserved),
          h('td', { class: 'num', dataset: { col: 'sold' } }, p.sold),
          h('td', { class: 'num muted' }, total),
          h(
            'td',
            { class: 'bar-col' },
            h(
              'div',
              { class: 'stack-bar', 'aria-hidden': 'true' },
              segment('available', p.available),
              segment('reserved', p.reserved),
              segment('sold', p.sold),
            ),
          ),
        );
      }),
    ),
  );
}
