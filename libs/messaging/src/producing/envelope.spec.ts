import { ORDER_PLACED_V1 } from '@surge/contracts';
import { envelopeHeaders } from './envelope';
import { HEADER } from '../headers';

describe('envelopeHeaders', () => {
  const envelope = {
    eventId: '7f1c1c55-8c4e-4a55-9a5e-0d2b8c3f1a11',
    correlationId: 'corr-1',
    causationId: null,
    occurredAt: Date.UTC(2026, 10, 25, 12, 0, 0),
    orderId: 'order-1',
  };

  it('carries the envelope so tools can read it without decoding Avro', () => {
    expect(envelopeHeaders(ORDER_PLACED_V1, envelope, 'orders')).toEqual({
      [HEADER.eventId]: envelope.eventId,
      [HEADER.eventType]: ORDER_PLACED_V1,
      [HEADER.correlationId]: 'corr-1',
      [HEADER.occurredAt]: '2026-11-25T12:00:00.000Z',
      [HEADER.producer]: 'orders',
    });
  });

  it('adds the causation id when an event caused this one', () => {
    expect(envelopeHeaders(ORDER_PLACED_V1, { ...envelope, causationId: 'cause-1' }, 'orders')).toHaveProperty(
      HEADER.causationId,
      'cause-1',
    );
  });
});
