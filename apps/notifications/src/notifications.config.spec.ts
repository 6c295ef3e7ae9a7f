import { ConfigError } from '@surge/platform';
import { loadNotificationsConfig } from './notifications.config';

describe('the notifications configuration', () => {
  it('has only the log channel and sane retry defaults when nothing is set', () => {
    const config = loadNotificationsConfig({});
    expect(config.NOTIFICATIONS_WEBHOOK_URL).toBeUndefined();
    expect(config.SMTP_HOST).toBeUndefined();
    expect(config).toMatchObject({
      NOTIFICATIONS_WEBHOOK_TIMEOUT_MS: 5_000,
      NOTIFICATIONS_MAX_ATTEMPTS: 8,
      NOTIFICATIONS_RETRY_INITIAL_MS: 1_000,
      NOTIFICATIONS_RETRY_MAX_MS: 300_000,
    });
  });

  it('parses a webhook and SMTP settings', () => {
    const config = loadNotificationsConfig({
      NOTIFICATIONS_WEBHOOK_URL: 'https://hooks.example/notify',
      NOTIFICATIONS_MAX_ATTEMPTS: '3',
      SMTP_HOST: 'smtp.example',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_FROM: 'Surge <no-reply@surge.example>',
      SMTP_CUSTOMER_ADDRESS: '{customerId}@customers.example',
      SMTP_OPERATIONS_ADDRESS: 'ops@surge.example',
    });
    expect(config).toMatchObject({
      NOTIFICATIONS_WEBHOOK_URL: 'https://hooks.example/notify',
      NOTIFICATIONS_MAX_ATTEMPTS: 3,
      SMTP_PORT: 465,
      SMTP_SECURE: true,
    });
  });

  it('names every malformed variable at once', () => {
    const load = () =>
      loadNotificationsConfig({
        NOTIFICATIONS_WEBHOOK_URL: 'ftp://nope',
        NOTIFICATIONS_MAX_ATTEMPTS: 'many',
        SMTP_SECURE: 'yes',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/NOTIFICATIONS_WEBHOOK_URL: expected an http\(s\):\/\/ URL/);
    expect(load).toThrow(/NOTIFICATIONS_MAX_ATTEMPTS/);
    expect(load).toThrow(/SMTP_SECURE: expected true or false/);
  });

  it('refuses a maximum retry delay below the initial one', () => {
    expect(() =>
      loadNotificationsConfig({ NOTIFICATIONS_RETRY_INITIAL_MS: '5000', NOTIFICATIONS_RETRY_MAX_MS: '100' }),
    ).toThrow(/NOTIFICATIONS_RETRY_MAX_MS: must be at least NOTIFICATIONS_RETRY_INITIAL_MS/);
  });

  it('requires the sender and the addresses with SMTP_HOST', () => {
    const load = () => loadNotificationsConfig({ SMTP_HOST: 'smtp.example', SMTP_USER: 'surge' });
    expect(load).toThrow(/SMTP_FROM: required with SMTP_HOST/);
    expect(load).toThrow(/SMTP_CUSTOMER_ADDRESS: required with SMTP_HOST/);
    expect(load).toThrow(/SMTP_OPERATIONS_ADDRESS: required with SMTP_HOST/);
    expect(load).toThrow(/SMTP_PASSWORD: SMTP_USER and SMTP_PASSWORD go together/);
  });

  it('refuses a customer address without the customer id in it', () => {
    expect(() => loadNotificationsConfig({ SMTP_CUSTOMER_ADDRESS: 'all@customers.example' })).toThrow(
      /SMTP_CUSTOMER_ADDRESS: must contain \{customerId\}/,
    );
  });
});
