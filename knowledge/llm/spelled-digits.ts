/**
 * Numbers read out or typed digit by digit, one job: staff write a PIN, a code, an account or a card the way
 * it was spoken or "hidden" (暗証 7 0 2 1 9, 口座番号 1 0 2 9 3 8 4, she read out 63 20 17, 4-5-3-9 0-1-2-2 …).
 * Every rule is written for the number as one run, so the Redactor joins such a number before its rules and
 * spells back whatever no rule took: a joined number that stays in the text must read as it was written.
 */

/**
 * Single digits with one space or hyphen between them (four at least), or pairs of digits with one space
 * between them (three pairs at least). Not a part of a longer number, a word, a version (1.2.3.4), an IP
 * address, a time or a date (2024 12 05 starts with four digits; 1-2-2024 ends with them).
 * A Japanese address block (1-12-10) has groups of two and hyphens: not joined, the address rules read it.
 */
const SPELLED = /(?<![\dA-Za-z.:/_-])(?:\d(?:[ -]\d){3,}|\d{2}(?: \d{2}){2,})(?![\dA-Za-z]|[.:/_-]\d)/g;

/** A number joined, and how it was written. */
export interface SpelledRun {
  joined: string;
  spelled: string;
}

/**
 * `text` with its spelled-out numbers joined, and the runs joined. A run whose joined form the text
 * already holds as a number of its own is left spelled: spelling back could not tell the two apart.
 */
export function joinSpelledDigits(text: string): { text: string; runs: SpelledRun[] } {
  const runs: SpelledRun[] = [];
  const out = text.replace(SPELLED, (spelled: string) => {
    const joined = spelled.replace(/[ -]/g, '');
    if (new RegExp(`(?<!\\d)${joined}(?!\\d)`).test(text)) return spelled;
    runs.push({ joined, spelled });
    return joined;
  });
  return { text: out, runs };
}

/**
 * The joined numbers no rule hid, spelled back as written, in order. `inPlaceholder` says whether an
 * offset lies inside a placeholder (a number inside [BANK_1] is none of the text's).
 */
export function respellLeft(text: string, runs: readonly SpelledRun[], inPlaceholder: (text: string, offset: number) => boolean): string {
  let out = text;
  let from = 0;
  for (const run of runs) {
    const re = new RegExp(`(?<!\\d)${run.joined}(?!\\d)`, 'g');
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(out)) && inPlaceholder(out, m.index));
    if (!m) continue;
    out = out.slice(0, m.index) + run.spelled + out.slice(m.index + run.joined.length);
    from = m.index + run.spelled.length;
  }
  return out;
}
