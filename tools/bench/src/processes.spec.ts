import { parseStat } from './processes';

describe('parseStat', () => {
  it('reads ppid and CPU ticks after a command name holding spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
    const line = '4242 (node (orders) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 30 20 20 0 11 0 12345';
    expect(parseStat(line)).toEqual({ ppid: 17, ticks: 300, reapedTicks: 50 });
  });
});
