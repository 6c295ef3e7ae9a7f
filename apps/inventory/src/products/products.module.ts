import { Module } from '@nestjs/common';
import { AddProduct } from './add-product/add-product';
import { AddProductController } from './add-product/add-product.controller';
import { GetProduct } from './get-product/get-product';
import { GetProductController } from './get-product/get-product.controller';
import { ProductsRepository } from './products.repository';
import { RestockProduct } from './restock-product/restock-product';
import { RestockProductController } from './restock-product/restock-product.controller';
import { UpdateProduct } from './update-product/update-product';
import { UpdateProductController } from './update-product/update-product.controller';

/**
 * The catalogue, on Prisma: its use cases publish no events and are not the saga's hot path. Stock only ever grows
 * here; orders move it between counters.
 */
@Module({
  // In the order the routes had in one controller, so that the routes and the OpenAPI document keep theirs:
  // GET /products before GET /products/:sku.
  controllers: [AddProductController, GetProductController, RestockProductController, UpdateProductController],
  providers: [ProductsRepository, AddProduct, GetProduct, RestockProduct, UpdateProduct],
})
export class ProductsModule {}
