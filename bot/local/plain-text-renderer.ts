import type { Card, CardButton } from '../../handlers/cards.js';

const BADGE: Record<string, string> = { critical: '[!!!]', high: '[!!]', medium: '[!]', low: '[i]' };

export interface PlainTextOptions {
  /**
   * The number a reader types to press this button (the console); given, each button is shown
   * as `[n] label` instead of `[label]`.
   */
  buttonNumber?: (button: CardButton) => number;
}

/** Renders a neutral card as plain text (console, logs, fallbacks). */
export function toPlainText(card: Card, options: PlainTextOptions = {}): string {
  const lines: string[] = [];
  // A question whose options are buttons is written once, on the line of its options.
  const buttonGroups = new Set((card.buttons ?? []).map((b) => b.group).filter((g): g is string => !!g));
  if (card.badge) lines.push(`${BADGE[card.badge.severity] ?? ''} ${card.badge.label} / ${card.badge.category}`);
  for (const b of card.blocks) {
    switch (b.kind) {
      case 'text':
        if (b.group && buttonGroups.has(b.group)) break;
        if (b.title) lines.push(`${b.title}:`);
        lines.push(b.text);
        break;
      case 'notice':
        lines.push(`>> ${b.text}`);
        break;
      case 'steps':
        lines.push(`${b.title}:`, ...b.items.map((item, i) => `  ${i + 1}. ${item}`));
        break;
      case 'bullets':
        lines.push(...(b.title ? [`${b.title}:`] : []), ...b.items.map((item) => `  - ${item}`));
        break;
      case 'fields':
        lines.push(b.fields.map((f) => `${f.label}: ${f.value}`).join(' | '));
        break;
    }
  }
  if (card.citations?.length) lines.push(...card.citations.map((c) => `  📄 ${c.title}${c.url ? ` <${c.url}>` : ''}`));
  if (card.buttons?.length) {
    const label = (b: CardButton) => (options.buttonNumber ? `[${options.buttonNumber(b)}] ${b.label}` : `[${b.label}]`);
    const separator = options.buttonNumber ? '  ' : ' ';
    // Buttons that answer one question (intake) stay on that question's line.
    const groups = new Map<string, string[]>();
    for (const b of card.buttons) groups.set(b.group ?? '', [...(groups.get(b.group ?? '') ?? []), label(b)]);
    for (const [group, labels] of groups) lines.push(`${group ? `  ${groupTitle(card, group)}: ` : ''}${labels.join(separator)}`);
  }
  return lines.join('\n');
}

function groupTitle(card: Card, group: string): string {
  const block = card.blocks.find((b) => b.kind === 'text' && b.group === group);
  return block && block.kind === 'text' ? block.text : group;
}
