/**
 * Does a generated answer tell the reader to do something the cited articles say not to do?
 *
 * The matcher is deliberately small and readable, not a language model of its own:
 *
 * 1. A table of **acts** the knowledge base warns against (pay the ransom, contact the attacker,
 *    call the number on the screen, power off, reinstall, delete files or mail, run a found
 *    decryption tool, install what a caller asks for, give away a password or code, buy gift
 *    cards, open the link or attachment, log in as administrator, reconnect or restore backups),
 *    each with a Japanese and an English pattern.
 * 2. An act is **forbidden** for this answer when its pattern matches an item of the cited
 *    articles' "do not" list (their parsed `avoid` section, in whichever language), or when it is
 *    one of the few acts the desk never advises whatever the article (`ALWAYS_AVOIDED`).
 * 3. The answer **contradicts** the list when one of its clauses matches a forbidden act and that
 *    clause does not negate it: in Japanese a negation right after the verb (払わないで, 切らず,
 *    しないでください, 禁止, 避け…, or a concession: 払っても); in English one before it in the
 *    same clause (do not, don't, never, avoid, without, instead of…) or a statement about it
 *    right after ("paying the ransom does not guarantee …").
 *
 * Misreadings fall on the safe side: an answer wrongly judged contradictory is dropped and the
 * reader gets the article's own steps. Not covered: acts outside the table, and an instruction
 * spread over two sentences ("Here is the wallet. Send it there.").
 */

export interface AvoidedAct {
  /** Stable id for logs and tests. */
  id: string;
  /** Matches the act in Japanese text (NFKC, lower-case). */
  ja: RegExp;
  /** Matches the act in English text (NFKC, lower-case). */
  en: RegExp;
}

