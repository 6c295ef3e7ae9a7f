import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OperationId } from '@surge/platform';
import type { Product } from '../domain/product';
import { ProductView, SkuParams } from '../products.dto';
import { UpdateProduct } from './update-product';
import { UpdateProductDto } from './update-product.dto';

@ApiTags('products')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('products')
export class UpdateProductController {
  constructor(private readonly updateProduct: UpdateProduct) {}

  @Patch(':sku')
  @OperationId('ProductsController_update')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'No such sku (code INVENTORY.PRODUCT_NOT_FOUND)' })
  update(@Param() { sku }: SkuParams, @Body() body: UpdateProductDto): Promise<Product> {
    return this.updateProduct.update(sku, body);
  }
}
