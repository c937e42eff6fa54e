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
