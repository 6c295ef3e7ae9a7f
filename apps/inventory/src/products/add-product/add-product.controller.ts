import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { OperationId } from '@surge/platform';
import type { Product } from '../domain/product';
import { ProductView } from '../products.dto';
import { AddProduct } from './add-product';
import { CreateProductDto } from './add-product.dto';

@ApiTags('products')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('products')
export class AddProductController {
  constructor(private readonly addProduct: AddProduct) {}

  @Post()
  @OperationId('ProductsController_create')
  @ApiCreatedResponse({ type: ProductView })
  @ApiConflictResponse({ description: 'The sku exists (code INVENTORY.SKU_EXISTS)' })
  create(@Body() body: CreateProductDto): Promise<Product> {
    return this.addProduct.add(body);
  }
}
