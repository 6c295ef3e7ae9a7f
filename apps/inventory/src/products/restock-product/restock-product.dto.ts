import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_UNITS } from '../domain/product';

export class RestockDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: MAX_UNITS, description: 'Units to add to available' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  quantity!: number;
}
