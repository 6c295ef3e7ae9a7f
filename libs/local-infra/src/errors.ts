/**
 * A failure the person running the stack can fix. Its message is one line that
 * says what is wrong and what to do; the CLI prints it without a stack trace.
 */
export class StackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackError';
  }
}

export function isStackError(error: unknown): error is StackError {
  return error instanceof StackError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
