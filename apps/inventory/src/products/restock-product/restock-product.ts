import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { InventoryDatabase } from '../../database';
import type { Product } from '../domain/product';
import { productErrors } from '../products.errors';
import { ProductsRepository } from '../products.repository';

/** Adds units to a product's available stock: the only way stock grows after the product is added. */
@Injectable()
export class RestockProduct {
  constructor(
    @Inject(DATABASE) private readonly db: InventoryDatabase,
    private readonly products: ProductsRepository,
  ) {}

  async restock(sku: string, quantity: number): Promise<Product> {
    return this.db.$transaction(async (tx) => {
      const added = await this.products.addStock(tx, sku, quantity);
      const product = await this.products.find(tx, sku);
      if (!product) throw productErrors.notFound(sku);
      if (!added) throw productErrors.stockLimit(sku, quantity);
      return product;
    });
  }
}
