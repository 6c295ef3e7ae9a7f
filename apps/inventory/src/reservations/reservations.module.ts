import { Module } from '@nestjs/common';
import { ApplyOrderEvents } from './apply-order-events';
import { OrderEventsController } from './order-events.controller';
import { ReservationsRepository } from './reservations.repository';

@Module({
  controllers: [OrderEventsController],
  providers: [ApplyOrderEvents, ReservationsRepository],
})
export class ReservationsModule {}
