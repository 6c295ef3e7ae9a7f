import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { InventoryDatabase } from '../../database';
import type { Product } from '../domain/product';
import { productErrors } from '../products.errors';
import { ProductsRepository } from '../products.repository';

export interface NewProduct {
  readonly sku: string;
  readonly name: string;
  /** Minor units of currency. */
  readonly unitPrice: number;
  readonly currency: string;
  /** Initial units available. */
  readonly stock: number;
}

@Injectable()
export class AddProduct {
  constructor(
    @Inject(DATABASE) private readonly db: InventoryDatabase,
    private readonly products: ProductsRepository,
  ) {}

  async add({ sku, name, unitPrice, currency, stock }: NewProduct): Promise<Product> {
    const created = await this.products.insert(this.db, { sku, name, unitPrice, currency, available: stock });
    if (!created) throw productErrors.skuExists(sku);
    return created;
  }
}
