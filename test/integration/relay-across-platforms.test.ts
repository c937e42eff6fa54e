import { PEOPLE as TEAMS_PEOPLE, personalConversationOf } from '../helpers/teams-activities.js';
import { GROUP_ID, responderThreadOf, startTeamsApp, until, type TeamsTestApp } from '../helpers/teams-app.js';
import { adaptiveCardOf } from '../helpers/teams-connector-stand-in.js';
import { VENDOR, threadReplyEvent } from '../helpers/slack-payloads.js';
import { SlackSender } from '../helpers/slack-signing.js';
import { SlackStandIn } from '../helpers/slack-stand-in.js';

const SIGNING_SECRET = 'test-signing-secret-relay-0123456789';
const RESPONDERS_CHANNEL = 'C0RESPOND';
const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const KIMURA = { slackId: 'U0KIMURA', id: 'vendor-kimura', name: '木村' };
const NOMURA = { slackId: 'U0NOMURA', id: 'vendor-nomura', name: '野村' };

/**
 * One bot with both platforms: the customer on Teams (botbuilder against the connector stand-in),
 * the vendor's responders on Slack (Bolt against the Web API stand-in), PostgreSQL and Redis.
 */
describe('relays between Slack and Teams keep their formatting, and name people', () => {
  let slack: SlackStandIn;
  let s: TeamsTestApp;
  let sender: SlackSender;
  let cardTs: string;
  const chat = personalConversationOf(TEAMS_PEOPLE.asker);
  /** The Markdown of the TextBlocks of the last message in the asker's Teams chat. */
  const lastToAsker = () => {
    const card = adaptiveCardOf(s.standIn.messagesIn(chat).at(-1)!.activity) as { body: { type: string; text?: string }[] } | undefined;
    return (card?.body ?? []).filter((b) => b.type === 'TextBlock').map((b) => b.text).join('\n');
  };

  beforeAll(async () => {
    slack = await SlackStandIn.start();
    slack.addWorkspace(VENDOR);
    for (const p of [KIMURA, NOMURA]) slack.addUser({ id: p.slackId, teamId: VENDOR.teamId, name: p.name, displayName: p.name, locale: 'ja-JP' });
    s = await startTeamsApp({
      respondersDestination: `slack:${VENDOR.teamId}:${RESPONDERS_CHANNEL}`,
      env: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: VENDOR.botToken, SLACK_API_URL: slack.apiUrl, SLACK_HTTP_TIMEOUT_MS: '5000' },
    });
    sender = new SlackSender(`${s.base}/slack/events`, SIGNING_SECRET);
    const d = s.app.services.directory;
    for (const p of [KIMURA, NOMURA]) {
      await d.upsertUser({ id: p.id, tenantId: null, displayName: p.name, roles: ['responder'], lang: 'ja' }, [`slack:${VENDOR.teamId}:${p.slackId}`]);
      await d.addMember(GROUP_ID, p.id);
    }
    // The Teams asker's question escalates; the card lands in the Slack responders' channel.
    expect((await s.post(s.acts.personal(TEAMS_PEOPLE.asker, RANSOM))).status).toBe(200);
    await s.idle();
    const number = /OT-\d{6}/.exec(JSON.stringify(s.standIn.messagesIn(chat).map((m) => m.activity)))![0];
    const card = await until(() => slack.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number)));
    cardTs = card.ts;
    await responderThreadOf(s.app, number);
  });
  afterAll(async () => {
    await s?.stop();
    await slack?.close();
  });

  it('a Slack reply with *bold*, a link and a mention reaches the Teams asker as Markdown, with the name', async () => {
    const before = s.standIn.messagesIn(chat).length;
    await sender.event(
      threadReplyEvent({
        team: VENDOR,
        user: KIMURA.slackId,
        channel: RESPONDERS_CHANNEL,
        threadTs: cardTs,
        text: '*LANケーブルは抜いたまま*にしてください。手順は <https://example.com/steps?a=1&amp;b=2|こちら> です。<@U0NOMURA> と14時に伺います',
      }),
    );
    await until(() => s.standIn.messagesIn(chat).length > before || null);
    await s.idle();
    const text = lastToAsker();
    expect(text).toBe('👤 木村(対応担当): **LANケーブルは抜いたまま**にしてください。手順は [こちら](https://example.com/steps?a=1&b=2) です。@野村 と14時に伺います');
    expect(text).not.toMatch(/U0NOMURA|<@|[^*]\*LAN/);
  });

  it('a Teams reply with bold and a link (as Teams sends it) reaches the Slack thread as mrkdwn', async () => {
    const html = '<p><strong>抜きました</strong>。画面の写真は <a href="https://example.com/photo.png">こちら</a> です</p>';
    expect((await s.post(s.acts.personal(TEAMS_PEOPLE.asker, html))).status).toBe(200);
    await s.idle();
    const relayed = await until(() => slack.thread(RESPONDERS_CHANNEL, cardTs).find((m) => m.visible.includes('(相談者)') && m.visible.includes('抜きました')));
    const mrkdwn = JSON.stringify(relayed.blocks);
    expect(mrkdwn).toContain('*抜きました*。画面の写真は <https://example.com/photo.png|こちら> です');
    expect(mrkdwn).not.toMatch(/\*\*|<strong>|\[こちら\]/);
  });

  it('a Teams reply typed in Markdown reaches the Slack thread as mrkdwn too', async () => {
    expect((await s.post(s.acts.personal(TEAMS_PEOPLE.asker, '**電源は入れたまま**です。_念のため_ [メモ](https://example.com/memo) も'))).status).toBe(200);
    await s.idle();
    const relayed = await until(() => slack.thread(RESPONDERS_CHANNEL, cardTs).find((m) => m.visible.includes('電源は入れたまま')));
    expect(JSON.stringify(relayed.blocks)).toContain('*電源は入れたまま*です。_念のため_ <https://example.com/memo|メモ> も');
  });
});
