import { ordersInWindow } from './velocity';

const MINUTE = 60_000;
const t = Date.parse('2026-01-31T12:00:00.000Z');

describe('counting orders in the velocity window', () => {
  it('counts the order at the end of the window', () => {
    expect(ordersInWindow([t], t, MINUTE)).toBe(1);
  });

  it('counts orders placed within the window before it', () => {
    expect(ordersInWindow([t - 59_999, t - 30_000, t], t, MINUTE)).toBe(3);
  });

  it('leaves out an order placed exactly one window earlier', () => {
    expect(ordersInWindow([t - MINUTE, t], t, MINUTE)).toBe(1);
  });

  it('leaves out orders placed after it (a late delivery does not see the future)', () => {
    expect(ordersInWindow([t, t + 1, t + 10_000], t, MINUTE)).toBe(1);
  });
});
