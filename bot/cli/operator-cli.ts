import { runOperatorCli } from './operator-program.js';

/** `npm run ops -- <command>` (see operator-program.ts; `--help` lists the commands). */
runOperatorCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ops: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
