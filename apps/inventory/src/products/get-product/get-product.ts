import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { InventoryDatabase } from '../../database';
import type { Product } from '../domain/product';
import { productErrors } from '../products.errors';
import { ProductsRepository } from '../products.repository';

/** One product by its sku, or a page of the catalogue in sku order. */
@Injectable()
export class GetProduct {
  constructor(
    @Inject(DATABASE) private readonly db: InventoryDatabase,
    private readonly products: ProductsRepository,
  ) {}

  async bySku(sku: string): Promise<Product> {
    const product = await this.products.find(this.db, sku);
    if (!product) throw productErrors.notFound(sku);
    return product;
  }

  async page(limit: number, offset: number): Promise<{ items: Product[]; total: number }> {
    return this.products.page(this.db, limit, offset);
  }
}
