import { commandLine, describeExit } from './process';

describe('commandLine', () => {
  it('shortens a classpath to its number of entries', () => {
    expect(commandLine('java', ['-Xmx512m', '-cp', '/a.jar:/b.jar:/c.jar', 'kafka.Kafka'])).toBe(
      'java -Xmx512m -cp <3 jars> kafka.Kafka',
    );
  });
});

describe('describeExit', () => {
  it('says how a process ended', () => {
    expect(describeExit({ code: 1, signal: null })).toBe('exited with code 1');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('was killed by SIGKILL');
  });
});
