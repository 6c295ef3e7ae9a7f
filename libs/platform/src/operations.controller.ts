import { Controller, Get, HttpCode, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DeadLetterReplayed, DeadLetterView, PartitionLag } from '@surge/contracts';
import { describeError, MessagingOperations } from '@surge/messaging';
import { DomainError } from './domain-error';

/**
 * What an operator (or the console) asks every service about its consumers:
 * the dead letters of its groups, with inspect and replay, and their lag.
 * Each service answers for its own groups only.
 */
@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(private readonly operations: MessagingOperations) {}

  @Get('dead-letters')
  @ApiOkResponse({ description: "This service's groups' dead letters, oldest first, decoded where they decode" })
  deadLetters(): Promise<DeadLetterView[]> {
    return this.fromBroker(() => this.operations.deadLetters());
  }

  @Post('dead-letters/:ref/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Sent back to the topic it came from; its group consumes it again' })
  @ApiNotFoundResponse({ description: 'No such dead letter of this service (code OPERATIONS.DEAD_LETTER_NOT_FOUND)' })
  async replay(@Param('ref') ref: string): Promise<DeadLetterReplayed> {
    const replayed = await this.fromBroker(() => this.operations.replay(ref));
    if (!replayed) {
      throw new DomainError(
        'OPERATIONS.DEAD_LETTER_NOT_FOUND',
        `ref: no dead letter ${ref} in this service`,
        'not_found',
      );
    }
    return replayed;
  }

  @Get('consumer-lag')
  @ApiOkResponse({
    description: "Per group and partition: committed offset, end offset and lag, for this service's groups",
  })
  consumerLag(): Promise<PartitionLag[]> {
    return this.fromBroker(() => this.operations.consumerLag());
  }

  /** The broker being away is no bug: 503, saying so. */
  private async fromBroker<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      throw new ServiceUnavailableException(`the Kafka broker could not be asked: ${describeError(error)}`);
    }
  }
}
