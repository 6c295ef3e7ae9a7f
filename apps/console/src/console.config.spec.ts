import { loadConsoleConfig } from './console.config';

describe('the console configuration', () => {
  it('defaults to port 3000 on 127.0.0.1 and the services on 3001 to 3005', () => {
    const config = loadConsoleConfig({});

    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', ORDERS_POLL_MS: 1_000, UPSTREAM_TIMEOUT_MS: 5_000 });
    expect(config.serviceUrls).toEqual({
      orders: 'http://127.0.0.1:3001',
      inventory: 'http://127.0.0.1:3002',
      payments: 'http://127.0.0.1:3003',
      'fraud-detection': 'http://127.0.0.1:3004',
      notifications: 'http://127.0.0.1:3005',
    });
  });

  it('reads every variable, dropping a trailing slash from the URLs', () => {
    const config = loadConsoleConfig({
      PORT: '4000',
      HOST: '0.0.0.0',
      FRAUD_DETECTION_URL: 'http://fraud:8080/',
      ORDERS_URL: 'https://orders.example.com/api',
    });

    expect(config).toMatchObject({ PORT: 4000, HOST: '0.0.0.0' });
    expect(config.serviceUrls['fraud-detection']).toBe('http://fraud:8080');
    expect(config.serviceUrls.orders).toBe('https://orders.example.com/api');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConsoleConfig({ PORT: '', INVENTORY_URL: '' })).toMatchObject({
      PORT: 3000,
      serviceUrls: { inventory: 'http://127.0.0.1:3002' },
    });
  });

  it('refuses malformed values, naming every variable', () => {
    expect(() => loadConsoleConfig({ PORT: 'eighty', NOTIFICATIONS_URL: 'localhost:3005' })).toThrow(
      /^invalid configuration for console: PORT: .*; NOTIFICATIONS_URL: expected an http\(s\):\/\/ URL$/,
    );
    expect(() => loadConsoleConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConsoleConfig({ ORDERS_POLL_MS: '5' })).toThrow('ORDERS_POLL_MS: at least 100 (milliseconds)');
  });
});
