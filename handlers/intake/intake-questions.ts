import { CATEGORIES, type Category, type Severity } from '../../knowledge/taxonomy.js';
import type { CaseEvent } from '../cases/case-types.js';

/** One answer a person can pick. */
export interface IntakeOption {
  /** Stable id, unique within its question (`[a-z0-9_]`, never `|`: it travels in a button value). */
  id: string;
  ja: string;
  en: string;
  /**
   * The least severity this answer implies (e.g. "6 or more PCs encrypted" → critical).
   * Picking it raises the case to this level when the case is lower; it never lowers one.
   */
  severityFloor?: Severity;
}

/** One fact a responder needs first, asked as buttons. */
export interface IntakeQuestion {
  /** Stable id, unique across all categories: `<category>.<name>`. */
  id: string;
  ja: string;
  en: string;
  options: readonly IntakeOption[];
}

const UNKNOWN: IntakeOption = { id: 'unknown', ja: '分からない', en: 'Not sure' };

function yesNo(floorIfYes?: Severity, floorIfNo?: Severity): IntakeOption[] {
  return [
    { id: 'yes', ja: 'はい', en: 'Yes', ...(floorIfYes ? { severityFloor: floorIfYes } : {}) },
    { id: 'no', ja: 'いいえ', en: 'No', ...(floorIfNo ? { severityFloor: floorIfNo } : {}) },
    UNKNOWN,
  ];
}

function noticed(category: Category): IntakeQuestion {
  return {
    id: `${category}.noticed`,
    ja: 'いつ気づきましたか',
    en: 'When did you notice it?',
    options: [
      { id: 'within_hour', ja: '1時間以内', en: 'Within the last hour' },
      { id: 'today', ja: '今日', en: 'Earlier today' },
      { id: 'before', ja: '昨日以前', en: 'Yesterday or before' },
      UNKNOWN,
    ],
  };
}

function pcCount(category: Category, floorIfSeveral?: Severity, floorIfMany?: Severity): IntakeQuestion {
  return {
    id: `${category}.affected_pcs`,
    ja: '影響のあるPCは何台ですか',
    en: 'How many PCs are affected?',
    options: [
      { id: 'one', ja: '1台', en: '1' },
      { id: '2_5', ja: '2〜5台', en: '2 to 5', ...(floorIfSeveral ? { severityFloor: floorIfSeveral } : {}) },
      { id: '6_plus', ja: '6台以上', en: '6 or more', ...(floorIfMany ? { severityFloor: floorIfMany } : {}) },
      UNKNOWN,
    ],
  };
}

/**
 * The few facts a responder needs first, per triage category, in the order
 * they are asked. Floors follow the severity definitions in taxonomy.json
 * (critical: harm happening now; high: likely compromise or loss).
 */
