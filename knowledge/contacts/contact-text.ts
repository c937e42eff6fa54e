import { t, type Lang } from '../../core/i18n/t.js';
import type { Contact, ContactRegistry } from './contact-registry.js';

/**
 * `{{contact:<id>}}` in an article body: "the desk <id>, with its current details". The one
 * place a token becomes text is renderContactTokens below; everything that shows article text
 * (answers, the article card and page, the report, the search index, the language model's
 * passages) goes through it.
 */
export const CONTACT_TOKEN = /\{\{\s*contact:([^{}\s]*)\s*\}\}/g;

/** A link the text carries: `text` appears verbatim in the rendered text; `href` is tel:, mailto: or https:. */
export interface ContactLink {
  text: string;
  href: string;
}

/**
 * - `plain`: name and details as text ("IPA … (メール: cs-support@ipa.go.jp)"), the links listed
 *   beside it for renderers that can make them clickable;
 * - `markdown`: the same with Markdown links (the article page, Teams-style Markdown);
 * - `name`: the name only (search indexing, where details would only add noise).
 */
export type ContactFormat = 'plain' | 'markdown' | 'name';

export interface RenderedContacts {
  text: string;
  links: ContactLink[];
  /** Ids not in the registry (lint rejects them; a reply shows a neutral word instead, never the token). */
  unknown: string[];
}

/** The contact ids a text refers to, in order, with repeats. */
export function contactIds(text: string): string[] {
  return [...text.matchAll(CONTACT_TOKEN)].map((m) => m[1]!);
}

/** Replaces every contact token in `text` with the contact's name (and details) in `lang`. */
export function renderContactTokens(text: string, lang: Lang, registry: ContactRegistry, format: ContactFormat = 'plain'): RenderedContacts {
  const links: ContactLink[] = [];
  const unknown: string[] = [];
  const out = text.replace(CONTACT_TOKEN, (_m, id: string) => {
    const contact = registry.get(id);
    if (!contact) {
      unknown.push(id);
      return t(lang, 'contact.unknown');
    }
    if (format === 'name') return contact.name[lang];
    const rendered = contactText(contact, lang, format);
    for (const l of rendered.links) if (!links.some((x) => x.href === l.href)) links.push(l);
    return rendered.text;
  });
  return { text: out, links, unknown };
}

/**
 * One contact as text: its name, then how to reach it: phone (with hours), e-mail, and the web
 * page only when there is neither (a page is how to reach a desk that has no phone or address).
 */
export function contactText(contact: Contact, lang: Lang, format: 'plain' | 'markdown' = 'plain'): { text: string; links: ContactLink[] } {
  const links = contactLinks(contact);
  const shown = (l: ContactLink) => (format === 'markdown' ? `[${l.text}](${l.href})` : l.text);
  const parts: string[] = [];
  const phone = links.find((l) => l.href.startsWith('tel:'));
  const email = links.find((l) => l.href.startsWith('mailto:'));
  const web = links.find((l) => l.href.startsWith('https:'));
  if (phone) parts.push(contact.hours ? t(lang, 'contact.phoneHours', { number: shown(phone), hours: contact.hours[lang] }) : t(lang, 'contact.phone', { number: shown(phone) }));
  if (email) parts.push(t(lang, 'contact.email', { address: shown(email) }));
  if (web && !phone && !email) parts.push(t(lang, 'contact.web', { page: shown(web) }));
  const used = [phone, email, !phone && !email ? web : undefined].filter((l): l is ContactLink => l !== undefined);
  return { text: parts.length ? t(lang, 'contact.withDetails', { name: contact.name[lang], details: parts.join(t(lang, 'contact.separator')) }) : contact.name[lang], links: used };
}

/** Every way to reach a contact, as links (tel: with `#` percent-encoded, as RFC 3966 wants). */
export function contactLinks(contact: Contact): ContactLink[] {
  const links: ContactLink[] = [];
  if (contact.phone) links.push({ text: contact.phone, href: `tel:${contact.phone.replace(/#/g, '%23').replace(/-/g, '')}` });
  if (contact.email) links.push({ text: contact.email, href: `mailto:${contact.email}` });
  if (contact.web) links.push({ text: contact.web, href: contact.web });
  return links;
}
