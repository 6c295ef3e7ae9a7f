/** What a fault test can do to one piece of the infrastructure. */
export interface PartControls {
  /** Graceful stop; resolves once the process is gone. Nothing to do when it is not running. */
  stop(): Promise<void>;
  /** Starts it again on the same data and ports; resolves once it is ready. Nothing to do when it runs. */
  start(): Promise<void>;
  /** stop(), then start(). */
  restart(): Promise<void>;
}

export interface Part {
  isRunning(): boolean;
  /** Starts the process and resolves once it is ready (or stops it again and throws). */
  launch(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * start, stop and restart of one part, run one after another in call order, so
 * calls made without awaiting never race two servers for the same port.
 */
export function partControls(part: Part): PartControls {
  let tail: Promise<unknown> = Promise.resolve();
  const serial = (op: () => Promise<void>): Promise<void> => {
    const result = tail.then(op, op);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    stop: () => serial(() => part.stop()),
    start: () => serial(async () => (part.isRunning() ? undefined : part.launch())),
    restart: () =>
      serial(async () => {
        await part.stop();
        await part.launch();
      }),
  };
}
