import { CATEGORIES, type Category, type Severity } from '../../knowledge/taxonomy.js';
import { both, type KeysOf, type MessageKey } from '../../core/i18n/t.js';
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

/** An answer button; its wording is `key` in the catalogue (core/i18n). */
function option(id: string, key: MessageKey, severityFloor?: Severity): IntakeOption {
  return { id, ...both(key), ...(severityFloor ? { severityFloor } : {}) };
}

/** A question asked in one category only; its wording is `intake.q.<id>` in the catalogue. */
function asked(id: KeysOf<'intake.q'>, options: readonly IntakeOption[]): IntakeQuestion {
  return { id, ...both(`intake.q.${id}`), options };
}

const UNKNOWN: IntakeOption = option('unknown', 'intake.option.unknown');

function yesNo(floorIfYes?: Severity, floorIfNo?: Severity): IntakeOption[] {
  return [option('yes', 'intake.option.yes', floorIfYes), option('no', 'intake.option.no', floorIfNo), UNKNOWN];
}

function noticed(category: Category): IntakeQuestion {
  return {
    id: `${category}.noticed`,
    ...both('intake.q.noticed'),
    options: [
      option('within_hour', 'intake.option.noticed.within_hour'),
      option('today', 'intake.option.noticed.today'),
      option('before', 'intake.option.noticed.before'),
      UNKNOWN,
    ],
  };
}

function pcCount(category: Category, floorIfSeveral?: Severity, floorIfMany?: Severity): IntakeQuestion {
  return {
    id: `${category}.affected_pcs`,
    ...both('intake.q.affectedPcs'),
    options: [
      option('one', 'intake.option.affectedPcs.one'),
      option('2_5', 'intake.option.affectedPcs.2_5', floorIfSeveral),
      option('6_plus', 'intake.option.affectedPcs.6_plus', floorIfMany),
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
    asked('ransomware.disconnected', yesNo(undefined, 'critical')),
    noticed('ransomware'),
  ],
  phishing: [
    asked('phishing.password_entered', yesNo('high')),
    asked('phishing.opened', [
      option('attachment', 'intake.option.phishing.opened.attachment', 'high'),
      option('link', 'intake.option.phishing.opened.link'),
      option('none', 'intake.option.phishing.opened.none'),
      UNKNOWN,
    ]),
    asked('phishing.others_received', [option('yes', 'intake.option.yes'), option('no', 'intake.option.phishing.others_received.no'), UNKNOWN]),
  ],
  malware: [
    asked('malware.still_connected', [option('yes', 'intake.option.yes', 'high'), option('no', 'intake.option.malware.still_connected.no'), UNKNOWN]),
    pcCount('malware', 'high', 'high'),
    noticed('malware'),
  ],
  unauthorized_access: [
    asked('unauthorized_access.status', [
      option('attacker_active', 'intake.option.unauthorized_access.status.attacker_active', 'critical'),
      option('locked_out', 'intake.option.unauthorized_access.status.locked_out', 'critical'),
      option('secured', 'intake.option.unauthorized_access.status.secured'),
      UNKNOWN,
    ]),
    asked('unauthorized_access.admin_account', yesNo('high')),
    noticed('unauthorized_access'),
  ],
  data_leak: [
    asked('data_leak.personal_data', yesNo('high')),
    asked('data_leak.people', [
      option('up_to_100', 'intake.option.data_leak.people.up_to_100'),
      option('up_to_1000', 'intake.option.data_leak.people.up_to_1000'),
      option('over_1000', 'intake.option.data_leak.people.over_1000', 'high'),
      UNKNOWN,
    ]),
    noticed('data_leak'),
  ],
  fraud: [
    asked('fraud.money_sent', yesNo('critical')),
    asked('fraud.remote_tool', [
      option('connected', 'intake.option.fraud.remote_tool.connected', 'critical'),
      option('disconnected', 'intake.option.fraud.remote_tool.disconnected', 'high'),
      option('no', 'intake.option.no'),
      UNKNOWN,
    ]),
    noticed('fraud'),
  ],
  web: [
    asked('web.still_serving', [option('yes', 'intake.option.yes', 'critical'), option('no', 'intake.option.web.still_serving.no'), UNKNOWN]),
    asked('web.card_payments', yesNo()),
    noticed('web'),
  ],
  vulnerability: [
    asked('vulnerability.internet_facing', yesNo()),
    asked('vulnerability.patched', yesNo()),
    asked('vulnerability.signs_of_attack', yesNo('high')),
  ],
  general: [
    asked('general.noticed', [
      option('today', 'intake.option.general.noticed.today'),
      option('this_week', 'intake.option.general.noticed.this_week'),
      option('before', 'intake.option.general.noticed.before'),
      option('no_incident', 'intake.option.general.noticed.no_incident'),
    ]),
    asked('general.urgency', [
      option('today', 'intake.option.general.urgency.today'),
      option('few_days', 'intake.option.general.urgency.few_days'),
      option('no_rush', 'intake.option.general.urgency.no_rush'),
    ]),
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