export const AVOIDED_ACTS: readonly AvoidedAct[] = [
  {
    id: 'pay_ransom',
    ja: /身代金[^。、]{0,12}(?:払|支払|送金|振り?込)|(?:ビットコイン|暗号資産|仮想通貨)[^。、]{0,12}(?:払|支払|送金|振り?込|購入|買)/,
    en: /\bpa(?:y|ying|id)\b[^.;]{0,25}\b(?:ransom|bitcoin|btc|crypto)|\bransom\b[^.;]{0,15}\bpa(?:y|id)\b|\bsend(?:ing)?\b[^.;]{0,20}\b(?:bitcoin|btc|crypto)/,
  },
  {
    id: 'contact_attacker',
    ja: /(?:攻撃者|犯人|脅迫者)[^。、]{0,12}(?:連絡|交渉|返信|メール)|脅迫文[^。、]{0,20}(?:アドレス|チャット|連絡先)[^。、]{0,10}(?:連絡|交渉)/,
    en: /\b(?:contact|negotiat|reply|respond|email|write)\w*\b[^.;]{0,25}\b(?:attackers?|criminals?|hackers?|extortionists?)\b/,
  },
  {
    id: 'call_screen_number',
    ja: /(?:画面|警告|ポップアップ|メール|sms|メッセージ|請求)[^。、]{0,20}(?:番号|連絡先)[^。、]{0,10}(?:電話|連絡|かけ)|(?:表示され|書かれ|記載され)た(?:電話)?番号[^。、]{0,8}(?:電話|連絡|かけ)|(?:その|この)(?:電話)?番号に(?:電話|連絡|かけ)/,
    en: /\bcall(?:ing)?\b[^.;]{0,30}\bnumbers?\b[^.;]{0,40}\b(?:screen|pop-?up|warning|message|e-?mail|sms|text|invoice)|\bcall(?:ing)? (?:the|that|this) number\b|\bcall(?:ing)? them back\b/,
  },
  {
    id: 'power_off',
    ja: /電源[はを]?(?:切|落と|オフ)|シャットダウン|再起動/,
    en: /\bpower(?:ing)? (?:it |them |the \w+ |your \w+ )?(?:off|down)\b|\bshut(?:ting)? (?:it |them |the \w+ |your \w+ )?down\b|\bturn(?:ing)? (?:it|them|the (?:pc|computer|server|device|machine|laptop)|your (?:pc|computer|device|laptop)) off\b|\bturn(?:ing)? off (?:the |your )?(?:pc|computer|server|device|machine|laptop|power)\b|\b(?:reboot|restart)(?:ing)? (?:it|them|the|your)\b/,
  },
  {
    id: 'reinstall',
    ja: /初期化|再インストール|リカバリ|入れ直|(?:os|windows)を?(?:再)?インストール/,
    en: /\breinstall|\bwip(?:e|ing)\b|\bfactory[- ]reset|\breformat|\bformat(?:ting)? (?:the|your)\b/,
  },
  {
    id: 'delete_evidence',
    ja: /(?:ファイル|メール|ログ|証拠|履歴|メッセージ|脅迫文)[^。、]{0,10}(?:削除|消[すしさせ]|名前(?:を)?変更)/,
    en: /\b(?:delete|remove|rename|erase)(?:ing)?\b[^.;]{0,25}\b(?:files?|e-?mails?|messages?|logs?|evidence|history|note)\b/,
  },
  {
    id: 'run_decryptor',
    ja: /(?:復号|復元)ツール[^。、]{0,12}(?:実行|試|使|ダウンロード)/,
    en: /\b(?:run|try|use|download)\w*\b[^.;]{0,25}\b(?:decrypt\w*|recovery) tools?\b/,
  },
  {
    id: 'install_requested',
    ja: /(?:指示|言われ|求められ)[^。、]{0,15}(?:ソフト|アプリ|ツール)[^。、]{0,8}(?:インストール|入れ)|遠隔操作(?:ソフト|ツール|アプリ)?[^。、]{0,8}(?:インストール|入れ)/,
    en: /\binstall(?:ing)?\b[^.;]{0,30}\b(?:software|app|tool)s?\b[^.;]{0,25}\b(?:caller|they ask|asks?|requested)|\binstall(?:ing)?\b[^.;]{0,20}\bremote[- ](?:access|control|support)/,
  },
  {
    id: 'give_credentials',
    ja: /(?:パスワード|暗証番号|認証コード|確認コード|ワンタイム|カード番号)[^。、]{0,10}(?:教え|伝え|渡|読み上げ|送)/,
    en: /\b(?:give|tell|share|read out|send|provide)(?:ing)?\b[^.;]{0,25}\b(?:passwords?|verification codes?|one-time codes?|pins?|banking details|card numbers?)\b/,
  },
  {
    id: 'gift_cards',
    ja: /(?:ギフトカード|電子マネー|プリペイドカード)[^。、]{0,12}(?:購入|買|番号)/,
    en: /\bbuy\w*\b[^.;]{0,20}\bgift ?cards?|\bgift ?card numbers?/,
  },
  {
    id: 'open_link',
    ja: /(?:リンク|url)[^。、]{0,8}(?:開|クリック|押|タップ|アクセス)|添付(?:ファイル)?[^。、]{0,8}開/,
    en: /\b(?:click|tap|open|follow|visit)(?:ing)?\b[^.;]{0,15}\b(?:the |that |this )?(?:link|attachment|url)s?\b/,
  },
  {
    id: 'admin_login',
    ja: /管理者(?:アカウント|権限)で[^。、]{0,8}ログイン/,
    en: /\blog(?:ging)? ?(?:in|on)\b[^.;]{0,30}\badmin(?:istrator)?\b/,
  },
  {
    id: 'reconnect_backup',
    ja: /バックアップ[^。、]{0,12}(?:つな|接続|復元|戻)/,
    en: /\b(?:connect|reconnect|restore|plug in)(?:ing)?\b[^.;]{0,20}\bbackups?\b/,
  },
];

/** Acts the desk never advises, whichever article is cited. */
export const ALWAYS_AVOIDED: ReadonlySet<string> = new Set(['pay_ransom', 'contact_attacker', 'call_screen_number']);

