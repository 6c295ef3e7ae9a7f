/* global document, fetch, setTimeout, clearTimeout */
// Small helpers shared by the views: element building, the console's /api, formatting.

/**
 * h('td', { class: 'num', dataset: { sku } }, 'text', child) → an element. Children may be
 * strings, numbers, nodes, arrays of them, or null/undefined/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(typeof child === 'object' ? child : String(child));
  }
}

/** Replaces an element's content. */
export function render(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** An error of the console's /api, with its status and the server's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** JSON from the console's own /api; throws ApiError with the server's message. */
export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, ...options });
  } catch {
    throw new ApiError(0, 'the console server cannot be reached');
  }
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = { message: text };
  }
  if (!response.ok) {
    const message = Array.isArray(body?.message) ? body.message.join('; ') : (body?.message ?? response.statusText);
    throw new ApiError(response.status, message);
  }
  return { status: response.status, body };
}

/**
 * Runs `load` now and then every `intervalMs` after each run ends, until the returned function is
 * called: the view's refresh loop.
 */
/** A view's panel: its heading, a live summary beside it, a note on the right, then its body. */
export function panel(title, summary, note, body) {
  return h(
    'section',
    { class: 'panel' },
    h(
      'div',
      { class: 'panel-head' },
      h('h1', {}, title),
      summary,
      h('span', { class: 'spacer' }),
      h('span', { class: 'muted' }, note),
    ),
    body,
  );
}

export function every(intervalMs, load) {
  let timer;
  let stopped = false;
  const run = async () => {
    try {
      await load();
    } finally {
      if (!stopped) timer = setTimeout(run, intervalMs);
    }
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A coloured status label: CONFIRMED, REJECTED, AUTHORIZED, ... */
export function badge(text, kind = String(text).toLowerCase()) {
  return h('span', { class: `badge badge-${kind}`, dataset: { badge: text } }, text);
}

/** A service name in its colour. */
export function serviceChip(service) {
  if (!service) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `chip chip-${service}` }, service);
}

/** A view's (or a section's) "could not be read" message. */
export function errorBox(title, message) {
  return h(
    'div',
    { class: 'error-box', role: 'alert' },
    h('strong', {}, title),
    h('div', { class: 'error-detail' }, message),
  );
}

export function emptyBox(message) {
  return h('div', { class: 'empty-box' }, message);
}

/** Minor units as a decimal amount: 5000, EUR → "50.00 EUR". */
export function money(minorUnits, currency) {
  return `${(Number(minorUnits) / 100).toFixed(2)} ${currency}`;
}

/** 12:03:04.567 (local time), with the date when it is not today. */
export function clock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const time =
    date.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
  const today = new Date().toDateString() === date.toDateString();
  return today ? time : `${date.toLocaleDateString()} ${time}`;
}

/** 850 ms, 1.25 s, 2 min 5 s. */
export function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** "3 s ago", "5 min ago". */
export function ago(iso, now = Date.now()) {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return '';
  if (ms < 1_000) return 'just now';
  if (ms < 60_000) return `${Math.floor(ms / 1_000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${Math.floor(ms / 3_600_000)} h ago`;
}

/** The first 8 characters of an id, the whole one on hover. */
export function shortId(id) {
  return h('span', { class: 'mono', title: id }, String(id).slice(0, 8));
}

/** Pretty-printed JSON in a <pre>. */
export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}
