// One order's events across the services, the gap before each, and the hop that took longest.
import {
  ApiError,
  api,
  badge,
  clock,
  duration,
  emptyBox,
  errorBox,
  every,
  h,
  money,
  render,
  serviceChip,
} from '../ui.mjs';

export const name = 'timeline';
export const title = 'Order timeline';

/** Re-read while the view is open: answers and notifications keep arriving after the order is final. */
const REFRESH_MS = 2_000;

export function mount(root, [orderId]) {
  const body = h('div', {});
  render(root, h('a', { href: '#/orders', class: 'back' }, '← Orders'), body);
  return every(REFRESH_MS, async () => {
    try {
      const { body: view } = await api(`/api/orders/${encodeURIComponent(orderId)}/timeline`);
      render(body, page(view));
    } catch (error) {
      const what =
        error instanceof ApiError && error.status === 404 ? `No order ${orderId}` : 'The order cannot be read';
      render(body, errorBox(what, error.message));
    }
  });
}

function page(view) {
  const { order } = view;
  return [
    h(
      'section',
      { class: 'panel' },
      h(
        'div',
        { class: 'panel-head' },
        h('h1', {}, 'Order ', h('span', { class: 'mono' }, order.orderId)),
        badge(order.status),
        order.reason ? h('span', { class: 'reason' }, order.reason) : null,
      ),
      h(
        'dl',
        { class: 'facts' },
        fact('Customer', order.customerId),
        fact('Total', money(order.totalAmount, order.currency)),
        fact(
          'Items',
          order.items.map((i) => `${i.quantity} × ${i.sku} @ ${money(i.unitPrice, order.currency)}`).join(', '),
        ),
        fact('Placed', clock(order.createdAt)),
        fact('Last change', clock(order.updatedAt)),
        fact('Span', view.spanMs === null ? '—' : duration(view.spanMs)),
      ),
    ),
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Timeline across services')),
      longestHop(view.longestHop),
      steps(view),
    ),
    h(
      'div',
      { class: 'cards' },
      card('Fraud check', 'fraud-detection', view.fraudCheck, (c) => [
        h('div', {}, badge(c.decision), ' score ', h('strong', {}, c.score)),
        c.reasons.length > 0
          ? h('div', { class: 'muted' }, c.reasons.join(', '))
          : h('div', { class: 'muted' }, 'no rule fired'),
      ]),
      card('Payment', 'payments', view.payment, (p) => [
        h('div', {}, badge(p.status), ' ', h('strong', {}, money(p.amount, p.currency))),
        p.reason ? h('div', { class: 'muted' }, p.reason) : null,
      ]),
      card('Notifications', 'notifications', view.notifications, (list) =>
        list.length === 0
          ? h('div', { class: 'muted' }, 'none sent yet')
          : h(
              'ul',
              { class: 'plain' },
              list.map((n) =>
                h(
                  'li',
                  {},
                  badge(n.type, 'neutral'),
                  ' ',
                  n.channel,
                  ' · ',
                  badge(n.status),
                  ' ',
                  h('span', { class: 'muted' }, clock(n.createdAt)),
                ),
              ),
            ),
      ),
    ),
  ];
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
}

function longestHop(hop) {
  if (!hop) return h('p', { class: 'muted' }, 'Fewer than two events: no hop yet.');
  return h(
    'div',
    { class: 'callout', dataset: { testid: 'longest-hop' } },
    h('span', { class: 'callout-label' }, 'Longest hop'),
    h('strong', {}, `${hop.from} → ${hop.to}`),
    ' took ',
    h('strong', {}, duration(hop.gapMs)),
    ', waiting on ',
    serviceChip(hop.service),
  );
}

function steps(view) {
  if (view.steps.length === 0) return emptyBox('No events recorded yet.');
  const widest = Math.max(1, ...view.steps.map((s) => s.gapMs ?? 0));
  return h(
    'table',
    { class: 'grid timeline' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'num' }, '#'),
        h('th', {}, 'Event'),
        h('th', {}, 'Service'),
        h('th', {}, 'At'),
        h('th', { class: 'num' }, 'Since previous'),
        h('th', { class: 'bar-col' }, ''),
        h('th', {}, 'Detail'),
      ),
    ),
    h(
      'tbody',
      {},
      view.steps.map((step, index) => {
        const bar = h('div', { class: 'bar' });
        bar.style.width = `${Math.max(step.gapMs ? 2 : 0, ((step.gapMs ?? 0) / widest) * 100)}%`;
        return h(
          'tr',
          {
            class: step.longest ? 'longest' : undefined,
            dataset: {
              index: String(index),
              event: step.type,
              longest: String(step.longest),
              service: step.service ?? '',
            },
          },
          h('td', { class: 'num muted' }, index + 1),
          h(
            'td',
            {},
            h('strong', {}, step.type),
            step.longest ? h('span', { class: 'tag-longest' }, 'longest hop') : null,
          ),
          h('td', {}, serviceChip(step.service)),
          h('td', { class: 'mono', title: step.at }, clock(step.at)),
          h('td', { class: 'num' }, step.gapMs === null ? '—' : `+${duration(step.gapMs)}`),
          h('td', { class: 'bar-col' }, h('div', { class: 'bar-track' }, bar)),
          h(
            'td',
            { class: 'detail' },
            step.detail ?? '',
            step.eventId ? h('div', { class: 'mono muted small', title: 'event id' }, step.eventId) : null,
          ),
        );
      }),
    ),
  );
}

function card(heading, service, section, show) {
  let content;
  if (section.status === 'ok') content = show(section.value);
  else if (section.status === 'none') content = h('div', { class: 'muted' }, `none: ${section.message}`);
  else content = errorBox(`${service} is unavailable`, section.message);
  return h(
    'section',
    { class: 'card', dataset: { section: service, state: section.status } },
    h('h3', {}, heading, ' ', serviceChip(service)),
    content,
  );
}