/** Japanese negation right after the act, in the same clause: 払わないで, 切らず, 削除は禁止, 避けて. */
const JA_NEGATION = /(?:ない|なく|ず|ぬ|ません|禁止|厳禁|やめ|止め|控え|避け|いけ|だめ|ダメ|ng|不要|無用|前に)/;
/** English negation before the act, in the same clause. */
const EN_NEGATION = /\b(?:don'?t|do not|does not|doesn'?t|never|not|no|avoid|avoiding|without|instead of|rather than|refrain from|stop|nor|before|until|unless)\b/;

const norm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/g, "'");

/** Sentences (Japanese and English), and English clauses at semicolons and "but". */
function clauses(text: string): string[] {
  return norm(text)
    .split(/[。！？!?\n]+|(?<=\D)\.(?=\s|$)|;|\bbut\b/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A Japanese verb's conjunctive form before a comma (切り、 抜いて、 し、) starts the next instruction. */
const JA_NEXT_INSTRUCTION = /[てでしりきいみちびえけせめれげね]、/;
/** Conditions and past events are no instruction: 開いた場合は, 押したら, 入れてしまった. */
const JA_NOT_INSTRUCTION = /場合|たら|ときは|時は|しまっ|まで待|までは/;
/** English: a condition or someone else's act in the same comma segment (if you clicked, ask them to delete). */
const EN_NOT_INSTRUCTION = /\b(?:if|when|once|after|whether)\b|\b(?:ask|tell|request)\w*\b[^,]{0,40}\bto\s*$/;

/** Whether `clause` asks for `act` (an occurrence not negated). */
function affirms(clause: string, act: AvoidedAct): boolean {
  for (const re of [act.ja, act.en]) {
    const global = new RegExp(re.source, 'g');
    for (const m of clause.matchAll(global)) {
      const start = m.index;
      const end = start + m[0].length;
      let negated: boolean;
      if (re === act.ja) {
        // The negation follows the verb, up to where the next instruction starts: 払わないでください,
        // 切らずに, 再起動、シャットダウン、初期化はしないでください; or a concession: 払っても.
        const rest = clause.slice(end, end + 60);
        const stop = JA_NEXT_INSTRUCTION.exec(rest);
        const after = stop ? rest.slice(0, stop.index + 1) : rest;
        negated = JA_NEGATION.test(after) || JA_NOT_INSTRUCTION.test(after) || /^[っいわうえ]?ても/.test(after);
      } else {
        // The negation precedes the act, possibly across a list ("do not restart, shut down or wipe");
        // a statement about the act follows it ("paying the ransom does not guarantee …").
        const before = clause.slice(Math.max(0, start - 60), start);
        const after = clause.slice(end, end + 40);
        negated =
          EN_NEGATION.test(before) ||
          EN_NOT_INSTRUCTION.test(before.split(',').pop() ?? '') ||
          /^\s*(?:\w+\s){0,3}(?:is|are|does|do|will|would|may|might) not\b|^\s*(?:\w+\s){0,3}(?:isn'?t|aren'?t|doesn'?t|won'?t|never)\b/.test(after);
      }
      if (!negated) return true;
    }
  }
  return false;
}

/** Ids of the acts the "do not" items name (whichever language they are in). */
export function actsNamedBy(avoidItems: readonly string[]): Set<string> {
  const named = new Set<string>(ALWAYS_AVOIDED);
  for (const item of avoidItems) {
    const text = norm(item);
    for (const act of AVOIDED_ACTS) if (act.ja.test(text) || act.en.test(text)) named.add(act.id);
  }
  return named;
}

/**
 * The first forbidden act the answer asks for, or undefined when it asks for none.
 * @param avoidItems the "do not" items of the cited articles.
 */
export function contradictedAct(answer: string, avoidItems: readonly string[]): string | undefined {
  const forbidden = actsNamedBy(avoidItems);
  const acts = AVOIDED_ACTS.filter((a) => forbidden.has(a.id));
  for (const clause of clauses(answer)) {
    const act = acts.find((a) => affirms(clause, a));
    if (act) return act.id;
  }
  return undefined;
}
