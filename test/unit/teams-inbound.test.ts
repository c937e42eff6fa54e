import fs from 'node:fs';
import path from 'node:path';
import { cardActionOf, cleanText, parseRequest, readActivity } from '../../bot/teams/teams-activity.js';
import { MalformedActivityError } from '../../bot/teams/teams-errors.js';
import { destinationOf, identityOf, parseIdentity, parseRef, refOfConversation, threadRefOf, userIdOf } from '../../bot/teams/teams-ids.js';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, `../fixtures/teams/${name}.json`), 'utf8')) as Record<string, unknown>;

describe('Teams ids', () => {
  it('encodes people as teams:<tenant>:<object id> and reads them back', () => {
    const identity = identityOf('11111111-2222-4333-8444-555555555555', '6F1C2D3E-4B5A-4C7D-8E9F-0A1B2C3D4E5F');
    expect(identity).toBe('teams:11111111-2222-4333-8444-555555555555:6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f');
    expect(parseIdentity(identity)).toEqual({ aadTenantId: '11111111-2222-4333-8444-555555555555', aadObjectId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' });
    expect(parseIdentity('slack:T1:U1')).toBeNull();
    expect(() => identityOf('not-a-guid', '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f')).toThrow();
    expect(userIdOf('6F1C2D3E-4B5A-4C7D-8E9F-0A1B2C3D4E5F')).toBe('teams-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f');
  });

  it('keeps a channel reply chain as Teams names it, and splits it into conversation and root message', () => {
    const chain = '19:abc@thread.tacv2;messageid=1763600700123';
    expect(refOfConversation(chain)).toBe(`teams:${chain}`);
    expect(parseRef(`teams:${chain}`)).toEqual({ conversationId: '19:abc@thread.tacv2', messageId: '1763600700123' });
    expect(destinationOf(chain)).toBe('teams:19:abc@thread.tacv2');
    expect(threadRefOf('a:1xyz', '42')).toBe('teams:a:1xyz;messageid=42');
  });

  it.each([['slack:T1:C1'], ['teams:'], ['teams:19:a;messageid=1;messageid=2'], ['teams:19:a b@thread'], ['teams:19:a;messageid=<script>']])('refuses %s', (ref) => {
    expect(() => parseRef(ref)).toThrow();
  });
});

describe('reading Teams activities', () => {
  it('reads a personal message: tenant, person, conversation, locale, text', () => {
    const a = readActivity(fixture('personal-message'));
    expect(a).toMatchObject({
      type: 'message',
      conversationType: 'personal',
      aadTenantId: '11111111-2222-4333-8444-555555555555',
      from: { aadObjectId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', name: '佐藤 花子' },
      conversation: { conversationId: 'a:1Zr8sE0wHq-Kd9yA1bP3cV5nM7xL2tJ4fG6hU8iO0pQ' },
      text: 'パスワードは何文字以上にすべきですか?',
      locale: 'ja-JP',
      mentionsBot: false,
    });
  });

  it('reads a channel @mention: the bot mention removed, the reply chain kept', () => {
    const a = readActivity(fixture('channel-mention'));
    expect(a.mentionsBot).toBe(true);
    expect(a.text).toBe('朝来たら共有フォルダのファイルが全部開けません');
    expect(a.conversation).toEqual({ conversationId: '19:2a7c0b8e1f4d4b9a8c3e5f6a7b8c9d0e@thread.tacv2', messageId: '1763600700123' });
  });

  it.each([
    ['no tenant', (a: Record<string, unknown>) => ({ ...a, channelData: {}, conversation: { id: 'a:1x', conversationType: 'personal' } })],
    ['another channel', (a: Record<string, unknown>) => ({ ...a, channelId: 'webchat' })],
    ['no sender', (a: Record<string, unknown>) => ({ ...a, from: undefined })],
    ['a non-URL serviceUrl', (a: Record<string, unknown>) => ({ ...a, serviceUrl: 'javascript:alert(1)' })],
    ['an empty id', (a: Record<string, unknown>) => ({ ...a, id: '' })],
  ])('refuses an activity with %s', (_what, change) => {
    expect(() => readActivity(change(fixture('personal-message')))).toThrow(MalformedActivityError);
  });

  it('reads the action of an Action.Execute, an Action.Submit, a dialog fetch and a dialog submit', () => {
    expect(cardActionOf(readActivity(fixture('action-execute')))).toEqual({ actionId: 'case.claim', value: 'OT-000001' });
    expect(cardActionOf(readActivity(fixture('action-submit')))).toEqual({ actionId: 'case.claim', value: 'OT-000001' });
    expect(cardActionOf(readActivity(fixture('task-fetch')))).toEqual({ actionId: 'case.resolve', value: 'OT-000001' });
    expect(cardActionOf(readActivity(fixture('task-submit')))).toEqual({ actionId: 'case.resolve', value: 'OT-000001', summary: '感染したPCを隔離し、バックアップから復元しました。' });
  });

  it('ignores action data the renderer did not write', () => {
    const execute = fixture('action-execute');
    const withData = (data: unknown) => cardActionOf({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { data } } });
    expect(withData({ actionId: 'case.claim; drop', value: 'x' })).toBeNull();
    expect(withData({ actionId: 'case.claim', value: 42 })).toBeNull();
    expect(withData(null)).toBeNull();
    expect(cardActionOf({ ...readActivity(execute), value: 'text' })).toBeNull();
  });
});

describe('Teams message text', () => {
  it('turns Teams markup into the words people typed, decoding entities once', () => {
    expect(cleanText('<at>Otasuke</at> 相談です', ['<at>Otasuke</at>'])).toBe('相談です');
    expect(cleanText('<at>田中</at> さんに &lt;b&gt;確認&lt;/b&gt; &amp;amp; 共有<br>次の行')).toBe('@田中 さんに <b>確認</b> &amp; 共有\n次の行');
    expect(cleanText('<p>one</p><p>two</p>')).toBe('one\ntwo');
    expect(cleanText('&#12354;&#x3044;')).toBe('あい');
  });

  it('tells questions from commands', () => {
    expect(parseRequest('')).toEqual({ kind: 'help' });
    expect(parseRequest('ヘルプ')).toEqual({ kind: 'help' });
    expect(parseRequest('/otasuke help')).toEqual({ kind: 'help' });
    expect(parseRequest('new')).toEqual({ kind: 'newCase' });
    expect(parseRequest('kb add\n---\nslug: x\n---\nbody')).toEqual({ kind: 'command', command: 'kb', args: ['add'], body: '---\nslug: x\n---\nbody' });
    expect(parseRequest('Claim OT-000123')).toEqual({ kind: 'command', command: 'claim', args: ['OT-000123'] });
    expect(parseRequest('report OT-000123 md')).toEqual({ kind: 'command', command: 'report', args: ['OT-000123', 'md'] });
    expect(parseRequest('claim the refund from the bank?')).toEqual({ kind: 'question', text: 'claim the refund from the bank?' });
    expect(parseRequest('新しいPCのセットアップ方法は?')).toMatchObject({ kind: 'question' });
  });
});
