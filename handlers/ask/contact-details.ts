import { bundledContacts, type ContactRegistry } from '../../knowledge/contacts/contact-registry.js';
import { renderContactTokens, type ContactLink } from '../../knowledge/contacts/contact-text.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { Card, CardBlock } from '../cards.js';

/**
 * Fills in the desks an article names (`{{contact:<id>}}`) with their current name and details
 * from the contacts registry, in `lang`, and lists their phone / e-mail / page as card links for
 * the renderers to make clickable. Every card built from article text (the answer, the article
 * opened in a modal or dialog, the playground's rebuilt answer) passes through here, so a desk
 * that moves is updated in knowledge/contacts.yaml and nowhere else.
 *
 * `lang` is the language of the article text the tokens sit in (its sentences are in that
 * language; the articles exist in both, and the reader gets their own).
 */
export function withContactDetails(card: Card, lang: Lang, contacts: ContactRegistry = bundledContacts()): Card {
  const links: ContactLink[] = [...(card.links ?? [])];
  const fill = (text: string): string => {
    const r = renderContactTokens(text, lang, contacts, 'plain');
    for (const l of r.links) if (!links.some((x) => x.href === l.href && x.text === l.text)) links.push(l);
    return r.text;
  };
  const blocks = card.blocks.map((b): CardBlock => {
    switch (b.kind) {
      case 'text':
        return { ...b, text: fill(b.text), ...(b.title !== undefined ? { title: fill(b.title) } : {}) };
      case 'notice':
        return { ...b, text: fill(b.text) };
      case 'steps':
      case 'bullets':
        return { ...b, title: fill(b.title), items: b.items.map(fill) };
      case 'fields':
        return { ...b, fields: b.fields.map((f) => ({ label: f.label, value: fill(f.value) })) };
    }
    return b;
  });
  return { ...card, blocks, ...(links.length ? { links } : {}) };
}
