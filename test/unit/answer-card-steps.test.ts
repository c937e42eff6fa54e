import { feedbackButtons, responderButton, stepsAgainstButtons } from '../../handlers/ask/answer-card.js';
import type { CardBlock } from '../../handlers/cards.js';
import { BUNDLED_ARTICLES_DIR, readArticleFolder } from '../../knowledge/kb/article-files.js';

const NAMES_BUTTON = /「担当者に相談(?:する)?」|"Talk to a responder"/;

describe('article steps on a card that has no responder button (the case is already with the responders)', () => {
  const steps = (items: string[]): CardBlock[] => [{ kind: 'steps', title: 'x', items }];

  it('keeps the steps as written when the card has the button', () => {
    const blocks = steps(['「担当者に相談」を押し、分かったことを伝えてください。']);
    expect(stepsAgainstButtons(blocks, [responderButton('ja', 'OT-000001')])).toEqual(blocks);
    expect(stepsAgainstButtons(blocks, feedbackButtons('ja', 'OT-000001', true))).toEqual(blocks);
  });

  it('tells the asker to write in the conversation instead, in grammatical Japanese and English', () => {
    const [ja] = stepsAgainstButtons(
      steps(['「担当者に相談」を押し、分かったことから伝えてください。', 'リンクを開いた場合はすぐに「担当者に相談」を押してください。', '責任者に報告し、このボットの「担当者に相談」で状況を共有してください。', '担当者に連絡します(「担当者に相談」を押してください)。']),
      feedbackButtons('ja', 'OT-000001', false),
    );
    expect(ja).toEqual({ kind: 'steps', title: 'x', items: ['この会話で、分かったことから伝えてください。', 'リンクを開いた場合はすぐにこの会話に書き込んでください(担当者に届きます)。', '責任者に報告し、この会話で状況を共有してください。', '担当者に連絡します(この会話に書き込んでください)。'] });
    const [en] = stepsAgainstButtons(
      steps(['Press "Talk to a responder" and tell them what you know so far.', 'Take a screenshot of the SMS and press "Talk to a responder".', 'Share the situation with the bot\'s "Talk to a responder" button.']),
      [],
    );
    expect(en).toEqual({ kind: 'steps', title: 'x', items: ['Reply in this conversation and tell them what you know so far.', 'Take a screenshot of the SMS and reply in this conversation.', 'Share the situation in this conversation.'] });
  });

  it('leaves no step of any bundled article pointing at a button the card does not have', async () => {
    const articles = await readArticleFolder(BUNDLED_ARTICLES_DIR);
    const named = articles.flatMap((a) => a.sections.doNow.filter((s) => NAMES_BUTTON.test(s)));
    expect(named.length).toBeGreaterThan(10);
    const [shown] = stepsAgainstButtons(steps(named), []);
    const items = (shown as { items: string[] }).items;
    expect(items.filter((s) => NAMES_BUTTON.test(s))).toEqual([]);
    // Reworded, not dropped.
    expect(items.length).toBe(named.length);
  });
});
