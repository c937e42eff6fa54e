import fs from 'node:fs';
import { normalizeText } from '../text/normalize.js';

/**
 * `npx tsx knowledge/cli/corpus-tag-symptoms.ts FILE…`: tags `symptoms_only` on the incident lines
 * (state past or ongoing) whose text names no kind of trouble — what people saw, not what it was.
 * Some writers tag few of them by hand; this tags by a fixed word list and never touches a label.
 * Rewrites the files in place (JSON per line, key order kept) and prints how many lines it tagged.
 */
const TROUBLE_WORDS = [
  'ウイルス', 'ウィルス', 'マルウェア', 'ランサム', '感染', '不正アクセス', '不正ログイン', '乗っ取', 'ハッキング', 'ハッカー', 'ハック', 'フィッシング',
  '詐欺', '漏えい', '漏洩', '流出', '攻撃', '脆弱', '暗号化', '身代金', 'サイバー', 'セキュリティ', 'なりすまし', '成りすまし', '改ざん', '改竄', 'スパム', 'トロイ',
  '偽', '怪し', '不審', '詐', '騙', 'だまさ', '盗', '被害', '悪用', '犯罪', '脅迫', 'ゆすり', '恐喝',
  'virus', 'malware', 'ransom', 'infect', 'hack', 'phish', 'scam', 'fraud', 'breach', 'leak', 'attack', 'vulnerab', 'encrypt', 'compromis',
  'cyber', 'security', 'unauthori', 'spoof', 'impersonat', 'trojan', 'spam', 'deface', 'exploit',
  'fake', 'suspicious', 'stolen', 'steal', 'criminal', 'victim', 'extort', 'blackmail', 'bogus', 'dodgy', 'sketchy', 'shady',
];

let tagged = 0;
for (const file of process.argv.slice(2)) {
  const out: string[] = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const line = JSON.parse(raw) as { state: string; text: string; history?: string[]; tags?: string[] };
    const text = normalizeText([...(line.history ?? []), line.text].join('\n')).toLowerCase();
    const incident = line.state === 'past' || line.state === 'ongoing';
    if (incident && !line.tags?.includes('symptoms_only') && !TROUBLE_WORDS.some((w) => text.includes(w.toLowerCase()))) {
      line.tags = [...(line.tags ?? []), 'symptoms_only'];
      tagged++;
    }
    out.push(JSON.stringify(line));
  }
  fs.writeFileSync(file, `${out.join('\n')}\n`);
}
process.stdout.write(`tagged ${tagged} lines symptoms_only\n`);
