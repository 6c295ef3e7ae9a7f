import { DeliveryError, type DeliveryChannel, type OutgoingNotification } from './channel';

/**
 * POSTs each notification as JSON. Any answer but 2xx, a network error or no
 * answer within the timeout is a failed attempt. The `Idempotency-Key`
 * header (the notification id) lets the receiver drop a repeated delivery.
 */
export class WebhookChannel implements DeliveryChannel {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async deliver(notification: OutgoingNotification): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': notification.id,
          'x-correlation-id': notification.correlationId,
        },
        body: JSON.stringify({
          id: notification.id,
          type: notification.type,
          recipient: notification.channel,
          orderId: notification.orderId,
          customerId: notification.customerId,
          subject: notification.subject,
          body: notification.body,
          createdAt: notification.createdAt.toISOString(),
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(`webhook unreachable: ${describe(error)}`, { cause: error });
    }
    // Drained so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new DeliveryError(`webhook answered ${response.status}`);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}
