import { ArrayMinSize, IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { flatten } from './validation';

class Line {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Order {
  @IsString() customerId!: string;
  @ValidateNested({ each: true }) @Type(() => Line) @ArrayMinSize(1) items!: Line[];
}

function problems(body: object): string[] {
  return flatten(validateSync(plainToInstance(Order, body), { whitelist: true, forbidNonWhitelisted: true }));
}

describe('flatten (validation messages)', () => {
  it('names every offending field by its path', () => {
    expect(problems({ customerId: 7, items: [{ sku: 'A', quantity: 0 }, { quantity: 2 }] }).sort()).toEqual([
      'customerId: must be a string',
      'items.0.quantity: must not be less than 1',
      'items.1.sku: must be a string',
    ]);
  });

  it('names fields that are not part of the contract', () => {
    expect(
      problems({ customerId: 'c', items: [{ sku: 'A', quantity: 1, colour: 'red' }], coupon: 'X' }).sort(),
    ).toEqual(['coupon: is not an accepted field', 'items.0.colour: is not an accepted field']);
  });

  it('has nothing to say about a valid body', () => {
    expect(problems({ customerId: 'c', items: [{ sku: 'A', quantity: 1 }] })).toEqual([]);
  });
});
