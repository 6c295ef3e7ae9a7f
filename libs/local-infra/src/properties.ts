/**
 * Renders a Java .properties file. Values are escaped for backslashes and line
 * breaks (the only characters that change a value's meaning there); keys are ours.
 */
export function renderProperties(
  entries: Readonly<Record<string, string | number | boolean>>,
  header?: string,
): string {
  const lines = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [key, value] of Object.entries(entries)) {
    const text = String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    lines.push(`${key}=${text}`);
  }
  return `${lines.join('\n')}\n`;
}
