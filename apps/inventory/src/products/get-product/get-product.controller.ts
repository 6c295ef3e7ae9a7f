import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OperationId } from '@surge/platform';
import type { Response } from 'express';
import type { Product } from '../domain/product';
import { ProductView, SkuParams } from '../products.dto';
import { GetProduct } from './get-product';
import { ListProductsQuery } from './get-product.dto';

/** Total number of products, for paging through GET /products. */
const TOTAL_HEADER = 'X-Total-Count';

@ApiTags('products')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('products')
export class GetProductController {
  constructor(private readonly getProduct: GetProduct) {}

  @Get()
  @OperationId('ProductsController_list')
  @ApiOkResponse({
    type: ProductView,
    isArray: true,
    description: `Products in sku order; the ${TOTAL_HEADER} header gives the total`,
  })
  async list(@Query() query: ListProductsQuery, @Res({ passthrough: true }) response: Response): Promise<Product[]> {
    const page = await this.getProduct.page(query.limit, query.offset);
    response.setHeader(TOTAL_HEADER, String(page.total));
    return page.items;
  }

  @Get(':sku')
  @OperationId('ProductsController_get')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'No such sku (code INVENTORY.PRODUCT_NOT_FOUND)' })
  get(@Param() { sku }: SkuParams): Promise<Product> {
    return this.getProduct.bySku(sku);
  }
}
