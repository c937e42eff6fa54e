import type { Category } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { fill } from '../messages.js';

/** Every string the alert intake shows a person, in ja and en (kept here: the alerts' own catalogue). */
const MESSAGES = {
  'alert.detected.host': {
    ja: '{device}が {host} で「{title}」を検知しました。',
    en: '{device} detected “{title}” on {host}.',
  },
  'alert.detected.user': {
    ja: '{device}がアカウント {user} について「{title}」を検知しました。',
    en: '{device} detected “{title}” for the account {user}.',
  },
  'alert.detected.plain': { ja: '{device}が「{title}」を検知しました。', en: '{device} detected “{title}”.' },
  'alert.asContact': {
    ja: '使用者が登録されていない機器・アカウントのため、ご担当者のあなたにお知らせしています。該当する方に次の手順を伝えてください。',
    en: 'The machine or account is not registered to anyone, so you are told as the contact person. Please pass these steps on to whoever uses it.',
  },
  'alert.caseOpened': {
    ja: 'ケース {number} として担当者に連絡済みです。このスレッドで状況を教えてください。',
    en: 'Responders have been alerted as case {number}. Tell us what you see in this thread.',
  },
  'alert.firstAid.title': { ja: '今すぐやること', en: 'Do this now' },
  'alert.firstAid.isolate': {
    ja: 'LANケーブルを抜いてください(Wi-Fiの場合はWi-Fiをオフに)。|電源は切らず、再起動もしないでください(調査の証拠が消えます)。|画面に表示されている内容をスマートフォンで撮影してください。|ファイルを開いたり、USBメモリを挿したりしないでください。担当者からの連絡をお待ちください。',
    en: 'Unplug the network cable (or turn Wi-Fi off).|Do not shut down or restart the PC (it erases evidence).|Take a photo of the screen with your phone.|Do not open files or plug in USB sticks. Wait for a responder to contact you.',
  },
  'alert.firstAid.account': {
    ja: '心当たりのないサインインであれば、パスワードを変更しないまま担当者の指示を待ってください(乗っ取り先に気付かれないため)。|届いたメールのリンクや添付は開かないでください。|画面や通知をスマートフォンで撮影してください。',
    en: 'If you did not sign in yourself, wait for the responder’s instructions before changing anything.|Do not open links or attachments in recent mail.|Take a photo of the screen or the notification.',
  },
  'alert.firstAid.watch': {
    ja: '作業を中断し、PCはそのままにしてください(電源は切らないでください)。|画面に表示されている内容をスマートフォンで撮影してください。|担当者からの連絡をお待ちください。',
    en: 'Stop what you are doing and leave the PC as it is (do not turn it off).|Take a photo of the screen with your phone.|Wait for a responder to contact you.',
  },
  'alert.question': { ja: '[監視アラート] {title}', en: '[Monitoring alert] {title}' },
  'alert.device.generic': { ja: '監視機器', en: 'A monitoring device' },
  'alert.device.defender': { ja: 'Microsoft Defender', en: 'Microsoft Defender' },
  'alert.device.fortigate': { ja: 'FortiGate', en: 'FortiGate' },
} as const satisfies Record<string, Record<Lang, string>>;

export type AlertMessageKey = keyof typeof MESSAGES;

export function alertText(lang: Lang, key: AlertMessageKey, params: Record<string, string | number> = {}): string {
  return fill(MESSAGES[key][lang], params);
}

/** Which first aid fits: cut the machine off for anything that runs on it, hold still for an account. */
export function firstAidKind(category: Category | null, hasHost: boolean): 'isolate' | 'account' | 'watch' {
  if (category === 'unauthorized_access' && !hasHost) return 'account';
  if (category === 'malware' || category === 'ransomware' || category === 'unauthorized_access' || category === 'data_leak' || category === null) {
    return hasHost ? 'isolate' : 'watch';
  }
  return 'watch';
}

export function firstAidSteps(lang: Lang, kind: 'isolate' | 'account' | 'watch'): string[] {
  return alertText(lang, `alert.firstAid.${kind}`).split('|');
}
