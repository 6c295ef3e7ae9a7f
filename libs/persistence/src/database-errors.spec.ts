import { isDatabaseUnavailable } from './database-errors';

/** A PrismaClientKnownRequestError's shape, as the client throws it over @prisma/adapter-pg. */
function prismaError(code: string, cause?: Record<string, unknown>, message = 'Invalid invocation') {
  return Object.assign(new Error(message), {
    code,
    clientVersion: '6.19.3',
    meta: cause ? { driverAdapterError: Object.assign(new Error(String(cause.kind)), { cause }) } : {},
  });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['the server refused the connection', prismaError('P1001', { kind: 'DatabaseNotReachable' })],
    ['a raw query found the server down', prismaError('P2010', { kind: 'DatabaseNotReachable' })],
    ['the server closed the connection', prismaError('P1017', { kind: 'ConnectionClosed' })],
    ['too many connections', prismaError('P2037', { kind: 'TooManyConnections' })],
    ['the session was terminated', prismaError('P2010', { kind: 'postgres', code: '57P01', originalCode: '57P01' })],
    ['the server is starting up', prismaError('P2010', { kind: 'postgres', code: '57P03', originalCode: '57P03' })],
    ['a connection exception', prismaError('P2010', { kind: 'postgres', code: '08006', originalCode: '08006' })],
    [
      'no connection within maxWait',
      prismaError('P2028', undefined, 'Unable to start a transaction in the given time.'),
    ],
    ["pg's lost connection", new Error('Connection terminated unexpectedly')],
    ["pg-pool's connection timeout", new Error('timeout exceeded when trying to connect')],
    [
      'a socket error deep in the cause chain',
      new Error('outer', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
    ],
  ])('says unavailable when %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', prismaError('P2002', { kind: 'UniqueConstraintViolation' })],
    ['a syntax error', prismaError('P2010', { kind: 'postgres', code: '42601', originalCode: '42601' })],
    ['a serialization failure', prismaError('P2034', { kind: 'TransactionWriteConflict' })],
    [
      'a transaction that ran past its timeout',
      prismaError('P2028', undefined, 'A commit cannot be executed on an expired transaction.'),
    ],
    ['a domain error', new Error('INVENTORY.OUT_OF_STOCK')],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('does not when it is %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('survives a cause cycle', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
