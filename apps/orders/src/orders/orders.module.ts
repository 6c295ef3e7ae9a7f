import { type DynamicModule, Module } from '@nestjs/common';
import type { OrdersConfig } from '../orders.config';
import { ApplySagaAnswers } from './apply-saga-answers';
import { DeadlineSweeper } from './deadline-sweeper';
import { OrdersController } from './orders.controller';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import { SagaMetrics } from './saga-metrics';
import { SagaEventsController } from './saga-events.controller';
import { SAGA_DEADLINE, type SagaDeadlineOptions, TimeOutOverdueOrders } from './time-out-overdue-orders';

export function sagaDeadlineOptions(config: OrdersConfig): SagaDeadlineOptions {
  return {
    deadlineMs: config.SAGA_DEADLINE_MS,
    sweepIntervalMs: config.SAGA_DEADLINE_SWEEP_MS,
    batchSize: config.SAGA_DEADLINE_BATCH,
  };
}

/** Orders and their saga: placed over HTTP, driven by the answer topics and the saga deadline. */
@Module({})
export class OrdersModule {
  static register(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersModule,
      controllers: [OrdersController, SagaEventsController],
      providers: [
        { provide: SAGA_DEADLINE, useValue: sagaDeadlineOptions(config) },
        OrdersService,
        ApplySagaAnswers,
        OrdersRepository,
        TimeOutOverdueOrders,
        DeadlineSweeper,
        SagaMetrics,
      ],
    };
  }
}
