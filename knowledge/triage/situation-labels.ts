import type { ImpactFlag, SituationState } from './corpus-schema.js';
import type { TriageSignal } from './types.js';

const FLAG_LABELS: Record<ImpactFlag, [ja: string, en: string]> = {
  money_moved: ['送金・支払い済み', 'Money already sent'],
  money_pending: ['支払いが迫っている', 'Payment about to be made'],
  credentials_given: ['ID・パスワード・認証コードを渡した', 'Credentials or codes given away'],
  code_run: ['不審なファイル・プログラムを実行', 'Suspicious file or program run'],
  data_out: ['情報が外部に出た', 'Data out of the company'],
  attacker_control: ['第三者によるアクセス・操作', 'Unauthorised party in control'],
  service_down: ['業務・サイトが停止', 'Business system or site down'],
};

const STATE_LABELS: Record<SituationState, [ja: string, en: string]> = {
  none: ['一般的な質問', 'General question'],
  prevention: ['予防・準備の相談', 'Prevention or preparation'],
  hypothetical: ['「もしも」の質問', 'What-if question'],
  past: ['発生済みの出来事', 'Something that happened'],
  ongoing: ['現在進行中', 'Happening right now'],
};

/** Responder-facing wording of the slots that decided a verdict (the reply's "why"). */
export function flagSignal(flag: ImpactFlag): TriageSignal {
  const [ja, en] = FLAG_LABELS[flag];
  return { id: `flag:${flag}`, ja, en };
}

export function stateSignal(state: SituationState): TriageSignal {
  const [ja, en] = STATE_LABELS[state];
  return { id: `state:${state}`, ja, en };
}

export const UNSURE_SIGNAL: TriageSignal = {
  id: 'unsure',
  ja: '発生したかどうか判断しきれないため担当者が確認',
  en: 'Not sure whether it happened: a responder will check',
};

export const SERIOUS_SIGNAL: TriageSignal = {
  id: 'serious',
  ja: '読み取った状況を総合すると深刻な可能性があるため担当者が確認',
  en: 'Taken together, what the message describes may be serious: a responder will check',
};
