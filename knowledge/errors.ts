import { OtasukeError } from '../core/errors.js';

/** An article file that cannot be imported; names the file and the field. */
export class ArticleValidationError extends OtasukeError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('KB_ARTICLE_INVALID', `${file}: ${problems.join('; ')}`, { userMessageKey: 'error.invalidInput' });
  }
}

export class ArticleNotFoundError extends OtasukeError {
  constructor(readonly slug: string) {
    super('KB_ARTICLE_NOT_FOUND', `Article ${slug} not found`, { userMessageKey: 'kb.notFound' });
  }
}

/** Several files failed validation; nothing was imported. */
export class ImportRejectedError extends OtasukeError {
  constructor(readonly failures: ArticleValidationError[]) {
    super('KB_IMPORT_REJECTED', `Import rejected, nothing was written:\n${failures.map((f) => `  - ${f.message}`).join('\n')}`);
  }
}

/** A triage corpus file that does not match the schema (knowledge/triage/corpus/LABELLING.md). */
export class CorpusInvalidError extends OtasukeError {
  constructor(readonly problems: string[]) {
    super('TRIAGE_CORPUS_INVALID', `Triage corpus rejected:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The contacts registry (knowledge/contacts.yaml) does not match its schema; names each entry and field. */
export class ContactRegistryInvalidError extends OtasukeError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('KB_CONTACTS_INVALID', `${file}: contacts registry rejected:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Someone else saved the article's draft (or published or discarded it) since this admin loaded it. */
export class DraftConflictError extends OtasukeError {
  constructor(
    readonly slug: string,
    /** The revision the admin had; the stored one; null when there is no draft any more. */
    readonly expected: number,
    readonly current: { revision: number; updatedBy: string; updatedAt: Date } | null,
  ) {
    super('KB_DRAFT_CONFLICT', `Draft of ${slug}: expected revision ${expected}, found ${current ? current.revision : 'none'}`);
  }
}

/** The published article changed after the draft was started: publishing it would undo that change. */
export class DraftOutdatedError extends OtasukeError {
  constructor(
    readonly slug: string,
    readonly baseVersion: number,
    readonly publishedVersion: number,
  ) {
    super('KB_DRAFT_OUTDATED', `Draft of ${slug} was written against v${baseVersion}, the published version is v${publishedVersion}`);
  }
}

/** Text that was never finished (TODO, ＊＊＊, 〇〇, lorem, 要確認 …) is still in an article about to go live. */
export class ArticlePlaceholderError extends OtasukeError {
  constructor(
    readonly slug: string,
    readonly placeholders: string[],
  ) {
    super('KB_ARTICLE_PLACEHOLDER', `${slug}: placeholder text ${placeholders.map((p) => `"${p}"`).join(', ')} must be replaced before publishing`, {
      userMessageKey: 'kb.placeholders',
    });
  }
}
