import { execFile } from 'node:child_process';
import path from 'node:path';
import { CaseStore } from '../../handlers/cases/case-store.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { ensureLocalDemo, LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runOps } from '../helpers/operator-cli.js';
import { pdfText } from '../helpers/pdf-text.js';

/* The operator's side on PostgreSQL: `npm run ops -- tenant insurance …` and `npm run legal -- …`. */

jest.setTimeout(90_000);

function legalCli(url: string, ...args: string[]): Promise<{ stdout: Buffer; stderr: string; code: number }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: url, LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [require.resolve('tsx/cli'), 'handlers/legal/legal-cli.ts', ...args], { env, cwd: path.resolve(__dirname, '../..'), encoding: 'buffer' }, (err, stdout, stderr) =>
      resolve({ stdout, stderr: stderr.toString('utf8'), code: err ? Number((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
}

describe('legal and insurance from the operator CLI', () => {
  let t: TestDatabase;
  let number: string;

  beforeAll(async () => {
    t = await createPostgresTestDatabase();
    await ensureLocalDemo(new DirectoryStore(t.db), 'ja');
    const cases = new CaseStore(t.db);
    const c = await cases.create(
      { tenantId: LOCAL_DEMO.tenantId, askerUserId: LOCAL_DEMO.staff.id, lang: 'ja', channel: 'local', threadRef: 'local:legal-cli:1', question: 'ファイルサーバが暗号化され、顧客データが外部に送られた形跡があります' },
      { kind: 'user', userId: LOCAL_DEMO.staff.id },
    );
    await cases.recordTriage(c.id, { category: 'ransomware', severity: 'critical' }, { kind: 'bot' });
    number = c.number;
  });

  afterAll(async () => {
    await t.drop();
  });

  it('sets, shows and clears a company policy, and refuses an unknown company', async () => {
    const set = await runOps(t.url, 'tenant', 'insurance', 'set', LOCAL_DEMO.tenantId, '--insurer', 'テスト損保', '--policy', 'P-42', '--window-hours', '48', '--notes', 'フォレンジック費用');
    expect(set.code).toBe(0);
    expect(set.out).toContain('insurer テスト損保, policy P-42, notify within 48 h of discovery');
    expect((await runOps(t.url, 'tenant', 'insurance', 'show', LOCAL_DEMO.tenantId)).out).toContain('coverage: フォレンジック費用');
    const unknown = await runOps(t.url, 'tenant', 'insurance', 'set', 'nobody', '--insurer', 'x', '--policy', 'y', '--window-hours', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown tenant "nobody"');
    expect((await runOps(t.url, 'tenant', 'insurance', 'set', LOCAL_DEMO.tenantId, '--insurer', 'x', '--policy', 'y', '--window-hours', '0')).code).toBe(2);
  });

  it('writes the insurer report and the drafts of a case, filing nothing', async () => {
    const insurer = await legalCli(t.url!, number, 'insurer', '--format', 'md', '--out', '-');
    expect(insurer.code).toBe(0);
    expect(insurer.stdout.toString('utf8')).toContain('P-42');
    const ppc = await legalCli(t.url!, number, 'ppc', '--format', 'pdf', '--out', '-');
    expect(ppc.code).toBe(0);
    const text = pdfText(ppc.stdout);
    expect(text).toContain(`個人情報保護委員会への漏えい等報告(下書き) ${number}`);
    expect(text).toContain('【下書き】');
    const bad = await legalCli(t.url!, 'OT-999999', 'ppc', '--out', '-');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('OT-999999');
  });

  it('clears the policy', async () => {
    expect((await runOps(t.url, 'tenant', 'insurance', 'clear', LOCAL_DEMO.tenantId)).out).toContain('insurance policy removed');
    expect((await runOps(t.url, 'tenant', 'insurance', 'show', LOCAL_DEMO.tenantId)).code).toBe(1);
  });
});
