/* global EventSource, window */
// The newest orders with their status, kept live by the console's event stream.
import { badge, clock, emptyBox, errorBox, h, money, render } from '../ui.mjs';

export const name = 'orders';
export const title = 'Orders';

export function mount(root) {
  const state = h('span', { class: 'live-state', dataset: { state: 'connecting' } }, 'connecting…');
  const body = h('div', { class: 'panel-body' });
  render(
    root,
    h(
      'section',
      { class: 'panel' },
      h(
        'div',
        { class: 'panel-head' },
        h('h1', {}, 'Orders'),
        h('span', { class: 'muted' }, 'newest 50, live'),
        h('span', { class: 'spacer' }),
        state,
      ),
      body,
    ),
  );

  /** Status per order as last shown, to flash the rows that change. */
  let shown = new Map();
  const setState = (kind, text) => {
    state.dataset.state = kind;
    render(state, h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
  };

  const source = new EventSource('/api/orders/stream');
  source.addEventListener('orders', (message) => {
    const snapshot = JSON.parse(message.data);
    setState('live', `live · ${clock(snapshot.at)}`);
    const next = new Map(snapshot.orders.map((o) => [o.orderId, o.status]));
    render(body, table(snapshot, shown));
    shown = next;
  });
  source.addEventListener('unavailable', (message) => {
    const snapshot = JSON.parse(message.data);
    setState('down', 'orders unavailable');
    render(body, errorBox('The orders service is unavailable', snapshot.message));
  });
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.OPEN) setState('down', 'reconnecting…');
  });
  return () => source.close();
}

function table(snapshot, shown) {
  if (snapshot.orders.length === 0)
    return emptyBox('No orders yet. Place one with POST /orders on the orders service.');
  return h(
    'table',
    { class: 'grid orders' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Order'),
        h('th', {}, 'Customer'),
        h('th', {}, 'Items'),
        h('th', { class: 'num' }, 'Total'),
        h('th', {}, 'Status'),
        h('th', {}, 'Updated'),
        h('th', {}, 'Placed'),
      ),
    ),
    h(
      'tbody',
      {},
      snapshot.orders.map((order) => {
        const before = shown.get(order.orderId);
        const changed = shown.size > 0 && before !== order.status;
        const href = `#/orders/${encodeURIComponent(order.orderId)}`;
        return h(
          'tr',
          {
            class: `clickable${changed ? ' flash' : ''}`,
            dataset: { orderId: order.orderId, status: order.status },
            onclick: () => {
              window.location.hash = href;
            },
          },
          h('td', {}, h('a', { href, class: 'mono', title: order.orderId }, order.orderId.slice(0, 8))),
          h('td', {}, order.customerId),
          h('td', {}, order.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')),
          h('td', { class: 'num' }, money(order.totalAmount, order.currency)),
          h('td', {}, badge(order.status), order.reason ? h('span', { class: 'reason' }, order.reason) : null),
          h('td', { title: order.updatedAt }, clock(order.updatedAt)),
          h('td', { title: order.createdAt }, clock(order.createdAt)),
        );
      }),
    ),
    snapshot.total !== null && snapshot.total > snapshot.orders.length
      ? h('caption', { class: 'muted' }, `${snapshot.orders.length} of ${snapshot.total} orders`)
      : null,
  );
}
