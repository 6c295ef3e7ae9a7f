import { NotFoundException, type PipeTransform } from '@nestjs/common';
import { SERVICES, type ServiceName } from '@surge/contracts';

/** A `:service` route parameter: one of the five services, or 404. */
export class ServiceNamePipe implements PipeTransform<string, ServiceName> {
  transform(value: string): ServiceName {
    if ((SERVICES as readonly string[]).includes(value)) return value as ServiceName;
    throw new NotFoundException(`no service "${value}"; Surge runs ${SERVICES.join(', ')}`);
  }
}
