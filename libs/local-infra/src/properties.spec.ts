import { renderProperties } from './properties';

describe('renderProperties', () => {
  it('writes one key=value line per entry, after an optional comment header', () => {
    expect(renderProperties({ a: 1, b: true, c: 'x' }, 'generated\ndo not edit')).toBe(
      '# generated\n# do not edit\na=1\nb=true\nc=x\n',
    );
  });

  it('escapes backslashes and line breaks, which would change the value', () => {
    expect(renderProperties({ path: 'C:\\kafka\\logs', text: 'a\nb' })).toBe('path=C:\\\\kafka\\\\logs\ntext=a\\nb\n');
  });
});
