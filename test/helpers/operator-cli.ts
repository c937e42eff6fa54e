import { runOperatorCli } from '../../bot/cli/operator-program.js';

export interface OpsResult {
  code: number;
  out: string;
  err: string;
}

/** `npm run ops -- …` in-process against the database at `databaseUrl`, its output collected. */
export async function runOps(databaseUrl: string | undefined, ...argv: string[]): Promise<OpsResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOperatorCli(argv, {
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    io: { out: (l = '') => void out.push(l), err: (l = '') => void err.push(l) },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
