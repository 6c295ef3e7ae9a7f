import { ApiProperty } from '@nestjs/swagger';
import type { ProductStockView } from '@surge/contracts';
import { Matches } from 'class-validator';
import { type Product, SKU_PATTERN } from './domain/product';

/** The :sku path parameter of the routes on one product. */
export class SkuParams {
  @ApiProperty({ example: 'KETTLE-01', pattern: SKU_PATTERN.source })
  @Matches(SKU_PATTERN, { message: 'must be 1-64 characters of A-Z a-z 0-9 _ -' })
  sku!: string;
}

/** The product every route answers with. */
/** The console reads this shape (ProductStockView in @surge/contracts): the class must keep satisfying it. */
export class ProductView implements Product, ProductStockView {
  @ApiProperty({ example: 'KETTLE-01' })
  sku!: string;

  @ApiProperty({ example: 'Electric kettle' })
  name!: string;

  @ApiProperty({ example: 2500, description: 'Minor units of currency' })
  unitPrice!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 7, description: 'Units that can be reserved' })
  available!: number;

  @ApiProperty({ example: 2, description: 'Units held for orders not yet confirmed' })
  reserved!: number;

  @ApiProperty({ example: 1, description: 'Units of confirmed orders' })
  sold!: number;
}
