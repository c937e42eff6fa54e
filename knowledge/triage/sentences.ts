/**
 * Splits normalised text into sentences. A sentence is the unit in which negation,
 * conditionals and quotes are read, so the split must not cut inside 「…」: a quoted
 * ransom note or instruction often contains its own 。.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    current += ch;
    if (ch === '「' || ch === '『') depth += 1;
    else if ((ch === '」' || ch === '』') && depth > 0) depth -= 1;
    const next = text[i + 1] ?? '';
    const jaEnd = ch === '。' || ch === '\n';
    // "invoice.exe" and "v1.2" must not end a sentence; ". " and "?" followed by space do.
    const enEnd = (ch === '.' || ch === '!' || ch === '?') && (next === '' || next === ' ' || next.charCodeAt(0) > 0x7f);
    if (depth === 0 && (jaEnd || enEnd)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** True when the position lies inside a Japanese quotation within the sentence. */
export function insideQuote(sentence: string, index: number): boolean {
  let depth = 0;
  for (let i = 0; i < index && i < sentence.length; i += 1) {
    const ch = sentence[i];
    if (ch === '「' || ch === '『') depth += 1;
    else if ((ch === '」' || ch === '』') && depth > 0) depth -= 1;
  }
  return depth > 0;
}
