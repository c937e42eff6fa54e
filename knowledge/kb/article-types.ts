import type { Category, Severity } from '../taxonomy.js';

export type ArticleStatus = 'draft' | 'published' | 'archived';

/** The parsed sections the answer step quotes. */
export interface ArticleSections {
  /** Numbered "what to do now" steps (first aid for incidents). */
  doNow: string[];
  /** "What not to do" bullets. */
  avoid: string[];
  /** "When to call a responder", as plain text. */
  whenToCall: string;
  /** Every `##` section in order, as plain text, for chunking. */
  all: { heading: string; text: string }[];
}

/** Article content as written in a Markdown file (one version). */
export interface ArticleContent {
  slug: string;
  lang: 'ja' | 'en';
  title: string;
  summary: string;
  topics: string[];
  category: Category;
  severityHint: Severity;
  keywords: string[];
  /** Alternate phrasings: the situation as staff tell it, in the article's language. */
  asks: string[];
  /** Date of the last factual review, YYYY-MM-DD. */
  updated: string;
  /** Authority pages the article's claims rest on (front matter `sources:`); lint requires them for duties, deadlines and contacts. */
  sources?: string[];
  /** When the claims were last checked against `sources`, YYYY-MM-DD (front matter `reviewed:`); lint warns after 12 months. */
  reviewed?: string;
  status: ArticleStatus;
  body: string;
  sections: ArticleSections;
}

/** An article with its current version, as stored. */
export interface Article extends ArticleContent {
  id: number;
  version: number;
  author: string;
  changedAt: Date;
}

export interface ArticleVersionSummary {
  version: number;
  status: ArticleStatus;
  title: string;
  author: string;
  note: string | null;
  createdAt: Date;
}
