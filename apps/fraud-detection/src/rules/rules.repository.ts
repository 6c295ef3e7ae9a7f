import { Injectable } from '@nestjs/common';
import type { FraudDetectionPrismaTransaction, FraudDetectionTransaction } from '../database';
import type { FraudThresholds } from './domain/fraud-rules';

/** The thresholds as stored, with when they last changed. */
export interface StoredRules extends FraudThresholds {
  readonly updatedAt: Date;
}

/** The one row of fraud_rules (id 1), whose column defaults are the documented defaults. */
const RULES_ID = 1;

@Injectable()
export class RulesRepository {
  /** Plain SQL: every batch of OrderPlaced reads it (the saga's hot path). */
  async current(tx: FraudDetectionTransaction): Promise<StoredRules> {
    const rows = await tx.$queryRawUnsafe<RulesRow[]>(
      `SELECT ${RULES_COLUMNS} FROM fraud_rules WHERE id = $1`,
      RULES_ID,
    );
    // The init migration seeds the row; recreating it from the column defaults keeps a wiped table usable.
    const [row] =
      rows.length > 0
        ? rows
        : await tx.$queryRawUnsafe<RulesRow[]>(
            `INSERT INTO fraud_rules (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id RETURNING ${RULES_COLUMNS}`,
            RULES_ID,
          );
    if (!row) throw new Error('invariant broken: fraud_rules has no row after its upsert');
    return toRules(row);
  }

  async replace(tx: FraudDetectionPrismaTransaction, thresholds: FraudThresholds): Promise<StoredRules> {
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

interface RulesRow {
  maxOrderAmount: bigint;
  velocityMaxOrders: number;
  velocityWindowSeconds: number;
  crossBorderMaxAmount: bigint;
  updatedAt: Date;
}

const RULES_COLUMNS = `max_order_amount AS "maxOrderAmount", velocity_max_orders AS "velocityMaxOrders",
  velocity_window_seconds AS "velocityWindowSeconds", cross_border_max_amount AS "crossBorderMaxAmount",
  updated_at AS "updatedAt"`;

function toRules(row: RulesRow): StoredRules {
  return {
    maxOrderAmount: Number(row.maxOrderAmount),
    velocityMaxOrders: row.velocityMaxOrders,
    velocityWindowSeconds: row.velocityWindowSeconds,
    crossBorderMaxAmount: Number(row.crossBorderMaxAmount),
    updatedAt: row.updatedAt,
  };
}
