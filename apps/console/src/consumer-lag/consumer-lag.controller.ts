import { Controller, Get } from '@nestjs/common';
import type { PartitionLag } from '@surge/contracts';
import { type ServicePart, fanOut } from '../upstream/fan-out';
import { Upstream } from '../upstream/upstream';
import { type GroupLag, summariseLag } from './lag';

export interface ServiceLag {
  readonly totalLag: number;
  readonly groups: readonly GroupLag[];
}

@Controller('api/consumer-lag')
export class ConsumerLagController {
  constructor(private readonly upstream: Upstream) {}

  /** Every service's consumer groups (GET /consumer-lag): total lag per group, with its partitions. */
  @Get()
  async list(): Promise<{ services: ServicePart<ServiceLag>[] }> {
    const services = await fanOut(this.upstream, '/consumer-lag', (rows: PartitionLag[]) => {
      if (!Array.isArray(rows)) throw new Error('expected an array');
      const groups = summariseLag(rows);
      return { totalLag: groups.reduce((sum, g) => sum + g.totalLag, 0), groups };
    });
    return { services };
  }
}
