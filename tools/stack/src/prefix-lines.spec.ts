import { LinePrefixer } from './prefix-lines';

describe('LinePrefixer', () => {
  it('prefixes every complete line of a chunk in one string', () => {
    expect(new LinePrefixer('[orders] ').push('a\nb\n')).toBe('[orders] a\n[orders] b\n');
  });

  it('keeps a line split across chunks whole', () => {
    const lines = new LinePrefixer('> ');

    expect(lines.push('{"msg":"ord')).toBe('');
    expect(lines.push('er placed"}\n{"msg":')).toBe('> {"msg":"order placed"}\n');
    expect(lines.push('"next"}\n')).toBe('> {"msg":"next"}\n');
  });

  it('keeps empty lines and gives the last unterminated line at the end', () => {
    const lines = new LinePrefixer('> ');

    expect(lines.push('one\n\ntwo')).toBe('> one\n> \n');
    expect(lines.end()).toBe('> two\n');
    expect(lines.end()).toBe('');
  });
});
