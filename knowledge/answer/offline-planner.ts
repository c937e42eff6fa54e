import type { ArticleStore } from '../kb/article-store.js';
import type { SearchService } from '../search/search-service.js';
import type { SearchHit, SearchQuery } from '../search/search-types.js';
import { replyLang } from '../text/normalize.js';
import type { TriageResult } from '../triage/index.js';
import type { TriageReader } from '../triage/types.js';
import type { AnswerPlan, AnswerPlanRequest, AnswerPlanner, Citation } from './answer-plan.js';

export interface OfflinePlannerOptions {
  /** Minimum hit score (0..1, share of the question the article covers) to count as a confident answer. */
  minScore: number;
  /**
   * Score at which an article counts as an answer even when triage did not
   * recognise its topic in the question (default 0.85).
   */
  strongScore?: number;
  /** How many articles a reply cites at most. */
  maxCitations?: number;
  /**
   * P of the topic recogniser's first topic at or above which that topic's article is cited even
   * when the words of the question did not bring it up (a paraphrase: "the cursor moves by itself"
   * for remote access). It then takes the last place among the citations, or the first at
   * `leadTopic`. Leave-one-writer-out CV, 46 writers (2026-12-07): off / 0.55 / 0.4 → hit@3 0.906 /
   * 0.916 / 0.919, hit@1 0.876 / 0.885 / 0.886, answer rate 0.969 / 0.975 / 0.977, and security
   * questions no article answers left unanswered 0.507 / 0.493 / 0.474: 0.55 keeps most of the gain
   * for a third of the cost in loosely related answers (default 0.55; leadTopic 0.8).
   */
  sureTopic?: number;
  leadTopic?: number;
  /**
   * P at or above which the topic recogniser's other likely topics fill the places an answered reply
   * leaves free among its citations ("see also"), most likely first. The words of a paraphrase often
   * bring up one article while the recogniser, trained on staff's own words, puts the situation's own
   * topic second or third (a USB stick lent and not returned: the USB article by words, lost devices
   * by the recogniser at 0.36). It never changes whether a reply answers, nor its first citation.
   */
  relatedTopic?: number;
}

/**
 * Rules + lexical retrieval, fully offline. This is the floor every answer
 * stands on; the language-model planner wraps it and may only add to it.
 */
export class OfflineAnswerPlanner implements AnswerPlanner {
  constructor(
    private readonly search: SearchService,
    readonly articles: ArticleStore,
    private readonly options: OfflinePlannerOptions,
    /** Reads the situation; the learned triager in the bot, see knowledge/triage/triager.ts. */
    readonly triager: TriageReader,
  ) {}

  /** A topic's curated article as a citation, quoted by its summary (no words of the question matched it). */
  private async topicArticle(topic: string, lang: 'ja' | 'en'): Promise<Citation | null> {
    const article = await this.articles.findPublishedByTopic(topic, lang);
    return article && { articleId: article.id, slug: article.slug, title: article.title, lang: article.lang, topics: article.topics, passage: article.summary, score: 0 };
  }

  async plan(request: AnswerPlanRequest): Promise<AnswerPlan> {
    const triage = this.triager.triage({ text: request.text, history: request.history });
    // A reply that will use no model output sends nothing to the embeddings API either, nor does a
    // question whose company has not consented to the language model (or to its embeddings).
    const consented = request.llm?.chat === true && request.llm.embeddings;
    return this.planWithTriage(request, triage, { lexicalOnly: !consented || request.model === 'none' || request.model === 'triage' });
  }

