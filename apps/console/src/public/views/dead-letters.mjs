// Every service's dead letters per consumer group: inspect one, replay it to its original topic.
import { api, badge, clock, emptyBox, errorBox, every, h, json, panel, render, serviceChip } from '../ui.mjs';

export const name = 'dead-letters';
export const title = 'Dead letters';

// Each refresh makes every service read its dead-letter topics from the start (a throw-away consumer group).
const REFRESH_MS = 10_000;

export function mount(root) {
  /** Refs whose details are open, kept across refreshes. */
  const open = new Set();
  /** The outcome of the last replay of a ref, shown on its row. */
  const replays = new Map();
  const summary = h('span', { class: 'muted' });
  const body = h('div', {});
  let last;

  const draw = () => {
    if (last)
      render(
        body,
        last.services.map((part) => service(part, open, replays, actions)),
      );
  };
  const actions = {
    toggle(ref) {
      if (open.has(ref)) open.delete(ref);
      else open.add(ref);
      draw();
    },
    async replay(serviceName, ref) {
      replays.set(ref, { state: 'pending', text: 'replaying…' });
      draw();
      try {
        const { status, body: answer } = await api(
          `/api/dead-letters/${encodeURIComponent(serviceName)}/${encodeURIComponent(ref)}/replay`,
          { method: 'POST' },
        );
        replays.set(ref, { state: 'ok', status, text: `${status} · replayed to ${answer.replayedTo ?? 'its topic'}` });
      } catch (error) {
        replays.set(ref, {
          state: 'failed',
          status: error.status,
          text: `${error.status || ''} ${error.message}`.trim(),
        });
      }
      draw();
    },
  };

  render(root, panel('Dead letters', summary, 'per consumer group, oldest first', body));

  return every(REFRESH_MS, async () => {
    try {
      ({ body: last } = await api('/api/dead-letters'));
      const total = last.services.reduce((sum, s) => sum + (s.status === 'ok' ? s.value.total : 0), 0);
      render(summary, `${total} in all`);
      draw();
    } catch (error) {
      render(body, errorBox('Dead letters cannot be read', error.message));
    }
  });
}

function service(part, open, replays, actions) {
  const head = h(
    'h2',
    { class: 'service-head' },
    serviceChip(part.service),
    h('span', { class: 'muted small' }, part.url),
  );
  if (part.status === 'unavailable')
    return h(
      'section',
      { class: 'service-block', dataset: { service: part.service, state: 'unavailable' } },
      head,
      errorBox(`${part.service} is unavailable`, part.message),
    );
  if (part.status === 'none')
    return h(
      'section',
      { class: 'service-block', dataset: { service: part.service, state: 'none' } },
      head,
      errorBox(`${part.service} has no dead-letter API`, part.message),
    );
  const { groups } = part.value;
  return h(
    'section',
    { class: 'service-block', dataset: { service: part.service, state: 'ok' } },
    head,
    groups.length === 0
      ? emptyBox('No dead letters.')
      : groups.map((group) => groupTable(part.service, group, open, replays, actions)),
  );
}

function groupTable(serviceName, group, open, replays, actions) {
  return h(
    'div',
    { class: 'group', dataset: { group: group.group } },
    h(
      'h3',
      {},
      'group ',
      h('span', { class: 'mono' }, group.group),
      ' ',
      h('span', { class: 'count' }, group.deadLetters.length),
    ),
    h(
      'table',
      { class: 'grid dead-letters' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Failed'),
          h('th', {}, 'Original topic'),
          h('th', { class: 'num' }, 'Partition / offset'),
          h('th', {}, 'Key'),
          h('th', {}, 'Event'),
          h('th', {}, 'Error'),
          h('th', { class: 'num' }, 'Attempts'),
          h('th', {}, ''),
          h('th', {}, ''),
        ),
      ),
      h(
        'tbody',
        {},
        group.deadLetters.flatMap((d) => {
          const replay = replays.get(d.ref);
          const row = h(
            'tr',
            { dataset: { ref: d.ref, key: d.key ?? '', replayedFrom: d.replayedFrom ?? '' } },
            h('td', { title: d.failedAt }, clock(d.failedAt)),
            h('td', { class: 'mono topic' }, d.topic),
            h('td', { class: 'num mono' }, `${d.partition} / ${d.offset}`),
            h('td', { class: 'mono key' }, d.key ?? h('span', { class: 'muted' }, '—')),
            h('td', {}, d.eventType ?? h('span', { class: 'muted' }, 'undecodable')),
            h(
              'td',
              { class: 'error-cell', title: d.error },
              d.error,
              d.replayedFrom
                ? h(
                    'div',
                    { class: 'replay-of' },
                    badge('replay', 'neutral'),
                    ' of ',
                    h('span', { class: 'mono' }, d.replayedFrom),
                  )
                : null,
            ),
            h('td', { class: 'num' }, d.attempts),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'button',
                  'aria-expanded': String(open.has(d.ref)),
                  onclick: () => actions.toggle(d.ref),
                },
                open.has(d.ref) ? 'Close' : 'Inspect',
              ),
            ),
            h(
              'td',
              { class: 'actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'button primary',
                  disabled: replay?.state === 'pending',
                  onclick: () => actions.replay(serviceName, d.ref),
                },
                'Replay',
              ),
              replay
                ? h(
                    'div',
                    {
                      class: `replay-result replay-${replay.state}`,
                      role: 'status',
                      dataset: { status: String(replay.status ?? '') },
                    },
                    replay.text,
                  )
                : null,
            ),
          );
          if (!open.has(d.ref)) return [row];
          return [row, h('tr', { class: 'inspect', dataset: { inspect: d.ref } }, h('td', { colspan: 9 }, inspect(d)))];
        }),
      ),
    ),
  );
}

function inspect(d) {
  return h(
    'div',
    { class: 'inspect-body' },
    h(
      'dl',
      { class: 'facts' },
      fact('Ref', h('span', { class: 'mono' }, d.ref)),
      fact('Group', d.group),
      fact('Original', h('span', { class: 'mono' }, `${d.topic} [${d.partition}] @ ${d.offset}`)),
      fact('Attempts', d.attempts),
      fact('Failed at', d.failedAt),
      fact('Replay of', d.replayedFrom ? h('span', { class: 'mono' }, d.replayedFrom) : '—'),
    ),
    h('h4', {}, 'Error'),
    h('pre', { class: 'json error-text' }, d.error),
    h('h4', {}, 'Payload'),
    d.payload === null || d.payload === undefined
      ? h('div', { class: 'muted' }, `not decoded: ${d.payloadError ?? 'no payload'}`)
      : json(d.payload),
    h('h4', {}, 'Headers'),
    json(d.headers ?? {}),
  );
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
}
