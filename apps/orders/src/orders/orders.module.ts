import { Module } from '@nestjs/common';
import { ApplySagaAnswers } from './apply-saga-answers';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { SagaEventsController } from './saga-events.controller';

@Module({
  controllers: [OrdersController, SagaEventsController],
  providers: [OrdersService, ApplySagaAnswers, OrdersRepository],
})
export class OrdersModule {}
