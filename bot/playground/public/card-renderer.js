/* Otasuke Bot playground, part 2 of 6: the neutral Card of handlers/cards.ts rendered as DOM, the
 * browser's counterpart of toBlockKit / toAdaptiveCard / toPlainText; and chat bubbles around it. */
/* global window */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { h, s, jst } = P;

  // ---------- the neutral card, rendered ----------

  const LINK_HREF = /^(tel:[0-9+%#*-]+|mailto:[^\s<>|()[\]]+|https:\/\/[^\s<>|()[\]]+)$/i;

  /**
   * Text with the card's links (a desk's phone, e-mail or page from the contacts registry) as
   * anchors where their text stands, the rest as text nodes: the browser's counterpart of
   * applyLinks in handlers/cards.ts. Never HTML from the text itself.
   */
  function linked(text, links) {
    const usable = (links || []).filter((l) => l && typeof l.text === 'string' && l.text.length >= 3 && LINK_HREF.test(l.href));
    if (!usable.length) return [text];
    const byText = new Map(usable.map((l) => [l.text, l]));
    const alternatives = [...byText.keys()].sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = new RegExp(`(?<![\\w@.+/:%#-])(?:${alternatives.join('|')})(?![\\w@/#-]|\\.\\w)`, 'g');
    const out = [];
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      if (m.index > last) out.push(text.slice(last, m.index));
      const l = byText.get(m[0]);
      out.push(h('a', { href: l.href, text: m[0], ...(l.href.startsWith('https:') ? { target: '_blank', rel: 'noopener noreferrer' } : {}) }));
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  /** Renders the core's Card (badge, blocks, steps, bullets, fields, notice, citations, grouped buttons). */
  function renderCard(card, onButton) {
    const root = h('div', { className: 'card' });
    const withLinks = (text) => linked(text, card.links);
    if (card.badge) {
      root.append(
        h('div', { className: 'badge-line' }, [
          h('span', { className: `badge sev-${card.badge.severity}`, text: card.badge.label }),
          h('span', { className: 'category', text: card.badge.category }),
        ]),
      );
    }
    const buttons = card.buttons || [];
    const grouped = new Set();
    const buttonRow = (list) =>
      h(
        'div',
        { className: 'buttons' },
        list.map((b) =>
          h('button', {
            type: 'button',
            className: `card-button ${b.style || ''}`,
            text: b.label,
            dataset: { action: b.actionId, value: b.value },
            onclick: (ev) => onButton && onButton(b, ev.currentTarget.closest('.card')),
          }),
        ),
      );
    for (const block of card.blocks || []) {
      switch (block.kind) {
        case 'text':
          // A titled text (a generated summary, 「要約(AI)」) gets its title as a heading, like a list.
          if (block.title) root.append(h('h4', { className: 'text-title', text: block.title }));
          root.append(h('p', { className: block.group ? 'text question' : 'text' }, withLinks(block.text)));
          if (block.group) {
            const options = buttons.filter((b) => b.group === block.group);
            if (options.length) {
              grouped.add(block.group);
              root.append(buttonRow(options));
            }
          }
          break;
        case 'notice':
          root.append(h('div', { className: 'notice' }, withLinks(block.text)));
          break;
        case 'steps':
          root.append(h('div', { className: 'steps' }, [h('h4', { text: block.title }), h('ol', {}, block.items.map((i) => h('li', {}, withLinks(i))))]));
          break;
        case 'bullets':
          root.append(h('div', { className: 'bullets' }, [block.title ? h('h4', { text: block.title }) : null, h('ul', {}, block.items.map((i) => h('li', {}, withLinks(i))))]));
          break;
        case 'fields':
          root.append(h('dl', { className: 'fields' }, block.fields.map((f) => h('div', {}, [h('dt', { text: f.label }), h('dd', { text: f.value })]))));
          break;
        default:
          break;
      }
    }
    if (card.citations && card.citations.length) {
      root.append(
        h('div', { className: 'citations' }, [
          h('h4', { text: s('common.sources') }),
          h('ul', {}, card.citations.map((c) =>
            // The playground links to the bot's own page of the article (same server).
            h('li', {}, [h('a', { className: 'doc', text: c.title, href: `/kb/${encodeURIComponent(c.slug)}`, target: '_blank', rel: 'noopener' })]),
          )),
        ]),
      );
    }
    const rest = buttons.filter((b) => !b.group || !grouped.has(b.group));
    if (rest.length) root.append(buttonRow(rest));
    return root;
  }

  /** One chat bubble: who speaks, when, and the card. */
  function renderEntry(entry, onButton) {
    const who = entry.side === 'bot' ? s('common.bot') : entry.author || '';
    const wrap = h('div', { className: `msg ${entry.side}${entry.senderOnly ? ' only-you' : ''}`, dataset: { id: entry.id } }, [
      h('div', { className: 'meta' }, [h('span', { className: 'who', text: who }), h('time', { text: jst(entry.at), datetime: entry.at })]),
      entry.side === 'bot' ? renderCard(entry.card, onButton) : h('div', { className: 'bubble', text: cardText(entry.card) }),
    ]);
    if (entry.senderOnly) wrap.append(h('div', { className: 'muted small', text: s('common.onlyYou') }));
    if (entry.file) wrap.append(h('a', { className: 'file-link', href: entry.file.url, download: entry.file.name, text: s('common.download', { name: entry.file.name }) }));
    return wrap;
  }

  function cardText(card) {
    return (card.blocks || []).map((b) => b.text || '').join('\n');
  }

  /** Entries from the database and this page's notes, in time order. */
  function merged(entries, notes) {
    return entries.concat(notes).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  function renderMessages(container, list, onButton) {
    const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
    container.replaceChildren(...list.map((e) => renderEntry(e, onButton)));
    if (atBottom || list.length) container.scrollTop = container.scrollHeight;
  }

  Object.assign(P, { renderCard, renderEntry, merged, renderMessages });
})();
