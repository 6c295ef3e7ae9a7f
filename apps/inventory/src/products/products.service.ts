import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, DomainError } from '@surge/platform';
import type { InventoryDatabase, InventoryPrismaTransaction } from '../database';
import { MAX_UNITS, type Product } from './product';
import { ProductsRepository } from './products.repository';

export interface NewProduct {
  readonly sku: string;
  readonly name: string;
  /** Minor units of currency. */
  readonly unitPrice: number;
  readonly currency: string;
  /** Initial units available. */
  readonly stock: number;
}

/**
 * The catalogue's use cases, on Prisma: they publish no events and are not the saga's hot path. Stock only ever
 * grows here; orders move it between counters.
 */
@Injectable()
export class ProductsService {
  constructor(
    @Inject(DATABASE) private readonly db: InventoryDatabase,
    private readonly products: ProductsRepository,
  ) {}

  async create({ sku, name, unitPrice, currency, stock }: NewProduct): Promise<Product> {
    const created = await this.products.insert(this.db, { sku, name, unitPrice, currency, available: stock });
    if (!created) throw new DomainError('INVENTORY.SKU_EXISTS', `product ${sku} already exists`, 'conflict');
    return created;
  }

  async get(sku: string): Promise<Product> {
    const product = await this.products.find(this.db, sku);
    if (!product) throw notFound(sku);
    return product;
  }

  async list(limit: number, offset: number): Promise<{ items: Product[]; total: number }> {
    return this.products.page(this.db, limit, offset);
  }

  async restock(sku: string, quantity: number): Promise<Product> {
    return this.db.$transaction(async (tx) => {
      if (await this.products.addStock(tx, sku, quantity)) return this.found(tx, sku);
      const product = await this.products.find(tx, sku);
      if (!product) throw notFound(sku);
      throw new DomainError(
        'INVENTORY.STOCK_LIMIT',
        `product ${sku} cannot receive ${quantity} more units: at most ${MAX_UNITS} units may ever be added`,
        'unprocessable',
      );
    });
  }

  async update(sku: string, change: { name?: string; unitPrice?: number }): Promise<Product> {
    if (change.name === undefined && change.unitPrice === undefined) {
      throw new DomainError('INVENTORY.NOTHING_TO_UPDATE', 'name: required when unitPrice is absent', 'invalid');
    }
    return this.db.$transaction(async (tx) => {
      if (!(await this.products.update(tx, sku, change))) throw notFound(sku);
      return this.found(tx, sku);
    });
  }

  private async found(tx: InventoryPrismaTransaction, sku: string): Promise<Product> {
    const product = await this.products.find(tx, sku);
    if (!product) throw notFound(sku);
    return product;
  }
}

function notFound(sku: string): DomainError {
  return new DomainError('INVENTORY.PRODUCT_NOT_FOUND', `product ${sku} does not exist`, 'not_found');
}
