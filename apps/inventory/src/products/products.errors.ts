import { DomainError } from '@surge/platform';
import { MAX_UNITS } from './domain/product';

/** Every error the catalogue's use cases raise, each with its stable code. */
export const productErrors = {
  notFound: (sku: string) =>
    new DomainError('INVENTORY.PRODUCT_NOT_FOUND', `product ${sku} does not exist`, 'not_found'),
  skuExists: (sku: string) => new DomainError('INVENTORY.SKU_EXISTS', `product ${sku} already exists`, 'conflict'),
  stockLimit: (sku: string, quantity: number) =>
    new DomainError(
      'INVENTORY.STOCK_LIMIT',
      `product ${sku} cannot receive ${quantity} more units: at most ${MAX_UNITS} units may ever be added`,
      'unprocessable',
    ),
  nothingToUpdate: () =>
    new DomainError('INVENTORY.NOTHING_TO_UPDATE', 'name: required when unitPrice is absent', 'invalid'),
};
