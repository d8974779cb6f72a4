/**
 * The command-line entry both benchmarks share: parse the arguments, print the usage for `--help` or after an
 * argument error (exit status 2), otherwise run and exit with what the run returns.
 *
 * @module
 */

/** Runs a benchmark command with `process.argv`. */
export async function runCommand<O>(
  parse: (argv: readonly string[]) => O | 'help', usage: string, main: (options: O) => Promise<number>,
): Promise<void> {
  let options: O | 'help';
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(usage);
  } else {
    process.exitCode = await main(options);
  }
}
