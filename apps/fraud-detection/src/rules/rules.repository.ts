import { Injectable } from '@nestjs/common';
import type { FraudDetectionTransaction } from '../database';
import type { FraudThresholds } from './fraud-rules';

/** The thresholds as stored, with when they last changed. */
export interface StoredRules extends FraudThresholds {
  readonly updatedAt: Date;
}

/** The one row of fraud_rules (id 1), whose column defaults are the documented defaults. */
const RULES_ID = 1;

@Injectable()
export class RulesRepository {
  async current(tx: FraudDetectionTransaction): Promise<StoredRules> {
    const row =
      (await tx.fraudRules.findUnique({ where: { id: RULES_ID } })) ??
      // The init migration seeds the row; recreating it from the column defaults keeps a wiped table usable.
      (await tx.fraudRules.upsert({ where: { id: RULES_ID }, create: { id: RULES_ID }, update: {} }));
    return toRules(row);
  }

  async replace(tx: FraudDetectionTransaction, thresholds: FraudThresholds): Promise<StoredRules> {
    const data = {
      maxOrderAmount: BigInt(thresholds.maxOrderAmount),
      velocityMaxOrders: thresholds.velocityMaxOrders,
      velocityWindowSeconds: thresholds.velocityWindowSeconds,
      crossBorderMaxAmount: BigInt(thresholds.crossBorderMaxAmount),
    };
    const row = await tx.fraudRules.upsert({
      where: { id: RULES_ID },
      create: { id: RULES_ID, ...data },
      update: data,
    });
    return toRules(row);
  }
}

function toRules(row: {
  maxOrderAmount: bigint;
  velocityMaxOrders: number;
  velocityWindowSeconds: number;
  crossBorderMaxAmount: bigint;
  updatedAt: Date;
}): StoredRules {
  return {
    maxOrderAmount: Number(row.maxOrderAmount),
    velocityMaxOrders: row.velocityMaxOrders,
    velocityWindowSeconds: row.velocityWindowSeconds,
    crossBorderMaxAmount: Number(row.crossBorderMaxAmount),
    updatedAt: row.updatedAt,
  };
}
