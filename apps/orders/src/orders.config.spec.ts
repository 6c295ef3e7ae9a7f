import { ConfigError } from '@surge/platform';
import { loadOrdersConfig } from './orders.config';

describe('the orders configuration', () => {
  it('gives an order two minutes and sweeps every five seconds when nothing is set', () => {
    expect(loadOrdersConfig({})).toEqual({
      SAGA_DEADLINE_MS: 120_000,
      SAGA_DEADLINE_SWEEP_MS: 5_000,
      SAGA_DEADLINE_BATCH: 100,
    });
  });

  it('parses the deadline, the sweep interval and the batch', () => {
    expect(
      loadOrdersConfig({ SAGA_DEADLINE_MS: '1500', SAGA_DEADLINE_SWEEP_MS: '200', SAGA_DEADLINE_BATCH: '10' }),
    ).toEqual({ SAGA_DEADLINE_MS: 1_500, SAGA_DEADLINE_SWEEP_MS: 200, SAGA_DEADLINE_BATCH: 10 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadOrdersConfig({ SAGA_DEADLINE_MS: '' }).SAGA_DEADLINE_MS).toBe(120_000);
  });

  it('names every malformed variable at once', () => {
    const load = () =>
      loadOrdersConfig({ SAGA_DEADLINE_MS: 'two minutes', SAGA_DEADLINE_SWEEP_MS: '0', SAGA_DEADLINE_BATCH: '1.5' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/invalid configuration for orders/);
    expect(load).toThrow(/SAGA_DEADLINE_MS/);
    expect(load).toThrow(/SAGA_DEADLINE_SWEEP_MS: at least 10 \(milliseconds\)/);
    expect(load).toThrow(/SAGA_DEADLINE_BATCH/);
  });

  it('refuses a deadline that looks like seconds', () => {
    expect(() => loadOrdersConfig({ SAGA_DEADLINE_MS: '120' })).toThrow(
      /SAGA_DEADLINE_MS: at least 1000 \(milliseconds\)/,
    );
  });

  it('ignores the variables of the platform and of other services', () => {
    expect(loadOrdersConfig({ PORT: '3001', NOTIFICATIONS_MAX_ATTEMPTS: '3' })).toEqual(loadOrdersConfig({}));
  });
});
