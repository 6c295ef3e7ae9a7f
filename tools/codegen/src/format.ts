import * as prettier from 'prettier';

/**
 * Formats a generated file as prettier would format it at its destination, using the
 * repository's prettier configuration if there is one, so that lint accepts it as is.
 */
export async function formatAs(destination: string, text: string): Promise<string> {
  const options = (await prettier.resolveConfig(destination)) ?? {};
  return prettier.format(text, { ...options, filepath: destination });
}
