import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { InventoryDatabase } from '../../database';
import type { Product } from '../domain/product';
import { productErrors } from '../products.errors';
import { ProductsRepository } from '../products.repository';

export interface ProductChange {
  readonly name?: string;
  /** Minor units of the product's currency, which never changes. */
  readonly unitPrice?: number;
}

@Injectable()
export class UpdateProduct {
  constructor(
    @Inject(DATABASE) private readonly db: InventoryDatabase,
    private readonly products: ProductsRepository,
  ) {}

  async update(sku: string, change: ProductChange): Promise<Product> {
    if (change.name === undefined && change.unitPrice === undefined) throw productErrors.nothingToUpdate();
    return this.db.$transaction(async (tx) => {
      if (!(await this.products.update(tx, sku, change))) throw productErrors.notFound(sku);
      const product = await this.products.find(tx, sku);
      if (!product) throw productErrors.notFound(sku);
      return product;
    });
  }
}
