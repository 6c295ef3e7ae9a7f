import { Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import type { DeadLetterView, ServiceName } from '@surge/contracts';
import type { Response } from 'express';
import { type ServicePart, fanOut } from '../upstream/fan-out';
import { ServiceNamePipe } from '../upstream/service-param';
import { Upstream } from '../upstream/upstream';
import { type GroupDeadLetters, groupDeadLetters } from './dead-letters';

export interface ServiceDeadLetters {
  readonly total: number;
  readonly groups: readonly GroupDeadLetters[];
}

@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(private readonly upstream: Upstream) {}

  /** Every service's dead letters (GET /dead-letters), per consumer group. */
  @Get()
  async list(): Promise<{ services: ServicePart<ServiceDeadLetters>[] }> {
    const services = await fanOut(this.upstream, '/dead-letters', (deadLetters: DeadLetterView[]) => {
      if (!Array.isArray(deadLetters)) throw new Error('expected an array');
      return { total: deadLetters.length, groups: groupDeadLetters(deadLetters) };
    });
    return { services };
  }

  /** Sends a dead letter back to its original topic: the service's own answer (202, or 404) and status. */
  @Post(':service/:ref/replay')
  async replay(
    @Param('service', ServiceNamePipe) service: ServiceName,
    @Param('ref') ref: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const answer = await this.upstream.call(service, 'POST', `/dead-letters/${encodeURIComponent(ref)}/replay`);
    response.status(answer.status);
    return answer.body ?? { statusCode: answer.status, message: HttpStatus[answer.status] ?? '' };
  }
}
