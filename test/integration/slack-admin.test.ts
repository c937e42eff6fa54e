import { CUSTOMER, VENDOR, buttonPress, dmEvent, homeOpenedEvent, mentionEvent, nextTs, slashCommand, viewSubmission } from '../helpers/slack-payloads.js';
import { PEOPLE, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { dmOf } from '../helpers/slack-stand-in.js';

const CHANNEL = 'C0ADMINS';

describe('Slack: admins keep the knowledge base; everyone gets a Home tab', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp();
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    // Roles beyond staff are granted in the directory, never taken from Slack.
    await s.app.services.directory.upsertUser(
      { id: 'customer-admin', tenantId: 'slack-t0customer', displayName: '鈴木', roles: ['staff', 'admin'], lang: 'ja' },
      [`slack:${CUSTOMER.teamId}:${PEOPLE.admin.id}`],
    );
  });
  afterAll(() => s?.stop());

  /** Runs `/otasuke <text>` and resolves with the private reply posted to its response_url. */
  async function command(user: string, text: string, team = CUSTOMER): Promise<{ ack: unknown; reply: string }> {
    const url = s.standIn.responseUrl();
    const r = await s.sender.command(slashCommand({ team, user, channel: CHANNEL, text, triggerId: s.standIn.newTriggerId(), responseUrl: url }));
    expect(r.status).toBe(200);
    const reply = await until(() => s.standIn.responses.find((x) => url.endsWith(`/${x.tag}`)));
    return { ack: r.body ? JSON.parse(r.body) : null, reply: JSON.stringify(reply.body) };
  }

  /** Runs `/otasuke <text>` that should open a form; resolves with the opened view. */
  async function formFor(user: string, text: string): Promise<Record<string, unknown>> {
    const before = s.standIn.openedViews.length;
    const r = await s.sender.command(slashCommand({ team: CUSTOMER, user, channel: CHANNEL, text, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
    expect(r.status).toBe(200);
    return (await until(() => s.standIn.openedViews[before])).view;
  }

  it('searches the knowledge base and shows the results only to the admin', async () => {
    const { ack, reply } = await command(PEOPLE.admin.id, 'kb search ランサムウェア');
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(reply).toContain('"response_type":"ephemeral"');
    expect(reply).toContain('ransomware-first-response-ja');
  });

  it('refuses knowledge-base changes from staff, privately', async () => {
    const { reply } = await command(PEOPLE.asker.id, 'kb publish ransomware-first-response-ja');
    expect(reply).toContain('ナレッジベースの編集は管理者のみが行えます。');
    const before = s.standIn.openedViews.length;
    const { reply: addReply } = await command(PEOPLE.asker.id, 'kb add');
    expect(addReply).toContain('管理者のみ');
    expect(s.standIn.openedViews.length).toBe(before);
  });

  describe('adding an article with the form', () => {
    let view: Record<string, unknown>;
    beforeAll(async () => {
      view = await formFor(PEOPLE.admin.id, 'kb add');
    });

    it('opens an editor with a template article', () => {
      expect(view).toMatchObject({ callback_id: 'otasuke.kb', title: { text: '記事を追加' } });
      expect(JSON.stringify(view)).toContain('## 今すぐやること');
    });

    it('keeps the form open and names the problems when the article is not valid', async () => {
      const r = await s.sender.interaction(viewSubmission({ team: CUSTOMER, user: PEOPLE.admin.id, view, values: { md_0: { md: '---\nslug: Bad Slug\n---\nshort' } }, triggerId: s.standIn.newTriggerId() }));
      const body = JSON.parse(r.body) as { response_action: string; errors: { md_0: string } };
      expect(body.response_action).toBe('errors');
      expect(body.errors.md_0).toMatch(/^保存できません: /);
    });

    it('saves a valid article as a draft, then publish makes it searchable', async () => {
      const markdown = [
        '---',
        'slug: chatwork-apps-ja',
        'lang: ja',
        'title: "Chatworkの外部連携アプリの権限"',
        'summary: "外部連携アプリに与えてよい権限の考え方"',
        'topics:',
        '  - reporting-contacts',
        'category: general',
        'severity_hint: low',
        'updated: 2026-11-25',
        'keywords: [Chatwork, 外部連携]',
        '---',
        '',
        '## 今すぐやること',
        '',
        '1. 連携アプリが求める権限の一覧を確認してください。',
        '2. 業務に必要のない権限を求めるアプリは許可しないでください。',
      ].join('\n');
      const r = await s.sender.interaction(viewSubmission({ team: CUSTOMER, user: PEOPLE.admin.id, view, values: { md_0: { md: markdown } }, triggerId: s.standIn.newTriggerId() }));
      expect(r.body).toBe('');
      await until(async () => (await s.app.services.kb.show('chatwork-apps-ja').catch(() => null))?.status === 'draft');
      const { reply } = await command(PEOPLE.admin.id, 'kb publish chatwork-apps-ja');
      expect(reply).toMatch(/chatwork-apps-ja を公開しました\(第\d+版\)/);
      const { reply: found } = await command(PEOPLE.admin.id, 'kb search Chatwork 外部連携');
      expect(found).toContain('chatwork-apps-ja');
    });
  });

  it('edits a long article split over several inputs, and saves it as a new version', async () => {
    const slug = 'phishing-clicked-en';
    const before = await s.app.services.kb.show(slug);
    const view = await formFor(PEOPLE.admin.id, `kb edit ${slug}`);
    const inputs = (view.blocks as { type: string; block_id?: string; element?: { initial_value?: string } }[]).filter((b) => b.type === 'input');
    expect(inputs.length).toBeGreaterThanOrEqual(3);
    const values = Object.fromEntries(inputs.map((b) => [b.block_id!, { md: (b.element?.initial_value ?? '').replace(before.title, `${before.title} (reviewed)`) }]));
    await s.sender.interaction(viewSubmission({ team: CUSTOMER, user: PEOPLE.admin.id, view, values, triggerId: s.standIn.newTriggerId() }));
    const after = await until(async () => {
      const a = await s.app.services.kb.show(slug);
      return a.version > before.version ? a : null;
    });
    expect(after.title).toBe(`${before.title} (reviewed)`);
    expect(after.body).toBe(before.body);
    expect(after.status).toBe(before.status);
  });

  it('archives an article on command', async () => {
    const { reply } = await command(PEOPLE.admin.id, 'kb archive chatwork-apps-ja');
    expect(reply).toContain('アーカイブしました');
  });

  it('lists the questions the knowledge base could not answer', async () => {
    const ts = nextTs();
    await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: dmOf(PEOPLE.asker.id), text: 'Chatwork と他のクラウドサービスの連携は、どこまで許可していいですか?', ts }));
    await until(() => s.standIn.thread(dmOf(PEOPLE.asker.id), ts)[0]);
    const { reply } = await command(PEOPLE.admin.id, 'kb gaps');
    expect(reply).toContain('回答できなかった質問');
    expect(reply).toContain('Chatwork と他のクラウドサービスの連携');
  });

  describe('the Home tab', () => {
    let number: string;
    beforeAll(async () => {
      const ts = nextTs();
      await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります', ts }));
      const answer = await until(() => s.standIn.thread(CHANNEL, ts)[0]);
      number = /OT-\d{6}/.exec(answer.visible)![0];
    });

    const homeOf = async (team: typeof CUSTOMER, user: string) => {
      const key = `${team.teamId}:${user}`;
      const before = s.standIn.homeViews.get(key)?.at ?? 0;
      await s.sender.event(homeOpenedEvent(team, user));
      return until(() => {
        const v = s.standIn.homeViews.get(key);
        return v && v.at > before ? v : null;
      });
    };

    it('shows staff their open cases', async () => {
      const home = await homeOf(CUSTOMER, PEOPLE.asker.id);
      expect(home.visible).toContain('あなたの相談(未解決)');
      expect(home.visible).toContain(`${number} ・ 担当者待ち ・ 緊急 / ランサムウェア`);
      expect(home.visible).not.toContain('対応待ちの案件');
    });

    it('shows responders the queue with Claim, and a claim from the Home tab moves it to their cases', async () => {
      const home = await homeOf(VENDOR, PEOPLE.responder.id);
      expect(home.visible).toContain('対応待ちの案件');
      const claim = (home.view.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id.startsWith('case.claim#') && e.value === number)!;
      expect(claim).toBeDefined();
      const published = s.standIn.homeViews.get(`${VENDOR.teamId}:${PEOPLE.responder.id}`)!.at;
      await s.sender.interaction(buttonPress({ team: VENDOR, user: PEOPLE.responder.id, channel: '', messageTs: '', actionId: claim.action_id, value: claim.value, triggerId: s.standIn.newTriggerId(), responseUrl: '', fromHome: true }));
      const again = await until(() => {
        const v = s.standIn.homeViews.get(`${VENDOR.teamId}:${PEOPLE.responder.id}`)!;
        return v.at > published ? v : null;
      });
      expect(again.visible).toContain('あなたが担当中の案件');
      expect((await s.app.services.cases.findByNumber(number))!.state).toBe('claimed');
    });

    it('shows admins the knowledge-base figures and their company’s gaps', async () => {
      const home = await homeOf(CUSTOMER, PEOPLE.admin.id);
      expect(home.visible).toMatch(/公開 \d+ 件 \/ 下書き \d+ 件 \/ アーカイブ \d+ 件/);
      expect(home.visible).toContain('Chatwork と他のクラウドサービスの連携');
    });

    const buttonsOf = (view: Record<string, unknown>) =>
      (view.blocks as { elements?: { type: string; action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).filter((e) => e.type === 'button');
    const consentOf = async () => (await s.app.services.db.query<{ llm_consent: boolean; llm_consent_by: string | null }>("SELECT llm_consent, llm_consent_by FROM tenants WHERE id = 'slack-t0customer'")).rows[0]!;
    const press = async (user: string, actionId: string, value: string) => {
      const key = `${CUSTOMER.teamId}:${user}`;
      const before = s.standIn.homeViews.get(key)?.at ?? 0;
      await s.sender.interaction(buttonPress({ team: CUSTOMER, user, channel: '', messageTs: '', actionId, value, triggerId: s.standIn.newTriggerId(), responseUrl: '', fromHome: true }));
      return until(() => {
        const v = s.standIn.homeViews.get(key);
        return v && v.at > before ? v : null;
      });
    };

    it('lets an admin switch the company’s language model on and off, reading what is sent first', async () => {
      const home = await homeOf(CUSTOMER, PEOPLE.admin.id);
      expect(home.visible).toContain('言語モデル(AI)の利用(あなたの会社)');
      expect(home.visible).toContain('言語モデル: オフ');
      expect(home.visible).toContain('送信しないもの:');
      const on = buttonsOf(home.view).find((b) => b.action_id.startsWith('llm.consent.on'))!;
      expect(on).toBeDefined();
      const after = await press(PEOPLE.admin.id, on.action_id, on.value);
      expect(await consentOf()).toEqual({ llm_consent: true, llm_consent_by: 'slack:鈴木' });
      expect(after.visible).toContain('言語モデル: オン(slack:鈴木');
      const off = buttonsOf(after.view).find((b) => b.action_id.startsWith('llm.consent.off'))!;
      await press(PEOPLE.admin.id, off.action_id, off.value);
      expect((await consentOf()).llm_consent).toBe(false);
    });

    it('refuses the switch to staff who forge the button, and changes nothing', async () => {
      const before = await consentOf();
      await press(PEOPLE.asker.id, 'llm.consent.on#0', 'on');
      expect(await consentOf()).toEqual(before);
      const home = s.standIn.homeViews.get(`${CUSTOMER.teamId}:${PEOPLE.asker.id}`)!;
      expect(home.visible).not.toContain('言語モデル');
    });
  });

  it('sends a case report as a file to the responder’s direct messages', async () => {
    const ts = nextTs();
    await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: '社長を名乗るメールで至急振り込みを頼まれ、100万円を振り込んでしまいました', ts }));
    const answer = await until(() => s.standIn.thread(CHANNEL, ts)[0]);
    const number = /OT-\d{6}/.exec(answer.visible)?.[0] ?? (await s.app.services.cases.findByThread(`slack:${CUSTOMER.teamId}:${CHANNEL}:${ts}`))!.number;
    const { reply } = await command(PEOPLE.responder.id, `report ${number} md`, VENDOR);
    expect(reply).toContain('ダイレクトメッセージに送りました');
    const upload = await until(() => s.standIn.uploads.find((u) => u.filename === `incident-report-${number}.md`));
    expect(upload).toMatchObject({ team: VENDOR.teamId, channel: dmOf(PEOPLE.responder.id) });
    expect(upload.bytes).toBeGreaterThan(200);
  });
});
