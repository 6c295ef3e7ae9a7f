import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * Request validation for every endpoint: DTOs are checked with
 * class-validator, unknown fields are refused, and the 400 names every
 * offending field with its path (`items.0.quantity: must be a positive number`).
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
  });
}

export function flatten(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, text]) =>
      constraint === 'whitelistValidation'
        ? `${path}: is not an accepted field`
        : `${path}: ${withoutProperty(text, error.property)}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** class-validator starts messages with the property name; the path already says it. */
function withoutProperty(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}