  /**
   * The decision for a given triage (the LLM planner passes a raised one). `search` carries the
   * question's deadline and whether the question may be embedded (hybrid search only).
   */
  async planWithTriage(request: AnswerPlanRequest, triage: TriageResult, search: Pick<SearchQuery, 'deadline' | 'lexicalOnly'> = {}): Promise<AnswerPlan> {
    const started = performance.now();
    const lang = pickLang(request);
    const threshold = this.options.minScore;
    const base = { triage: { ...triage, lang }, citations: [] as Citation[], steps: [] as string[], avoid: [] as string[] };

    if (!triage.securityRelevant) {
      // Off-topic or an attempt to instruct the bot: never dressed up as an answer. A plain
      // request for a person still reaches one.
      return {
        ...base,
        decision: triage.humanRequested ? 'escalate' : 'off_topic',
        answered: false,
        trace: { retrievalMs: 0, topScore: 0, threshold },
      };
    }

    // Follow-ups search with the whole thread: the latest line alone ("実は開いてしまいました") says little.
    const text = [...(request.history ?? []), request.text].join('\n');
    const hits = await this.search.search({ text, lang, topicHints: triage.topicHints, ...(triage.topicScores ? { topicScores: triage.topicScores } : {}), limit: 8, ...search });
    // An article answers when it covers enough of the question AND is about the situation triage
    // recognised, or covers nearly all of it while triage does not think the question is outside
    // every article. Word overlap alone (アプリ, 権限 …) is not an answer.
    const strong = this.options.strongScore ?? 0.85;
    const answerTopics = triage.confidentTopics ?? triage.topicHints;
    const confident = hits.filter(
      (h) => h.score >= threshold && ((h.score >= strong && !triage.noArticleLikely) || h.topics.some((t) => answerTopics.includes(t))),
    );
    const max = this.options.maxCitations ?? 3;
    const citations = pickCitations(confident, lang, max);
    // The recogniser learned each topic from thousands of staff's own words; the search knows only
    // the articles' words. A topic it is sure of gets its article, unless it thinks no article fits.
    // An article counts as that topic's only when the topic is its own (first) one: smishing-ja also
    // lists `smartphone`, but it does not answer a question about calendar spam on a phone.
    const sure = triage.topicScores?.[0];
    if (sure && sure.p >= (this.options.sureTopic ?? 0.55) && !triage.noArticleLikely) {
      const lead = sure.p >= (this.options.leadTopic ?? 0.8);
      const own = citations.findIndex((c) => c.topics[0] === sure.id);
      if (own > 0 && lead) citations.unshift(...citations.splice(own, 1));
      else if (own < 0) {
        const cited = await this.topicArticle(sure.id, lang);
        if (cited && !citations.some((c) => c.slug === cited.slug)) {
          if (lead) citations.unshift(cited);
          else citations.splice(Math.min(citations.length, max - 1), 1, cited);
          citations.length = Math.min(citations.length, max);
        }
      }
    }
    const related = this.options.relatedTopic ?? 0.2;
    if (citations.length > 0 && !triage.noArticleLikely) {
      for (const topic of triage.topicScores ?? []) {
        if (citations.length >= max || topic.p < related) break;
        if (citations.some((c) => c.topics[0] === topic.id)) continue;
        const cited = await this.topicArticle(topic.id, lang);
        if (cited && !citations.some((c) => sameArticle(c.slug, cited.slug))) citations.push(cited);
      }
    }
    // An urgent case whose wording the search could not place still gets the first-aid article of
    // the situation triage recognised: the person needs the steps now, and the article is curated.
    const firstAidTopic = triage.topicHints[0] ?? FIRST_RESPONSE_TOPIC[triage.category];
    if (citations.length === 0 && triage.escalate && firstAidTopic) {
      const cited = await this.topicArticle(firstAidTopic, lang);
      if (cited) citations.push(cited);
    }
    const top = citations[0];
    let steps: string[] = [];
    let avoid: string[] = [];
    if (top) {
      const article = await this.articles.getById(top.articleId);
      steps = article?.sections.doNow ?? [];
      avoid = article?.sections.avoid ?? [];
    }
    const answered = citations.length > 0;
    const escalate = triage.escalate || (!answered && triage.severity === 'medium');
    return {
      ...base,
      decision: escalate ? 'escalate' : answered ? 'answer' : 'no_answer',
      answered,
      citations,
      steps,
      avoid,
      passage: top?.passage,
      trace: { retrievalMs: performance.now() - started, topScore: hits[0]?.score ?? 0, threshold },
    };
  }
}

/**
 * The "do not" items of the given citations' articles (each article's parsed `avoid` section),
 * for checking a generated answer against them.
 */
export async function avoidOfCitations(articles: ArticleStore, citations: readonly Citation[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of citations) out.push(...((await articles.getById(c.articleId))?.sections.avoid ?? []));
  return out;
}

/**
 * The first-response article of each kind of incident, cited when an escalated case names no
 * topic retrieval could place: the asker still gets curated first steps, never nothing.
 */
const FIRST_RESPONSE_TOPIC: Record<TriageResult['category'], string> = {
  phishing: 'phishing-clicked',
  malware: 'antivirus-alert',
  ransomware: 'ransomware-first-response',
  unauthorized_access: 'account-compromise',
  data_leak: 'personal-data-breach',
  fraud: 'bec',
  web: 'website-defacement',
  vulnerability: 'software-updates',
  general: 'reporting-contacts',
};

function pickLang(request: AnswerPlanRequest): 'ja' | 'en' {
  // A platform's locale is only a hint: the reply follows the language the person wrote in.
  return replyLang(request.text, request.langHint);
}

/** An article's slug without its language: its ja and en versions share it. */
function articleKey(slug: string): string {
  return slug.replace(/-(ja|en)$/, '');
}

function sameArticle(a: string, b: string): boolean {
  return articleKey(a) === articleKey(b);
}

/** Same-language articles first, then others; at most `max`. */
function pickCitations(hits: SearchHit[], lang: 'ja' | 'en', max: number): Citation[] {
  const ordered = [...hits.filter((h) => h.lang === lang), ...hits.filter((h) => h.lang !== lang)];
  const seenTopics = new Set<string>();
  const out: Citation[] = [];
  for (const h of ordered) {
    // The ja and en versions of one article say the same thing: cite one of them.
    const key = articleKey(h.slug);
    if (seenTopics.has(key)) continue;
    seenTopics.add(key);
    out.push({ articleId: h.articleId, slug: h.slug, title: h.title, lang: h.lang, topics: h.topics, passage: h.passage, score: h.score });
    if (out.length >= max) break;
  }
  return out;
}

export type { TriageResult };
