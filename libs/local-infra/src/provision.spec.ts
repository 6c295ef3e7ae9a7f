import { databaseNameFor, defaultPasswordFor, serviceDatabaseUrl, upperSnake } from './provision';

describe('databaseNameFor', () => {
  it('prefixes the service and turns dashes into underscores', () => {
    expect(databaseNameFor('orders')).toBe('surge_orders');
    expect(databaseNameFor('fraud-detection')).toBe('surge_fraud_detection');
  });

  it('refuses names that would need quoting tricks', () => {
    expect(() => databaseNameFor('Orders')).toThrow(/not a valid service name/);
    expect(() => databaseNameFor('a"; DROP')).toThrow(/not a valid service name/);
  });
});

describe('upperSnake', () => {
  it('names environment variables', () => {
    expect(upperSnake('fraud-detection')).toBe('FRAUD_DETECTION');
  });
});

describe('defaultPasswordFor', () => {
  it('is stable for a role and differs between roles', () => {
    expect(defaultPasswordFor('surge_orders')).toBe(defaultPasswordFor('surge_orders'));
    expect(defaultPasswordFor('surge_orders')).not.toBe(defaultPasswordFor('surge_payments'));
  });
});

describe('serviceDatabaseUrl', () => {
  it('keeps the admin server and options, with the service role and database', () => {
    const url = serviceDatabaseUrl(
      'postgresql://postgres:admin@127.0.0.1:5433/postgres?sslmode=disable',
      'fraud-detection',
      'p@ss',
    );
    expect(url).toBe('postgresql://surge_fraud_detection:p%40ss@127.0.0.1:5433/surge_fraud_detection?sslmode=disable');
  });
});
