/* Otasuke Bot playground, part 2 of 6: the neutral Card of handlers/cards.ts rendered as DOM, the
 * browser's counterpart of toBlockKit / toAdaptiveCard / toPlainText; and chat bubbles around it. */
/* global window, document */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { h, s, jst } = P;

  // ---------- icons: inline SVG, so no meaning hangs on an emoji font ----------

  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** Shapes of the few icons the page draws (24×24 view box). */
  const ICONS = {
    doc: [['path', { d: 'M6 2h8l5 5v15H6z', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linejoin': 'round' }], ['path', { d: 'M14 2v5h5M9 12h7M9 16h7', fill: 'none', stroke: 'currentColor', 'stroke-width': '2' }]],
    person: [['circle', { cx: '12', cy: '8', r: '4', fill: 'currentColor' }], ['path', { d: 'M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z', fill: 'currentColor' }]],
    check: [['path', { d: 'M4 12.5l5 5L20 6.5', fill: 'none', stroke: 'currentColor', 'stroke-width': '3', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }]],
    critical: [['circle', { cx: '12', cy: '12', r: '9', fill: '#c62828' }]],
    high: [['circle', { cx: '12', cy: '12', r: '9', fill: '#e65100' }]],
    medium: [['circle', { cx: '12', cy: '12', r: '9', fill: '#f2b705' }]],
    low: [['circle', { cx: '12', cy: '12', r: '9', fill: '#2e7d32' }]],
  };

  /** An inline SVG icon; decorative (the words next to it carry the meaning). */
  function icon(name) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', `icon icon-${name}`);
    for (const [tag, attrs] of ICONS[name] || []) {
      const shape = document.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
      svg.append(shape);
    }
    return svg;
  }

  /** The emoji the core's cards use for Slack and Teams, and the icon the page draws instead. */
  const EMOJI_ICONS = { '🔴': 'critical', '🟠': 'high', '🟡': 'medium', '🟢': 'low', '📄': 'doc', '👤': 'person' };
  const EMOJI = /(🔴|🟠|🟡|🟢|📄|👤)\uFE0F? ?/gu;

  /** Text as text nodes, with the core's emoji drawn as inline SVG icons. */
  function iconized(text) {
    const out = [];
    let last = 0;
    for (const m of text.matchAll(EMOJI)) {
      if (m.index > last) out.push(text.slice(last, m.index));
      out.push(icon(EMOJI_ICONS[m[1]]));
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

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

  /**
   * Renders the core's Card (badge, blocks, steps, bullets, fields, notice, citations, grouped
   * buttons). `chosen` holds the values of buttons already chosen (intake answers): each is shown
   * as chosen and its whole group is locked.
   */
  function renderCard(card, onButton, chosen) {
    const root = h('div', { className: 'card' });
    const withLinks = (text) => linked(text, card.links).flatMap((part) => (typeof part === 'string' ? iconized(part) : [part]));
    const picked = new Set(chosen || []);
    const answeredGroups = new Set((card.buttons || []).filter((b) => b.group && picked.has(b.value)).map((b) => b.group));
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
        list.map((b) => {
          const isChosen = picked.has(b.value);
          const locked = !!b.group && answeredGroups.has(b.group);
          return h(
            'button',
            {
              type: 'button',
              className: `card-button ${b.style || ''}${isChosen ? ' chosen' : ''}`,
              dataset: { action: b.actionId, value: b.value },
              'aria-pressed': b.group ? String(isChosen) : undefined,
              disabled: locked,
              onclick: (ev) => onButton && onButton(b, ev.currentTarget.closest('.card')),
            },
            isChosen ? [icon('check'), ...iconized(b.label)] : iconized(b.label),
          );
        }),
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
              const answer = options.find((b) => picked.has(b.value));
              if (answer) root.append(h('p', { className: 'answered small', text: s('common.answered', { answer: answer.label }) }));
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
            h('li', {}, [icon('doc'), h('a', { className: 'doc', text: c.title, href: `/kb/${encodeURIComponent(c.slug)}`, target: '_blank', rel: 'noopener' })]),
          )),
        ]),
      );
    }
    const rest = buttons.filter((b) => !b.group || !grouped.has(b.group));
    if (rest.length) root.append(buttonRow(rest));
    return root;
  }

  /** One chat bubble: who speaks (named once, here), when, and the card. */
  function renderEntry(entry, onButton) {
    const who = entry.side === 'bot' ? s('common.bot') : entry.author || '';
    const wrap = h('div', { className: `msg ${entry.side}${entry.senderOnly ? ' only-you' : ''}`, dataset: { id: entry.id } }, [
      h('div', { className: 'meta' }, [
        h('span', { className: 'who' }, [entry.side === 'bot' ? null : icon('person'), who]),
        h('time', { text: jst(entry.at), datetime: entry.at }),
      ]),
      entry.side === 'bot' ? renderCard(entry.card, onButton, entry.chosen) : h('div', { className: 'bubble' }, iconized(cardText(entry.card))),
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

  /** What each drawn element was drawn from (its signature), so an unchanged one is kept rather than drawn again. */
  const drawnFrom = new WeakMap();

  /**
   * Brings a container's children in line with `items` ({ key, sig, render }), keeping every
   * element whose item is unchanged (same key, same signature) and drawing only new or changed
   * ones. A redraw never replaces what did not change: a person (or a test) pressing a button
   * while a poll redraws the list still presses that button, where a fresh copy put in its place
   * between the press and the release would swallow the click.
   */
  function patchChildren(container, items) {
    const kept = new Map();
    for (const el of container.children) if (el.dataset.key !== undefined) kept.set(el.dataset.key, el);
    let cursor = container.firstChild;
    for (const item of items) {
      const old = kept.get(item.key);
      let el;
      if (old && drawnFrom.get(old) === item.sig) {
        el = old;
        kept.delete(item.key);
      } else {
        el = item.render();
        el.dataset.key = item.key;
        drawnFrom.set(el, item.sig);
      }
      if (el === cursor) cursor = cursor.nextSibling;
      else container.insertBefore(el, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
  }

  /**
   * Draws a conversation and decides what to show. When the bot has answered since the last
   * drawing, the top of its first new message comes into view (an urgent answer's first aid,
   * 「今すぐやること」, before the intake questions under it); when only people wrote, the end of the
   * conversation; when nothing is new (a poll), the reader's place is kept. Messages that did not
   * change keep their elements (patchChildren).
   */
  function renderMessages(container, list, onButton) {
    const before = new Set([...container.querySelectorAll(':scope > .msg')].map((el) => el.dataset.id));
    const top = container.scrollTop;
    // The language is part of the signature: labels and times are drawn in it.
    patchChildren(
      container,
      list.map((e) => ({ key: `msg:${e.id}`, sig: P.state.lang + JSON.stringify([e.at, e.side, e.author, e.card, e.chosen, e.senderOnly, e.file]), render: () => renderEntry(e, onButton) })),
    );
    const drawn = [...container.querySelectorAll(':scope > .msg')];
    const fresh = drawn.filter((el) => !before.has(el.dataset.id));
    if (!fresh.length) {
      container.scrollTop = top;
      return;
    }
    // A conversation opened afresh starts from the bot's reply to the last thing a person wrote.
    const lastPerson = before.size ? -1 : drawn.map((el) => !el.classList.contains('bot')).lastIndexOf(true);
    const answer = (before.size ? fresh : drawn.slice(lastPerson + 1)).find((el) => el.classList.contains('bot'));
    if (!answer) {
      container.scrollTop = container.scrollHeight;
      return;
    }
    container.scrollTop = answer.offsetTop - 8;
    // On a narrow screen the page scrolls too: bring the answer's top into the window, under the sticky header.
    const header = document.querySelector('header.top');
    const below = header ? header.getBoundingClientRect().bottom : 0;
    const rect = answer.getBoundingClientRect();
    if (rect.top < below || rect.top > window.innerHeight * 0.6) window.scrollBy(0, rect.top - below - 8);
  }

  Object.assign(P, { renderCard, renderEntry, merged, renderMessages, patchChildren, icon, iconized });
})();
