// Every service's consumer groups: total lag, and each partition's committed and end offsets.
import { api, emptyBox, errorBox, every, h, panel, render, serviceChip } from '../ui.mjs';

export const name = 'lag';
export const title = 'Consumer lag';

const REFRESH_MS = 3_000;

export function mount(root) {
  /** Groups whose partitions are shown, kept across refreshes. */
  const expanded = new Set();
  const summary = h('span', { class: 'muted' });
  const body = h('div', {});
  render(root, panel('Consumer lag', summary, 'messages not yet committed, per group', body));
  return every(REFRESH_MS, async () => {
    try {
      const { body: view } = await api('/api/consumer-lag');
      const total = view.services.reduce((sum, s) => sum + (s.status === 'ok' ? s.value.totalLag : 0), 0);
      render(summary, `${total} in all`);
      render(
        body,
        view.services.map((part) => service(part, expanded)),
      );
    } catch (error) {
      render(body, errorBox('Consumer lag cannot be read', error.message));
    }
  });
}

function service(part, expanded) {
  const head = h(
    'h2',
    { class: 'service-head' },
    serviceChip(part.service),
    h('span', { class: 'muted small' }, part.url),
  );
  if (part.status !== 'ok')
    return h(
      'section',
      { class: 'service-block', dataset: { service: part.service, state: part.status } },
      head,
      errorBox(
        part.status === 'none' ? `${part.service} has no consumer-lag API` : `${part.service} is unavailable`,
        part.message,
      ),
    );
  return h(
    'section',
    { class: 'service-block', dataset: { service: part.service, state: 'ok' } },
    head,
    part.value.groups.length === 0
      ? emptyBox('No consumer groups.')
      : h(
          'div',
          { class: 'lag-groups' },
          part.value.groups.map((g) => group(part.service, g, expanded)),
        ),
  );
}

function group(serviceName, g, expanded) {
  const key = `${serviceName}/${g.group}`;
  const details = h(
    'details',
    { class: 'lag-group', open: expanded.has(key), dataset: { group: g.group, totalLag: String(g.totalLag) } },
    h(
      'summary',
      {},
      h('span', { class: 'mono strong' }, g.group),
      h('span', { class: 'muted small' }, `${g.topics.length} topic(s), ${g.partitions.length} partition(s)`),
      h('span', { class: 'spacer' }),
      h('span', { class: `lag-total${g.totalLag > 0 ? ' behind' : ''}`, title: 'total lag' }, `lag ${g.totalLag}`),
    ),
    h(
      'table',
      { class: 'grid compact' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Topic'),
          h('th', { class: 'num' }, 'Partition'),
          h('th', { class: 'num' }, 'Committed'),
          h('th', { class: 'num' }, 'End'),
          h('th', { class: 'num' }, 'Lag'),
        ),
      ),
      h(
        'tbody',
        {},
        g.partitions.map((p) =>
          h(
            'tr',
            { class: p.lag > 0 ? 'behind' : undefined, dataset: { topic: p.topic, partition: String(p.partition) } },
            h('td', { class: 'mono' }, p.topic),
            h('td', { class: 'num' }, p.partition),
            h('td', { class: 'num mono' }, p.committedOffset ?? h('span', { class: 'muted' }, 'none')),
            h('td', { class: 'num mono' }, p.endOffset),
            h('td', { class: 'num strong' }, p.lag),
          ),
        ),
      ),
    ),
  );
  details.addEventListener('toggle', () => {
    if (details.open) expanded.add(key);
    else expanded.delete(key);
  });
  return details;
}
