import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { OperationId } from '@surge/platform';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Product } from '../domain/product';
import { ProductView, SkuParams } from '../products.dto';
import { RestockProduct } from './restock-product';
import { RestockDto } from './restock-product.dto';

@ApiTags('products')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('products')
export class RestockProductController {
  constructor(private readonly restockProduct: RestockProduct) {}

  @Post(':sku/restock')
  @HttpCode(200)
  @OperationId('ProductsController_restock')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'No such sku (code INVENTORY.PRODUCT_NOT_FOUND)' })
  @ApiUnprocessableEntityResponse({ description: 'Stock would exceed its limit (code INVENTORY.STOCK_LIMIT)' })
  restock(@Param() { sku }: SkuParams, @Body() body: RestockDto): Promise<Product> {
    return this.restockProduct.restock(sku, body.quantity);
  }
}
