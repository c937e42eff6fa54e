import type { PiiKind, Rule } from './redaction.js';

/**
 * Values in the rows of a pasted table (a CSV export, a roster) that its header names: in
 * "name,my_number,bank_account,dob" the third field of every row is an account, whatever its digits
 * look like. A row's value alone (6654321) says nothing; the header's word for its column does.
 */

/** A header line: two or more column names of letters (snake_case, spaces) or Japanese, comma- or tab-separated. */
const HEADER = /^[^\S\n]*[A-Za-z_\u3040-\u30ff\u3400-\u9fff][\w \u3040-\u30ff\u3400-\u9fff]{0,30}(?:[,\t][^\S\n]*[A-Za-z_\u3040-\u30ff\u3400-\u9fff][\w \u3040-\u30ff\u3400-\u9fff]{0,30}){1,}[^\S\n]*$/;

/** Column names of each kind hidden here (the other kinds have shapes and cues of their own). */
const COLUMNS: readonly [PiiKind, RegExp][] = [
  ['BANK', /^(?:bank[ _]?)?(?:account|acct)(?:[ _]?(?:no|number|num))?$|^bank$|^口座(?:番号)?$/i],
  ['PASSWORD', /^(?:pass(?:word)?|pw|pwd|pin|暗証番号|パスワード)$/i],
  ['ID_DOC', /^(?:passport|licen[cs]e|employee[ _]?(?:id|no|number)|staff[ _]?(?:id|no)|社員番号|免許証番号|旅券番号)(?:[ _]?(?:no|number))?$/i],
];

/** The column names of the header nearest above `lineStart`, within the rows of the same table (no blank line between). */
function headerAbove(text: string, lineStart: number): string[] | undefined {
  const before = text.slice(0, Math.max(0, lineStart - 1)).split('\n');
  for (let i = before.length - 1; i >= 0 && i >= before.length - 50; i--) {
    const line = before[i]!;
    if (line.trim() === '') return undefined;
    if (HEADER.test(line)) return line.split(/[,\t]/).map((c) => c.trim());
  }
  return undefined;
}

function columnRule(kind: PiiKind, column: RegExp): Rule {
  return {
    kind,
    when: /[,\t]/,
    // A field of a row: between separators or line ends, of digits, letters and a few symbols.
    re: /(?<=^|[,\t])[^\S\n]*[A-Za-z0-9][\x21-\x2B\x2D-\x7E]{2,40}(?=[,\t]|[^\S\n]*$)/gm,
    accept: (m) => /\d/.test(m),
    around: (text, start) => {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const header = headerAbove(text, lineStart);
      if (!header) return false;
      const index = text.slice(lineStart, start).split(/[,\t]/).length - 1;
      const name = header[index];
      return name !== undefined && column.test(name);
    },
  };
}

/** One rule per kind: the fields under a column its header names. */
export const TABLE_RULES: readonly Rule[] = COLUMNS.map(([kind, column]) => columnRule(kind, column));
