import { Injectable } from '@nestjs/common';
import type { InventoryPrismaTransaction } from '../database';
import type { Product as ProductRow } from '../generated/prisma/client';
import { MAX_UNITS, type Product } from './domain/product';

/** The catalogue in the database, through Prisma, inside the caller's transaction (or on the client itself). */
@Injectable()
export class ProductsRepository {
  /** Inserts the product unless its sku exists; null when it does. */
  async insert(tx: InventoryPrismaTransaction, product: Omit<Product, 'reserved' | 'sold'>): Promise<Product | null> {
    const [row] = await tx.product.createManyAndReturn({
      data: [{ ...product, unitPrice: BigInt(product.unitPrice), stockAdded: product.available }],
      skipDuplicates: true,
    });
    return row ? toProduct(row) : null;
  }

  async find(tx: InventoryPrismaTransaction, sku: string): Promise<Product | null> {
    const row = await tx.product.findUnique({ where: { sku } });
    return row ? toProduct(row) : null;
  }

  /** One page in sku order (the primary key: stable and unique), and the total count. */
  async page(
    tx: InventoryPrismaTransaction,
    limit: number,
    offset: number,
  ): Promise<{ items: Product[]; total: number }> {
    const [rows, total] = await Promise.all([
      tx.product.findMany({ orderBy: { sku: 'asc' }, take: limit, skip: offset }),
      tx.product.count(),
    ]);
    return { items: rows.map(toProduct), total };
  }

  /**
   * Adds units to available and to stock_added in one atomic update, unless
   * that would take stock_added over MAX_UNITS. False when nothing was updated.
   */
  async addStock(tx: InventoryPrismaTransaction, sku: string, quantity: number): Promise<boolean> {
    const { count } = await tx.product.updateMany({
      where: { sku, stockAdded: { lte: MAX_UNITS - quantity } },
      data: { available: { increment: quantity }, stockAdded: { increment: quantity } },
    });
    return count === 1;
  }

  /** False when the sku does not exist. */
  async update(
    tx: InventoryPrismaTransaction,
    sku: string,
    change: { name?: string; unitPrice?: number },
  ): Promise<boolean> {
    const { count } = await tx.product.updateMany({
      where: { sku },
      data: {
        ...(change.name !== undefined && { name: change.name }),
        ...(change.unitPrice !== undefined && { unitPrice: BigInt(change.unitPrice) }),
      },
    });
    return count === 1;
  }
}

function toProduct(row: ProductRow): Product {
  return {
    sku: row.sku,
    name: row.name,
    unitPrice: Number(row.unitPrice),
    currency: row.currency,
    available: row.available,
    reserved: row.reserved,
    sold: row.sold,
  };
}
