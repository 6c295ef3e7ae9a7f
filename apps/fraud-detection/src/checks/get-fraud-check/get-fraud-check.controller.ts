import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetFraudCheck } from './get-fraud-check';
import { FraudCheckView } from './get-fraud-check.dto';

@ApiTags('fraud-checks')
@Controller('fraud-checks')
export class FraudChecksController {
  constructor(private readonly getFraudCheck: GetFraudCheck) {}

  @Get(':orderId')
  @ApiOperation({ summary: 'The fraud decision on an order' })
  @ApiParam({ name: 'orderId', description: 'Id of the order' })
  @ApiOkResponse({ type: FraudCheckView })
  @ApiNotFoundResponse({ description: 'The order has not been checked (code FRAUD.CHECK_NOT_FOUND).' })
  find(@Param('orderId') orderId: string): Promise<FraudCheckView> {
    return this.getFraudCheck.byOrderId(orderId);
  }
}
