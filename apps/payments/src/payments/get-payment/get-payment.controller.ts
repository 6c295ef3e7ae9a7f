import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetPayment } from './get-payment';
import { OrderIdParams, PaymentResponse } from './get-payment.dto';

@ApiTags('payments')
@Controller('payments')
export class PaymentController {
  constructor(private readonly getPayment: GetPayment) {}

  @Get(':orderId')
  @ApiOkResponse({ type: PaymentResponse })
  @ApiBadRequestResponse({ description: 'orderId is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No payment was attempted for the order.' })
  async get(@Param() { orderId }: OrderIdParams): Promise<PaymentResponse> {
    return PaymentResponse.from(await this.getPayment.byOrderId(orderId));
  }
}
