import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_NAME_LENGTH, MAX_UNIT_PRICE, NAME_PATTERN } from '../domain/product';

export class UpdateProductDto {
  @ApiPropertyOptional({ example: 'Electric kettle, 1.7 l', maxLength: MAX_NAME_LENGTH })
  // An empty patch is a client mistake: name is then required.
  @ValidateIf((patch: UpdateProductDto) => patch.name !== undefined || patch.unitPrice === undefined)
  @IsDefined({ message: 'required when unitPrice is absent' })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'must not be blank' })
  @MaxLength(MAX_NAME_LENGTH)
  name?: string;

  @ApiPropertyOptional({ example: 2700, minimum: 0, description: 'Price of one unit, in minor units of currency' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_UNIT_PRICE)
  unitPrice?: number;
}
