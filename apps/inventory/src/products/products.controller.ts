import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Product } from './product';
import {
  CreateProductDto,
  ListProductsQuery,
  ProductView,
  RestockDto,
  SkuParams,
  UpdateProductDto,
} from './products.dto';
import { ProductsService } from './products.service';

/** Total number of products, for paging through GET /products. */
const TOTAL_HEADER = 'X-Total-Count';

@ApiTags('products')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @ApiCreatedResponse({ type: ProductView })
  @ApiConflictResponse({ description: 'The sku exists (code INVENTORY.SKU_EXISTS)' })
  create(@Body() body: CreateProductDto): Promise<Product> {
    return this.products.create(body);
  }

  @Get()
  @ApiOkResponse({
    type: ProductView,
    isArray: true,
    description: `Products in sku order; the ${TOTAL_HEADER} header gives the total`,
  })
  async list(@Query() query: ListProductsQuery, @Res({ passthrough: true }) response: Response): Promise<Product[]> {
    const page = await this.products.list(query.limit, query.offset);
    response.setHeader(TOTAL_HEADER, String(page.total));
    return page.items;
  }

  @Get(':sku')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'No such sku (code INVENTORY.PRODUCT_NOT_FOUND)' })
  get(@Param() { sku }: SkuParams): Promise<Product> {
    return this.products.get(sku);
  }

  @Post(':sku/restock')
  @HttpCode(200)
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'No such sku (code INVENTORY.PRODUCT_NOT_FOUND)' })
  @ApiUnprocessableEntityResponse({ description: 'Stock would exceed its limit (code INVENTORY.STOCK_LIMIT)' })
  restock(@Param() { sku }: SkuParams, @Body() body: RestockDto): Promise<Product> {
    return this.products.restock(sku, body.quantity);
  }

  @Patch(':sku')
  @ApiOkResponse({ type: ProductView })
  @ApiNotFoundResponse({ description: 'No such sku (code INVENTORY.PRODUCT_NOT_FOUND)' })
  update(@Param() { sku }: SkuParams, @Body() body: UpdateProductDto): Promise<Product> {
    return this.products.update(sku, body);
  }
}
