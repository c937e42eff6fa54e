import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { parseCorpus } from '../../knowledge/triage/corpus-schema.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { runOps } from '../helpers/operator-cli.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';

let t: TestDatabase;
let app: App;
let seq = 0;
const key = () => `corr-${Date.now()}-${++seq}`;
const ask = (text: string, threadRef: string): InboundMessage => ({ kind: 'message', channel: 'local', deliveryKey: key(), identity: LOCAL_DEMO.staff.identity, threadRef, text });
const command = (identity: string, name: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:responders', command: name, args: args.split(' ').filter(Boolean),
});

// Written for this test: a prevention question with a name and a phone number in it.
const QUESTION = '総務の田中です(090-1234-5678)。ランサムウェア対策でバックアップを外付けHDDに毎晩取っていますが、それで十分ですか?';

describe('responders correct the triage, and corrections become training data', () => {
  let number: string;

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    app = await createApp(loadConfig({ DATABASE_URL: t.url!, HTTP_PORT: '0', CHANNEL: 'none' }), { logger: memoryLogger('silent').logger, adapters: [new RecordingAdapter()] });
    await app.start();
    await app.services.directory.upsertUser({ id: 'tanaka', tenantId: LOCAL_DEMO.tenantId, displayName: '田中', roles: ['staff'], lang: 'ja' }, ['local:tanaka']);
    await app.handler.handle(ask(QUESTION, 'local:corr:1'));
    number = (await app.services.cases.findByThread('local:corr:1'))!.number;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await t?.drop();
  });

  it('records a responder\'s correction on the timeline with what it was, what it became and why', async () => {
    const [reply] = await app.handler.handle(command(LOCAL_DEMO.responder.identity, 'reclassify', `${number} high data_leak 外付けHDDが持ち出されていたと後で判明`));
    expect(JSON.stringify(reply!.card)).toContain('判定を修正しました');
    const c = (await app.services.cases.findByNumber(number))!;
    expect(c).toMatchObject({ severity: 'high', category: 'data_leak' });
    const event = (await app.services.cases.events(c.id)).find((e) => e.type === 'reclassified')!;
    expect(event.data).toMatchObject({ to: { severity: 'high', category: 'data_leak' }, reason: '外付けHDDが持ち出されていたと後で判明' });
    expect((event.data as { from: { severity: string } }).from.severity).not.toBe('high');
  });

  it('refuses a correction from staff, and one without a reason, changing nothing', async () => {
    const [refusal] = await app.handler.handle(command(LOCAL_DEMO.staff.identity, 'reclassify', `${number} low general 大丈夫です`));
    expect(JSON.stringify(refusal!.card)).toMatch(/担当チームのメンバーのみ|権限がありません|見つかりません/);
    const [usage] = await app.handler.handle(command(LOCAL_DEMO.responder.identity, 'reclassify', `${number} low`));
    expect(JSON.stringify(usage!.card)).toContain('reclassify OT-000123');
    expect((await app.services.cases.findByNumber(number))!.severity).toBe('high');
  });

  it('exports nothing from a company that has not agreed to share', async () => {
    const r = await runOps(t.url, 'corrections', 'export');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
  });

  it('exports a redacted corpus line, valid for the next training, once the company agrees', async () => {
    expect((await runOps(t.url, 'tenant', 'share-corrections', LOCAL_DEMO.tenantId, 'on')).code).toBe(0);
    const r = await runOps(t.url, 'corrections', 'export');
    expect(r.code).toBe(0);
    const { lines, errors } = parseCorpus(r.out, 'export');
    expect(errors).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: `corrections-${number}`, writer: 'corrections', severity: 'high', category: 'data_leak', escalate: true });
    expect(lines[0]!.state === 'past' || lines[0]!.state === 'ongoing').toBe(true);
    expect(lines[0]!.text).not.toContain('090-1234-5678');
    expect(lines[0]!.text).not.toContain('田中');
    expect(lines[0]!.text).toContain('外付けHDD');
  });
});
