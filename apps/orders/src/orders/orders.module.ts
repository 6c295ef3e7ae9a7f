import { type DynamicModule, Module } from '@nestjs/common';
import type { OrdersConfig } from '../orders.config';
import { ApplySagaAnswers } from './apply-saga-answers/apply-saga-answers';
import { SagaAnswersHandler } from './apply-saga-answers/saga-answers.handler';
import { CancelOrder } from './cancel-order/cancel-order';
import { CancelOrderController } from './cancel-order/cancel-order.controller';
import { GetOrder } from './get-order/get-order';
import { GetOrderController } from './get-order/get-order.controller';
import { ListOrders } from './list-orders/list-orders';
import { ListOrdersController } from './list-orders/list-orders.controller';
import { OrdersRepository } from './orders.repository';
import { PlaceOrder } from './place-order/place-order';
import { PlaceOrderController } from './place-order/place-order.controller';
import { SagaMetrics } from './saga-metrics';
import { DeadlineSweeper } from './time-out-overdue-orders/deadline-sweeper';
import {
  SAGA_DEADLINE,
  type SagaDeadlineOptions,
  TimeOutOverdueOrders,
} from './time-out-overdue-orders/time-out-overdue-orders';

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
      // In the order of the OpenAPI document's operations; no route here has a literal path that /orders/:id could take.
      controllers: [
        PlaceOrderController,
        ListOrdersController,
        GetOrderController,
        CancelOrderController,
        SagaAnswersHandler,
      ],
      providers: [
        { provide: SAGA_DEADLINE, useValue: sagaDeadlineOptions(config) },
        PlaceOrder,
        ListOrders,
        GetOrder,
        CancelOrder,
        ApplySagaAnswers,
        OrdersRepository,
        TimeOutOverdueOrders,
        DeadlineSweeper,
        SagaMetrics,
      ],
    };
  }
}
