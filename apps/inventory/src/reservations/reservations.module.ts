import { Module } from '@nestjs/common';
import { ApplyOrderEvents } from './apply-order-events/apply-order-events';
import { OrderCancelledHandler } from './apply-order-events/order-cancelled.handler';
import { OrderConfirmedHandler } from './apply-order-events/order-confirmed.handler';
import { OrderPlacedHandler } from './apply-order-events/order-placed.handler';
import { OrderRejectedHandler } from './apply-order-events/order-rejected.handler';
import { ReservationsRepository } from './reservations.repository';

@Module({
  // Every order topic goes to the same use case: one transaction per batch, whichever topic it came from.
  controllers: [OrderPlacedHandler, OrderRejectedHandler, OrderCancelledHandler, OrderConfirmedHandler],
  providers: [ApplyOrderEvents, ReservationsRepository],
})
export class ReservationsModule {}
