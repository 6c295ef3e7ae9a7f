import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeDrift, findDrift } from './drift';
import { GENERATED_DIR, GENERATED_DOCS, generate } from './generate';

/** Files codegen owns that exist now: every file in the generated directory, and the generated documents. */
function readCommitted(repoRoot: string): Map<string, string> {
  const committed = new Map<string, string>();
  const generatedDir = join(repoRoot, GENERATED_DIR);
  if (existsSync(generatedDir)) {
    for (const name of readdirSync(generatedDir)) {
      committed.set(`${GENERATED_DIR}/${name}`, readFileSync(join(generatedDir, name), 'utf8'));
    }
  }
  for (const doc of GENERATED_DOCS) {
    if (existsSync(join(repoRoot, doc))) committed.set(doc, readFileSync(join(repoRoot, doc), 'utf8'));
  }
  return committed;
}

function writeAll(root: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const repoRoot = process.cwd();
  if (!existsSync(join(repoRoot, 'schemas'))) {
    console.error(`codegen: run from the repository root (no schemas/ in ${repoRoot})`);
    return 2;
  }
  const expected = await generate(repoRoot);
  const committed = readCommitted(repoRoot);

  if (check) {
    const outDir = mkdtempSync(join(tmpdir(), 'surge-codegen-check-'));
    writeAll(outDir, expected);
    const drift = findDrift(expected, committed);
    if (drift.length > 0) {
      console.error(
        `codegen:check: generated contracts are out of date with schemas/ and libs/contracts/src/catalogue.ts:\n` +
          `${describeDrift(drift)}\n\n` +
          `Fresh output is in ${outDir} (compare: diff -ru ${outDir}/${GENERATED_DIR} ${GENERATED_DIR}).\n` +
          `Never edit generated files: change the .avsc or the catalogue, then run npm run codegen and commit the result.`,
      );
      return 1;
    }
    rmSync(outDir, { recursive: true, force: true });
    console.log(`codegen:check: ${expected.size} generated files are up to date`);
    return 0;
  }

  const changed = findDrift(expected, committed);
  writeAll(repoRoot, new Map([...expected].filter(([path]) => changed.some((d) => d.path === path))));
  for (const stale of changed.filter((d) => d.problem === 'stale')) unlinkSync(join(repoRoot, stale.path));
  console.log(
    `codegen: ${expected.size} files from ${expected.size - 1 - GENERATED_DOCS.length} schemas; ` +
      (changed.length === 0 ? 'nothing changed' : `${changed.map((d) => `${d.path} (${d.problem})`).join(', ')}`),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`codegen: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
