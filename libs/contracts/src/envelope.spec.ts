import { eventEnvelope } from './envelope';

const cause = {
  eventId: '5f0c7a52-8d7e-4d35-9a41-0c9a4f3f2b11',
  correlationId: 'checkout-42',
  causationId: null,
  occurredAt: 1_700_000_000_000,
  orderId: '9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b',
};

describe('eventEnvelope', () => {
  it('carries the correlation id of the event that caused it and names that event as its cause', () => {
    const envelope = eventEnvelope(cause.orderId, { causedBy: cause }, 1_700_000_000_500);

    expect(envelope).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      correlationId: 'checkout-42',
      causationId: cause.eventId,
      occurredAt: 1_700_000_000_500,
      orderId: cause.orderId,
    });
    expect(envelope.eventId).not.toBe(cause.eventId);
  });

  it('has no cause when a request started it', () => {
    const envelope = eventEnvelope(cause.orderId, { startedBy: { correlationId: 'request-7' } }, 5);

    expect(envelope).toMatchObject({ correlationId: 'request-7', causationId: null, occurredAt: 5 });
  });

  it('gives every event an id of its own and stamps it now by default', () => {
    const before = Date.now();
    const [a, b] = [1, 2].map(() => eventEnvelope(cause.orderId, { causedBy: cause }));

    expect(a.eventId).not.toBe(b.eventId);
    expect(a.occurredAt).toBeGreaterThanOrEqual(before);
    expect(a.occurredAt).toBeLessThanOrEqual(Date.now());
  });
});
