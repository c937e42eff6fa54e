import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { type App } from '../../bot/create-app.js';
import { ConsoleAdapter } from '../../bot/local/console-adapter.js';
import type { User } from '../../handlers/directory/directory-types.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { CaseNotFoundError, ForbiddenError } from '../../handlers/errors.js';
import type { InboundAction, InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { INTAKE_ACTION_ID } from '../../handlers/intake/intake-card.js';
import { buildCaseReport, escapeMarkdownCell, formatJst, reportToMarkdown } from '../../handlers/report/case-report.js';
import { exportCaseReport } from '../../handlers/report/export-report.js';
import { BUNDLED_FONT_NAME } from '../../handlers/report/report-pdf.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';
import { APP_SETUPS, startLocalApp, type LocalTestApp } from '../helpers/local-app.js';
import { pdfText } from '../helpers/pdf-text.js';

let seq = 0;
const key = () => `report-${Date.now()}-${++seq}`;
const ask = (text: string, thread: string, identity: string = LOCAL_DEMO.staff.identity): InboundMessage => ({
  kind: 'message', channel: 'local', deliveryKey: key(), identity, threadRef: `local:report:${thread}`, text,
});
const press = (identity: string, actionId: string, value: string, form?: Record<string, string>): InboundAction => ({
  kind: 'action', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:report:buttons', actionId, value, form,
});
const command = (identity: string, name: string, args: string): InboundCommand => ({
  kind: 'command', channel: 'local', deliveryKey: key(), identity, threadRef: 'local:report:cmd', command: name, args: args.split(' ').filter(Boolean),
});


/** Japan time as the report must show it, computed independently of the implementation. */
const jst = (d: Date) => `${new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} JST`;

const pageCount = (pdf: Buffer) => Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const RELAY = 'PCはLANを抜いたままにしてください。14時に伺います。';
const ASKER_REPLY = 'わかりました | LANは抜いたままです\n14時にお待ちしています';
const SUMMARY = '感染したPC2台を隔離し、バックアップから共有フォルダを復元しました。全員のパスワードを変更済みです。';

describe.each(APP_SETUPS)('the incident report of a case, on %s', (_name, real) => {
  let local: LocalTestApp;
  let app: App;
  const chat = new RecordingAdapter();
  let number = '';
  let admin: User;
  let responder: User;

  beforeAll(async () => {
    local = await startLocalApp(real, { chat, logLevel: 'error' });
    app = local.app;
    const dir = app.services.directory;
    await dir.upsertTenant({ id: 'other-co', name: '別会社株式会社' });
    await dir.upsertUser({ id: 'other-admin', tenantId: 'other-co', displayName: '他社の管理者', roles: ['staff', 'admin'], lang: 'ja' }, ['local:other-admin']);
    await dir.upsertUser({ id: 'outsider', tenantId: null, displayName: 'Outsider', roles: ['responder'], lang: 'en' }, ['local:outsider']);
    admin = (await dir.getUser(LOCAL_DEMO.admin.id))!;
    responder = (await dir.getUser(LOCAL_DEMO.responder.id))!;

    // ask → escalate → intake → claim → relay both ways → resolve → feedback, through the real handler.
    const [reply] = await app.handler.handle(ask(RANSOM, 'main'));
    number = /OT-\d{6}/.exec(JSON.stringify(reply!.card))![0];
    await until(() => chat.postsTo(LOCAL_DEMO.destination).some((p) => p.text.includes(number)));
    await app.handler.handle(press(LOCAL_DEMO.staff.identity, INTAKE_ACTION_ID, `${number}|ransomware.affected_pcs|one`));
    await app.handler.handle(press(LOCAL_DEMO.staff.identity, INTAKE_ACTION_ID, `${number}|ransomware.affected_pcs|2_5`));
    await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', number));
    await app.handler.handle(command(LOCAL_DEMO.responder.identity, 'reply', `${number} ${RELAY}`));
    await app.handler.handle(ask(ASKER_REPLY, 'main'));
    await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.resolve', number, { summary: SUMMARY }));
    await app.handler.handle(press(LOCAL_DEMO.staff.identity, 'resolution.helpful', number));
    // Another case of the same company: must not appear in this one's report.
    await app.handler.handle(ask('パスワードを使い回していて不安です。どうすればいいですか', 'other'));
  });
  afterAll(async () => {
    await local.stop();
  });

  const caseOf = async () => (await app.services.cases.findByNumber(number))!;
  const eventsOf = async () => app.services.cases.events((await caseOf()).id);

  describe('as Markdown', () => {
    let md = '';
    beforeAll(async () => {
      const file = await exportCaseReport(app.services, admin, number, 'md');
      expect(file).toMatchObject({ filename: `incident-report-${number}.md`, contentType: 'text/markdown; charset=utf-8' });
      md = file.data.toString('utf8');
    });

    it('names the case, the company, the asker and the outcome, with Japan times', async () => {
      const c = await caseOf();
      expect(md).toContain(`# インシデント報告書 ${number}`);
      expect(md).toContain(`- **案件番号**: ${number}`);
      expect(md).toContain('- **会社名**: デモ株式会社');
      expect(md).toContain('- **相談者**: 佐藤');
      expect(md).toContain(`- **受付日時**: ${jst(c.createdAt)}`);
      expect(md).toContain(`- **解決日時**: ${jst(c.resolvedAt!)}`);
      expect(md).toContain('- **状態**: 解決済み');
      expect(md).toContain('- **分類**: ランサムウェア');
      expect(md).toContain('- **緊急度**: 緊急');
      expect(md).toContain('- **担当者**: 山田');
    });

    it('shows the question, the triage signals, the advice with its cited article, and the latest intake answers', async () => {
      const events = await eventsOf();
      expect(md).toContain(`## 相談内容\n\n${RANSOM}`);
      const signals = (events.find((e) => e.type === 'triaged')!.data.signals as { ja: string }[]).map((s) => s.ja);
      expect(signals.length).toBeGreaterThan(0);
      for (const s of signals) expect(md).toContain(`- ${s}`);
      const advice = events.find((e) => e.type === 'answer_sent')!.data as { citations: { slug: string; title: string }[]; steps: string[] };
      expect(md).toContain(`- ${advice.citations[0]!.title} (${advice.citations[0]!.slug})`);
      expect(advice.citations[0]!.slug).toBe('ransomware-first-response-ja');
      expect(md).toContain(`1. ${advice.steps[0]}`);
      expect(md).toContain('| 影響のあるPCは何台ですか | 2〜5台 |');
      expect(md).not.toContain('| 影響のあるPCは何台ですか | 1台 |');
    });

    it('lists every event in order, with who did it and in what role', async () => {
      const events = await eventsOf();
      const timeline = md.split('## 経過')[1]!.split('\n## ')[0]!;
      const rows = timeline.split('\n').filter((l) => l.startsWith('| 20'));
      // The export just made is recorded after the report was built.
      expect(rows).toHaveLength(events.filter((e) => e.type !== 'report_exported').length);
      rows.forEach((row, i) => expect(row.startsWith(`| ${jst(events[i]!.at)} |`)).toBe(true));
      const at = (needle: string) => rows.findIndex((r) => r.includes(needle));
      expect(at('| 佐藤 | 相談者 | 相談を受け付けました |')).toBe(0);
      expect(at('| お助けボット | ボット | 判定: 緊急 / ランサムウェア |')).toBe(1);
      const claimed = at('| 山田 | 対応担当 | 対応を開始 |');
      const relayed = at(`| 山田 | 対応担当 | 相談者へ: ${RELAY} |`);
      const resolved = at(`| 山田 | 対応担当 | 解決: ${SUMMARY} |`);
      expect(at('担当チームに通知(第1段階)')).toBeGreaterThan(at('担当チームに引き継ぎ(理由: 判定の結果)'));
      expect(claimed).toBeGreaterThan(at('初期確認: 影響のあるPCは何台ですか → 2〜5台'));
      expect(relayed).toBeGreaterThan(claimed);
      expect(resolved).toBeGreaterThan(relayed);
      expect(at('評価: 役に立った')).toBeGreaterThan(resolved);
      expect(md).toContain(`### ${formatJst(events.find((e) => e.type === 'resolved')!.at)} の解決報告\n\n${SUMMARY}`);
      expect(md).toMatch(/## 相談者の評価\n\n- .* 佐藤: 役に立った/);
    });

    it('escapes table cells, so a pipe or a line break in what someone typed stays inside its cell', () => {
      const row = md.split('\n').find((l) => l.includes('相談者から:'))!;
      expect(row).toContain('相談者から: わかりました \\| LANは抜いたままです<br>14時にお待ちしています');
      expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
      expect(escapeMarkdownCell('a|b\r\nc <img src=x>')).toBe('a\\|b<br>c \\<img src=x\\>');
    });

    it('contains nothing of another case', () => {
      expect(md).not.toContain('パスワードを使い回して');
      expect(md.match(/OT-\d{6}/g)!.every((n) => n === number)).toBe(true);
    });

    it('records the export on the timeline', async () => {
      expect((await eventsOf()).filter((e) => e.type === 'report_exported').at(-1)).toMatchObject({
        actorUserId: LOCAL_DEMO.admin.id,
        data: { format: 'md' },
      });
    });
  });

  describe('as PDF, through the chat command', () => {
    let pdf: Buffer;
    beforeAll(async () => {
      const [reply] = await app.handler.handle(command(LOCAL_DEMO.responder.identity, 'report', number));
      expect(reply!.to).toBe('local:report:cmd');
      expect(JSON.stringify(reply!.card)).toContain(`案件 ${number} の報告書(PDF)を作成しました。`);
      expect(reply!.file).toMatchObject({ name: `incident-report-${number}.pdf`, contentType: 'application/pdf' });
      pdf = reply!.file!.data;
    });

    it('is a PDF of at least one page with the Japanese font embedded', () => {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
      expect(pageCount(pdf)).toBeGreaterThanOrEqual(1);
      expect(pdf.includes(`+${BUNDLED_FONT_NAME}`)).toBe(true);
      expect(pdf.includes('/FontFile3')).toBe(true);
    });

    it('keeps the Japanese text: title, case number, labels, question and names come back out of it', () => {
      const text = pdfText(pdf);
      expect(text).toContain(`インシデント報告書 ${number}`);
      for (const label of ['概要', '判定の根拠', '提供した助言', '経過', '解決内容', '案件番号', 'デモ株式会社', '対応担当', '山田']) expect(text).toContain(label);
      expect(text.replace(/\n/g, '')).toContain(RANSOM);
      expect(text).not.toContain('\uFFFD');
      expect(text).toContain(`1 / ${pageCount(pdf)}`);
    });

    it('also exports Markdown when asked for md', async () => {
      const [reply] = await app.handler.handle(command(LOCAL_DEMO.admin.identity, 'report', `${number.toLowerCase()} md`));
      expect(reply!.file!.name).toBe(`incident-report-${number}.md`);
      expect(reply!.file!.data.toString('utf8')).toContain(`# インシデント報告書 ${number}`);
    });

    it('answers with the usage for a bad format', async () => {
      const [reply] = await app.handler.handle(command(LOCAL_DEMO.admin.identity, 'report', `${number} docx`));
      expect(reply!.file).toBeUndefined();
      expect(JSON.stringify(reply!.card)).toContain('使い方: report OT-000123 [md|pdf]');
    });
  });

  describe('when someone without access asks for it', () => {
    const refusals = async () => (await eventsOf()).filter((e) => e.type === 'access_refused' && e.data.action === 'report');

    it.each([
      ['a staff member of the same company', LOCAL_DEMO.staff.id],
      ['an admin of another company', 'other-admin'],
      ['a responder outside the group the company routes to', 'outsider'],
    ])('refuses %s, returns nothing and audits the attempt', async (_who, userId) => {
      const user = (await app.services.directory.getUser(userId))!;
      const before = (await refusals()).length;
      await expect(exportCaseReport(app.services, user, number, 'pdf')).rejects.toBeInstanceOf(ForbiddenError);
      const after = await refusals();
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toMatchObject({ actorUserId: userId, data: { action: 'report' } });
    });

    it('tells a person of another company only that there is no such case, without a file', async () => {
      const [reply] = await app.handler.handle(command('local:other-admin', 'report', `${number} md`));
      expect(reply!.file).toBeUndefined();
      expect(JSON.stringify(reply!.card)).toContain('該当する案件が見つかりません。');
      expect(JSON.stringify(reply!.card)).not.toContain(RANSOM);
    });

    it('does not name a user of another company in the report, even in the audit rows', async () => {
      const md = (await exportCaseReport(app.services, responder, number, 'md')).data.toString('utf8');
      expect(md).toContain('| (他社の利用者) | 社外 | 権限のない操作を拒否(report) |');
      expect(md).toContain('| 佐藤 | 相談者 | 権限のない操作を拒否(report) |');
      expect(md).not.toContain('他社の管理者');
      expect(md).not.toContain('別会社');
    });

    it('says a case that does not exist is not found', async () => {
      await expect(exportCaseReport(app.services, admin, 'OT-999999', 'md')).rejects.toBeInstanceOf(CaseNotFoundError);
    });
  });

  describe('for an English case', () => {
    it('words every heading and label in English', async () => {
      const [reply] = await app.handler.handle(ask('How do we turn on two-factor authentication for Google Workspace?', 'english'));
      const en = /OT-\d{6}/.exec(JSON.stringify(reply!.card))![0];
      const report = await buildCaseReport(app.services, (await app.services.cases.findByNumber(en))!);
      const md = reportToMarkdown(report);
      expect(md).toContain(`# Incident report ${en}`);
      for (const h of ['## Overview', '## Triage signals', '## Question', '## Advice given', '## Intake answers', '## Timeline', '## Resolution', '## Feedback']) {
        expect(md).toContain(h);
      }
      expect(md).toContain('| Time (JST) | Who | Role | What happened |');
      // The demo people and company keep the names they were registered with.
      expect(md).toContain('| 佐藤 | asker | Question received |');
      expect(md).toContain('- **Company**: デモ株式会社');
      expect(md).toContain('- **State**: Answered');
      expect(md).toContain('Not resolved yet.');
      for (const ja of ['概要', '経過', '相談者', '日本時間', 'まだありません']) expect(md).not.toContain(ja);
    });
  });

  describe('in the local console', () => {
    it('writes the file into the reports folder and prints its path', async () => {
      const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-reports-'));
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      const adapter = new ConsoleAdapter(app.handler, { input, output, lang: 'ja', reportsDir });
      await adapter.start();
      input.write(`/as admin\n/report ${number} md\n`);
      await until(() => printed.includes('報告書を保存しました'));
      await adapter.idle();
      const file = path.join(reportsDir, `incident-report-${number}.md`);
      expect(printed).toContain(`報告書を保存しました: ${file}`);
      expect(fs.readFileSync(file, 'utf8')).toContain(`# インシデント報告書 ${number}`);
      await adapter.stop();
      fs.rmSync(reportsDir, { recursive: true, force: true });
    });
  });

  if (real) {
    describe('from the operator CLI', () => {
      it('writes the PDF of a case from the configured database', async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-cli-')), 'r.pdf');
        const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: local.databaseUrl!, LOG_LEVEL: 'silent' };
        await new Promise<void>((resolve, reject) => {
          execFile(process.execPath, [require.resolve('tsx/cli'), 'handlers/report/report-cli.ts', number, '--format', 'pdf', '--out', out], { env, cwd: path.resolve(__dirname, '../..') }, (err, _stdout, stderr) =>
            err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(),
          );
        });
        const pdf = fs.readFileSync(out);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdfText(pdf)).toContain(`インシデント報告書 ${number}`);
      });

      it('fails with a clear message for an unknown case', async () => {
        const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: local.databaseUrl!, LOG_LEVEL: 'silent' };
        const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          execFile(process.execPath, [require.resolve('tsx/cli'), 'handlers/report/report-cli.ts', 'OT-999999', '--out', '-'], { env, cwd: path.resolve(__dirname, '../..') }, (err, _stdout, stderr) =>
            resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stderr }),
          );
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('CASE_NOT_FOUND');
      });
    });
  }
});
