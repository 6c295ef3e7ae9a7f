// generated from schemas/**/*.avsc by npm run codegen — do not edit

import {
  FRAUD_CHECK_COMPLETED_V1,
  FraudCheckCompletedV1,
  FraudCheckCompletedV1Schema,
} from './fraud-check-completed.v1';
import { INVENTORY_REJECTED_V1, InventoryRejectedV1, InventoryRejectedV1Schema } from './inventory-rejected.v1';
import { INVENTORY_RELEASED_V1, InventoryReleasedV1, InventoryReleasedV1Schema } from './inventory-released.v1';
import { INVENTORY_RESERVED_V1, InventoryReservedV1, InventoryReservedV1Schema } from './inventory-reserved.v1';
import { ORDER_CANCELLED_V1, OrderCancelledV1, OrderCancelledV1Schema } from './order-cancelled.v1';
import { ORDER_CONFIRMED_V1, OrderConfirmedV1, OrderConfirmedV1Schema } from './order-confirmed.v1';
import { ORDER_PLACED_V1, OrderPlacedV1, OrderPlacedV1Schema } from './order-placed.v1';
import { ORDER_REJECTED_V1, OrderRejectedV1, OrderRejectedV1Schema } from './order-rejected.v1';
import { PAYMENT_REQUESTED_V1, PaymentRequestedV1, PaymentRequestedV1Schema } from './payment-requested.v1';
import { PAYMENT_AUTHORIZED_V1, PaymentAuthorizedV1, PaymentAuthorizedV1Schema } from './payment-authorized.v1';
import { PAYMENT_DECLINED_V1, PaymentDeclinedV1, PaymentDeclinedV1Schema } from './payment-declined.v1';
import { PAYMENT_REFUNDED_V1, PaymentRefundedV1, PaymentRefundedV1Schema } from './payment-refunded.v1';

export * from './fraud-check-completed.v1';
export * from './inventory-rejected.v1';
export * from './inventory-released.v1';
export * from './inventory-reserved.v1';
export * from './order-cancelled.v1';
export * from './order-confirmed.v1';
export * from './order-placed.v1';
export * from './order-rejected.v1';
export * from './payment-requested.v1';
export * from './payment-authorized.v1';
export * from './payment-declined.v1';
export * from './payment-refunded.v1';

/** The event type carried by each topic. */
export interface EventsByTopic {
  [FRAUD_CHECK_COMPLETED_V1]: FraudCheckCompletedV1;
  [INVENTORY_REJECTED_V1]: InventoryRejectedV1;
  [INVENTORY_RELEASED_V1]: InventoryReleasedV1;
  [INVENTORY_RESERVED_V1]: InventoryReservedV1;
  [ORDER_CANCELLED_V1]: OrderCancelledV1;
  [ORDER_CONFIRMED_V1]: OrderConfirmedV1;
  [ORDER_PLACED_V1]: OrderPlacedV1;
  [ORDER_REJECTED_V1]: OrderRejectedV1;
  [PAYMENT_REQUESTED_V1]: PaymentRequestedV1;
  [PAYMENT_AUTHORIZED_V1]: PaymentAuthorizedV1;
  [PAYMENT_DECLINED_V1]: PaymentDeclinedV1;
  [PAYMENT_REFUNDED_V1]: PaymentRefundedV1;
}

/** Every topic that has a schema. */
export type Topic = keyof EventsByTopic;

/** Every topic, in schema path order. */
export const TOPICS = [
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_REQUESTED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
] as const satisfies readonly Topic[];

/** The Avro schema of each topic's values, for registering and encoding without reading schemas/. */
export const SCHEMAS_BY_TOPIC: { [T in Topic]: object } = {
  [FRAUD_CHECK_COMPLETED_V1]: FraudCheckCompletedV1Schema,
  [INVENTORY_REJECTED_V1]: InventoryRejectedV1Schema,
  [INVENTORY_RELEASED_V1]: InventoryReleasedV1Schema,
  [INVENTORY_RESERVED_V1]: InventoryReservedV1Schema,
  [ORDER_CANCELLED_V1]: OrderCancelledV1Schema,
  [ORDER_CONFIRMED_V1]: OrderConfirmedV1Schema,
  [ORDER_PLACED_V1]: OrderPlacedV1Schema,
  [ORDER_REJECTED_V1]: OrderRejectedV1Schema,
  [PAYMENT_REQUESTED_V1]: PaymentRequestedV1Schema,
  [PAYMENT_AUTHORIZED_V1]: PaymentAuthorizedV1Schema,
  [PAYMENT_DECLINED_V1]: PaymentDeclinedV1Schema,
  [PAYMENT_REFUNDED_V1]: PaymentRefundedV1Schema,
};

/** The repository path of each topic's schema file. */
export const SCHEMA_FILES_BY_TOPIC: { [T in Topic]: string } = {
  [FRAUD_CHECK_COMPLETED_V1]: 'schemas/fraud-detection/fraud-check-completed.v1.avsc',
  [INVENTORY_REJECTED_V1]: 'schemas/inventory/inventory-rejected.v1.avsc',
  [INVENTORY_RELEASED_V1]: 'schemas/inventory/inventory-released.v1.avsc',
  [INVENTORY_RESERVED_V1]: 'schemas/inventory/inventory-reserved.v1.avsc',
  [ORDER_CANCELLED_V1]: 'schemas/orders/order-cancelled.v1.avsc',
  [ORDER_CONFIRMED_V1]: 'schemas/orders/order-confirmed.v1.avsc',
  [ORDER_PLACED_V1]: 'schemas/orders/order-placed.v1.avsc',
  [ORDER_REJECTED_V1]: 'schemas/orders/order-rejected.v1.avsc',
  [PAYMENT_REQUESTED_V1]: 'schemas/orders/payment-requested.v1.avsc',
  [PAYMENT_AUTHORIZED_V1]: 'schemas/payments/payment-authorized.v1.avsc',
  [PAYMENT_DECLINED_V1]: 'schemas/payments/payment-declined.v1.avsc',
  [PAYMENT_REFUNDED_V1]: 'schemas/payments/payment-refunded.v1.avsc',
};

/** The service that produces each topic: the directory of its schema under schemas/. */
export const PRODUCERS_BY_TOPIC = {
  [FRAUD_CHECK_COMPLETED_V1]: 'fraud-detection',
  [INVENTORY_REJECTED_V1]: 'inventory',
  [INVENTORY_RELEASED_V1]: 'inventory',
  [INVENTORY_RESERVED_V1]: 'inventory',
  [ORDER_CANCELLED_V1]: 'orders',
  [ORDER_CONFIRMED_V1]: 'orders',
  [ORDER_PLACED_V1]: 'orders',
  [ORDER_REJECTED_V1]: 'orders',
  [PAYMENT_REQUESTED_V1]: 'orders',
  [PAYMENT_AUTHORIZED_V1]: 'payments',
  [PAYMENT_DECLINED_V1]: 'payments',
  [PAYMENT_REFUNDED_V1]: 'payments',
} as const satisfies { [T in Topic]: string };
