import { BadRequestException, Controller, Get, HttpException, Param, Query } from '@nestjs/common';
import type { ProductStockView } from '@surge/contracts';
import { Upstream } from '../upstream/upstream';

/** Inventory's own bounds for GET /products (docs/DESIGN.md: `?limit=&offset=`). */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

@Controller('api/products')
export class StockController {
  constructor(private readonly upstream: Upstream) {}

  /** A page of products in sku order, with the total. */
  @Get()
  async list(
    @Query('limit') limitParam?: string,
    @Query('offset') offsetParam?: string,
  ): Promise<{ products: ProductStockView[]; total: number | null; limit: number; offset: number }> {
    const limit = integer('limit', limitParam, DEFAULT_LIMIT, 1, MAX_LIMIT);
    const offset = integer('offset', offsetParam, 0, 0, Number.MAX_SAFE_INTEGER);
    const answer = await this.upstream.get<ProductStockView[]>(
      'inventory',
      `/products?limit=${limit}&offset=${offset}`,
    );
    if (answer.status !== 200)
      throw new HttpException(answer.body ?? `inventory answered ${answer.status}`, answer.status);
    const total = Number(answer.headers.get('x-total-count'));
    return { products: answer.body, total: Number.isFinite(total) ? total : null, limit, offset };
  }

  @Get(':sku')
  async get(@Param('sku') sku: string): Promise<ProductStockView> {
    const answer = await this.upstream.get<ProductStockView>('inventory', `/products/${encodeURIComponent(sku)}`);
    if (answer.status !== 200)
      throw new HttpException(answer.body ?? `inventory answered ${answer.status}`, answer.status);
    return answer.body;
  }
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BadRequestException(`${name}: must be an integer from ${min} to ${max}`);
  return value;
}
