import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { ContactRegistryInvalidError } from '../errors.js';

/** The registry shipped in the repo. */
export const BUNDLED_CONTACTS_FILE = path.resolve(__dirname, '..', 'contacts.yaml');

/** Text in both languages of the product. */
export interface Localized {
  ja: string;
  en: string;
}

/**
 * One outside body an article may send people to (a police window, IPA's desks, the PPC's
 * report form …), as listed in knowledge/contacts.yaml.
 */
export interface Contact {
  /** Stable id used in article bodies as `{{contact:<id>}}`; never renamed. */
  id: string;
  name: Localized;
  /** What to contact it for. */
  for: Localized;
  /** As dialled ("188", "#9110", "03-1234-5678"). */
  phone?: string;
  email?: string;
  /** The desk's page or form. */
  web?: string;
  /** When the desk answers (mostly for phones). */
  hours?: Localized;
  /** Anything a reader must know before contacting it. */
  note?: Localized;
  /** The page the entry was checked against. */
  source: string;
  /** When the entry was last checked against `source`, YYYY-MM-DD. */
  checked: string;
  /** When the desk opened, YYYY-MM-DD (optional). */
  since?: string;
}

const date = z.preprocess(
  // YAML turns an unquoted 2026-12-06 into a Date; accept both.
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
);
const localized = z.object({ ja: z.string().trim().min(1).max(400), en: z.string().trim().min(1).max(400) }).strict();
const httpsUrl = z
  .string()
  .url()
  .regex(/^https:\/\/[^\s<>|()[\]]+$/, 'must be an https:// address without spaces, brackets or <>|');

const contactSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, 'must be lower-case a-z, 0-9 and -'),
    name: localized,
    for: localized,
    // Digits with optional hyphens, or a short # number: nothing a renderer could turn into markup.
    phone: z.coerce.string().regex(/^(#\d{3,5}|\+?\d{2,5}(-\d{1,5}){0,3})$/, 'must be a number as dialled, e.g. 188, #9110, 03-1234-5678').optional(),
    email: z.string().regex(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'must be an e-mail address').optional(),
    web: httpsUrl.optional(),
    hours: localized.optional(),
    note: localized.optional(),
    source: httpsUrl,
    checked: date,
    since: date.optional(),
  })
  .strict()
  .refine((c) => c.phone || c.email || c.web, { message: 'needs at least one way to reach it: phone, email or web' });

const fileSchema = z.object({ contacts: z.array(contactSchema).min(1) }).strict();

/** The outside bodies, by id. Read-only; build one with loadContactRegistry or parseContactRegistry. */
export class ContactRegistry {
  private readonly byId: ReadonlyMap<string, Contact>;

  constructor(contacts: readonly Contact[]) {
    this.byId = new Map(contacts.map((c) => [c.id, c]));
  }

  get(id: string): Contact | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): Contact[] {
    return [...this.byId.values()];
  }
}

/** Parses and validates registry YAML; throws naming each bad entry and field. */
export function parseContactRegistry(file: string, source: string): ContactRegistry {
  let data: unknown;
  try {
    // gray-matter's YAML engine (js-yaml, safe load) read as a front-matter block: the project's one YAML parser.
    data = matter(`---\n${source}\n---\n`, {}).data;
  } catch (err) {
    throw new ContactRegistryInvalidError(file, [`not valid YAML (${(err as Error).message.split('\n')[0]})`]);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const entries = (data as { contacts?: { id?: unknown }[] } | undefined)?.contacts;
    throw new ContactRegistryInvalidError(
      file,
      parsed.error.issues.map((i) => {
        const [top, index, ...rest] = i.path;
        const id = top === 'contacts' && typeof index === 'number' ? entries?.[index]?.id : undefined;
        const where = top === 'contacts' && typeof index === 'number' ? `contacts[${index}]${typeof id === 'string' ? ` (${id})` : ''}${rest.length ? `.${rest.join('.')}` : ''}` : i.path.join('.') || 'file';
        return `${where}: ${i.message}`;
      }),
    );
  }
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const c of parsed.data.contacts) {
    if (seen.has(c.id)) problems.push(`${c.id}: id is used twice`);
    seen.add(c.id);
  }
  if (problems.length > 0) throw new ContactRegistryInvalidError(file, problems);
  return new ContactRegistry(parsed.data.contacts);
}

export function loadContactRegistry(file: string = BUNDLED_CONTACTS_FILE): ContactRegistry {
  return parseContactRegistry(path.basename(file), fs.readFileSync(file, 'utf8'));
}

let bundled: ContactRegistry | undefined;

/**
 * The registry in knowledge/contacts.yaml, read once. Like the taxonomy it is data shipped with
 * the code, not a connection: a module-level cache is safe, and every reply path (handlers,
 * renderers' callers, the article page, the kb CLI) shares the one copy without wiring.
 */
export function bundledContacts(): ContactRegistry {
  bundled ??= loadContactRegistry();
  return bundled;
}