export const INTAKE_QUESTIONS: Readonly<Record<Category, readonly IntakeQuestion[]>> = {
  ransomware: [
    pcCount('ransomware', undefined, 'critical'),
    {
      id: 'ransomware.disconnected',
      ja: 'ネットワークから切り離しましたか',
      en: 'Have the affected PCs been disconnected from the network?',
      options: yesNo(undefined, 'critical'),
    },
    noticed('ransomware'),
  ],
  phishing: [
    {
      id: 'phishing.password_entered',
      ja: 'IDやパスワードを入力しましたか',
      en: 'Did anyone enter an ID or password on the page?',
      options: yesNo('high'),
    },
    {
      id: 'phishing.opened',
      ja: '添付ファイルやリンクを開きましたか',
      en: 'Was an attachment or a link opened?',
      options: [
        { id: 'attachment', ja: '添付を開いた', en: 'The attachment was opened', severityFloor: 'high' },
        { id: 'link', ja: 'リンクだけ開いた', en: 'Only the link' },
        { id: 'none', ja: 'どちらも開いていない', en: 'Neither' },
        UNKNOWN,
      ],
    },
    {
      id: 'phishing.others_received',
      ja: 'ほかの社員にも届いていますか',
      en: 'Did other staff receive it too?',
      options: [
        { id: 'yes', ja: 'はい', en: 'Yes' },
        { id: 'no', ja: 'いいえ(自分だけ)', en: 'No, only me' },
        UNKNOWN,
      ],
    },
  ],
  malware: [
    {
      id: 'malware.still_connected',
      ja: 'そのPCはまだネットワークにつながっていますか',
      en: 'Is the PC still connected to the network?',
      options: [
        { id: 'yes', ja: 'はい', en: 'Yes', severityFloor: 'high' },
        { id: 'no', ja: 'いいえ(切り離しました)', en: 'No, it is disconnected' },
        UNKNOWN,
      ],
    },
    pcCount('malware', 'high', 'high'),
    noticed('malware'),
  ],
  unauthorized_access: [
    {
      id: 'unauthorized_access.status',
      ja: 'いまの状況に近いものを選んでください',
      en: 'Which is closest to the situation now?',
      options: [
        { id: 'attacker_active', ja: '不審な操作がまだ続いている', en: 'Suspicious activity is still going on', severityFloor: 'critical' },
        { id: 'locked_out', ja: '自分たちがログインできなくなった', en: 'We are locked out', severityFloor: 'critical' },
        { id: 'secured', ja: 'パスワード変更などで止めた', en: 'Stopped it (password changed)' },
        UNKNOWN,
      ],
    },
    {
      id: 'unauthorized_access.admin_account',
      ja: '管理者のアカウントですか',
      en: 'Is it an administrator account?',
      options: yesNo('high'),
    },
    noticed('unauthorized_access'),
  ],
  data_leak: [
    {
      id: 'data_leak.personal_data',
      ja: '個人情報が含まれていますか',
      en: 'Does it include personal data?',
      options: yesNo('high'),
    },
    {
      id: 'data_leak.people',
      ja: '何人分の情報ですか',
      en: "How many people's data?",
      options: [
        { id: 'up_to_100', ja: '100人以下', en: 'Up to 100' },
        { id: 'up_to_1000', ja: '101〜1,000人', en: '101 to 1,000' },
        { id: 'over_1000', ja: '1,000人を超える', en: 'More than 1,000', severityFloor: 'high' },
        UNKNOWN,
      ],
    },
    noticed('data_leak'),
  ],
  fraud: [
    {
      id: 'fraud.money_sent',
      ja: 'すでにお金を振り込みましたか',
      en: 'Has any money already been sent?',
      options: yesNo('critical'),
    },
    {
      id: 'fraud.remote_tool',
      ja: '相手の指示で遠隔操作ソフトを入れましたか',
      en: 'Was remote-access software installed on their instructions?',
      options: [
        { id: 'connected', ja: 'はい(まだつながっている)', en: 'Yes, still connected', severityFloor: 'critical' },
        { id: 'disconnected', ja: 'はい(切断済み)', en: 'Yes, now disconnected', severityFloor: 'high' },
        { id: 'no', ja: 'いいえ', en: 'No' },
        UNKNOWN,
      ],
    },
    noticed('fraud'),
  ],
  web: [
    {
      id: 'web.still_serving',
      ja: 'サイトは今も改ざんされた内容や不審な入力画面を表示していますか',
      en: 'Is the site still showing the altered content or a suspicious payment form?',
      options: [
        { id: 'yes', ja: 'はい', en: 'Yes', severityFloor: 'critical' },
        { id: 'no', ja: 'いいえ(停止・修正済み)', en: 'No, taken down or fixed' },
        UNKNOWN,
      ],
    },
    {
      id: 'web.card_payments',
      ja: 'サイトでクレジットカード決済を受け付けていますか',
      en: 'Does the site take card payments?',
      options: yesNo(),
    },
    noticed('web'),
  ],
  vulnerability: [
    {
      id: 'vulnerability.internet_facing',
      ja: '対象の機器やサービスはインターネットから接続できますか',
      en: 'Can the device or service be reached from the internet?',
      options: yesNo(),
    },
    {
      id: 'vulnerability.patched',
      ja: '修正プログラム(アップデート)は適用済みですか',
      en: 'Has the fix (update) been applied?',
      options: yesNo(),
    },
    {
      id: 'vulnerability.signs_of_attack',
      ja: '不審なログインや設定変更など、攻撃の形跡はありますか',
      en: 'Any sign of attack, such as odd logins or changed settings?',
      options: yesNo('high'),
    },
  ],
  general: [
    {
      id: 'general.noticed',
      ja: 'いつ頃からの状況ですか',
      en: 'Since when has this been going on?',
      options: [
        { id: 'today', ja: '今日', en: 'Today' },
        { id: 'this_week', ja: 'この1週間', en: 'This week' },
        { id: 'before', ja: 'それより前', en: 'Before that' },
        { id: 'no_incident', ja: '特に起きていることはない', en: 'Nothing has happened; a general question' },
      ],
    },
    {
      id: 'general.urgency',
      ja: 'いつまでに回答が必要ですか',
      en: 'How soon do you need an answer?',
      options: [
        { id: 'today', ja: '今日中', en: 'Today' },
        { id: 'few_days', ja: '数日以内', en: 'Within a few days' },
        { id: 'no_rush', ja: '急ぎではない', en: 'No rush' },
      ],
    },
  ],
};

/** The questions asked for a case of `category` (general when the case has none yet). */
export function intakeQuestionsFor(category: Category | null): readonly IntakeQuestion[] {
  return INTAKE_QUESTIONS[category ?? 'general'];
}

/** A question with the category it belongs to and its place in the asking order. */
export interface IntakeQuestionRef {
  category: Category;
  question: IntakeQuestion;
  /** Position across all categories, for listing answers in the order they are asked. */
  order: number;
}

/** Every question, in asking order. */
export const ALL_INTAKE_QUESTIONS: readonly IntakeQuestionRef[] = CATEGORIES.flatMap((category) =>
  INTAKE_QUESTIONS[category].map((question) => ({ category, question })),
).map((q, order) => ({ ...q, order }));

/** A question by its id, whatever its category. */
export function findIntakeQuestion(questionId: string): IntakeQuestionRef | undefined {
  return ALL_INTAKE_QUESTIONS.find((q) => q.question.id === questionId);
}

/** Case event written for every intake answer (all answers stay; the latest per question wins for display). */
export const INTAKE_EVENT = 'intake_answered';

/** An intake answer as recorded on the timeline. */
export interface IntakeAnswer {
  questionId: string;
  optionId: string;
  /** Labels in the case's language at the time of the answer. */
  question: string;
  answer: string;
  at: Date;
}

/** The latest answer to each question, in the order questions were first answered. */
export function latestIntakeAnswers(events: readonly CaseEvent[]): IntakeAnswer[] {
  const latest = new Map<string, IntakeAnswer>();
  for (const e of events) {
    if (e.type !== INTAKE_EVENT || typeof e.data.questionId !== 'string' || typeof e.data.optionId !== 'string') continue;
    latest.set(e.data.questionId, {
      questionId: e.data.questionId,
      optionId: e.data.optionId,
      question: String(e.data.question ?? e.data.questionId),
      answer: String(e.data.answer ?? e.data.optionId),
      at: e.at,
    });
  }
  return [...latest.values()];
}

