import { runOperatorCli } from '../../bot/cli/operator-program.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { ensureLocalDemo } from '../../handlers/directory/local-demo.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { REDIS_URL } from '../helpers/redis.js';
import { SlackStandIn } from '../helpers/slack-stand-in.js';

let t: TestDatabase;
let directory: DirectoryStore;
let slack: SlackStandIn;

beforeAll(async () => {
  t = await createPostgresTestDatabase();
  directory = new DirectoryStore(t.db);
  await ensureLocalDemo(directory, 'ja');
  slack = await SlackStandIn.start();
});
afterAll(async () => {
  await slack.close();
  await t.drop();
});

/** `npm run ops -- doctor` in-process with this environment. */
async function doctor(env: NodeJS.ProcessEnv = {}): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runOperatorCli(['doctor'], {
    env: { DATABASE_URL: t.url, REDIS_URL, LOG_LEVEL: 'silent', ...env },
    io: { out: (l = '') => void lines.push(l), err: (l = '') => void lines.push(l) },
  });
  return { code, lines };
}

describe('npm run ops -- doctor', () => {
  it('passes a healthy setup: database migrated, Redis noeviction, every tenant routed', async () => {
    const r = await doctor();
    expect(r.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(r.lines).toEqual(
      expect.arrayContaining([
        '✓ configuration is valid',
        expect.stringMatching(/^✓ database: all \d+ migrations applied$/),
        '✓ Redis: maxmemory-policy is noeviction',
        expect.stringMatching(/^✓ routing: all 1 tenants are routed/),
        'all checks passed',
      ]),
    );
    expect(r.code).toBe(0);
  });

  it('names a tenant whose escalations reach nobody, and exits 1', async () => {
    await directory.upsertTenant({ id: 'unrouted-co', name: 'Unrouted Co' });
    try {
      const r = await doctor();
      expect(r.code).toBe(1);
      expect(r.lines).toContainEqual(expect.stringMatching(/^✗ routing: tenant unrouted-co \(Unrouted Co\) has no responder group/));
    } finally {
      await t.db.query("DELETE FROM tenants WHERE id = 'unrouted-co'");
    }
  });

  it('names a responder group without responders', async () => {
    await directory.upsertGroup({ id: 'empty-desk', name: 'Empty desk', destination: 'local:nobody', tiers: [] });
    try {
      const r = await doctor();
      expect(r.code).toBe(1);
      expect(r.lines).toContainEqual(expect.stringMatching(/^✗ routing: responder group empty-desk .* no member with the responder role/));
    } finally {
      await t.db.query("DELETE FROM responder_groups WHERE id = 'empty-desk'");
    }
  });

  it('reports an unreachable Redis as ✗ and exits 1 (no crash)', async () => {
    const r = await doctor({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.stringMatching(/^✗ Redis: unreachable at redis:\/\/127\.0\.0\.1:1/));
    expect(r.lines).toContain('✓ configuration is valid');
  });

  it('prints each configuration problem in plain words and stops', async () => {
    const r = await doctor({ DB_POOL_MAX: 'lots', SLACK_SIGNING_SECRET: 'x' });
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.stringMatching(/^✗ configuration: DB_POOL_MAX: /));
    expect(r.lines.some((l) => l.includes('database'))).toBe(false);
  });

  it('reports an unreachable database as ✗', async () => {
    const r = await doctor({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.stringMatching(/^✗ database: cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nothing/));
  });

  describe('when Slack is configured', () => {
    const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-not-a-known-token', SLACK_SIGNING_SECRET: 'secret' };

    it('reports a token Slack refuses', async () => {
      const r = await doctor({ ...slackEnv, SLACK_API_URL: slack.apiUrl });
      expect(r.code).toBe(1);
      expect(r.lines).toContainEqual(expect.stringMatching(/^✗ Slack: auth\.test refused the bot token \(invalid_auth\)/));
    });

    it('reports an unreachable Slack API as unreachable, not as a crash', async () => {
      const r = await doctor({ ...slackEnv, SLACK_API_URL: 'http://127.0.0.1:1/api/' });
      expect(r.code).toBe(1);
      expect(r.lines).toContainEqual(expect.stringMatching(/^✗ Slack: API unreachable at http:\/\/127\.0\.0\.1:1\/api\//));
    });

    it('warns about bot tokens kept in the clear, and fails when sealed ones cannot be opened', async () => {
      const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: 'secret' };
      const key = Buffer.alloc(32, 7).toString('base64');
      await t.db.query(
        `INSERT INTO tenants (id, name) VALUES ('slack-tdoctor', 'Doctor Co') ON CONFLICT DO NOTHING;`,
      );
      await t.db.query(
        `INSERT INTO slack_installations (team_id, tenant_id, team_name, installation) VALUES ('TDOCTOR', 'slack-tdoctor', 'Doctor Co', '{"bot":{"token":"xoxb-clear"}}')`,
      );
      try {
        const clear = await doctor(oauth);
        expect(clear.lines).toContainEqual(expect.stringMatching(/^! Slack: 1 installation\(s\) keep their bot token in the clear/));
        await t.db.query(`UPDATE slack_installations SET installation = '{"sealed":"v1:a:b:c"}' WHERE team_id = 'TDOCTOR'`);
        const sealedNoKey = await doctor(oauth);
        expect(sealedNoKey.lines).toContainEqual(expect.stringMatching(/^✗ Slack: 1 installation\(s\) are sealed but SLACK_TOKEN_KEY is not set/));
        const withKey = await doctor({ ...oauth, SLACK_TOKEN_KEY: key });
        expect(withKey.lines).toContainEqual('✓ Slack: 1 installation(s), all sealed');
      } finally {
        await t.db.query("DELETE FROM slack_installations WHERE team_id = 'TDOCTOR'");
        await t.db.query("DELETE FROM tenants WHERE id = 'slack-tdoctor'");
      }
    });
  });

  it('reports Teams without authentication and an unreachable OpenAI', async () => {
    const r = await doctor({ TEAMS_ENABLED: 'true', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' });
    expect(r.lines).toContainEqual(expect.stringMatching(/^· Teams: on WITHOUT authentication/));
    expect(r.lines).toContainEqual(expect.stringMatching(/^✗ OpenAI: unreachable at http:\/\/127\.0\.0\.1:1\/v1/));
    expect(r.code).toBe(1);
  });
});
