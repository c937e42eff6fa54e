/* Otasuke Bot playground, part 5 of 6: the admin view (articles: browse, edit, publish, archive, restore, new; gaps). */
/* global window */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { state, $, h, s, jst, api, send, withBusy, renderCard } = P;

  // ---------- admin ----------

  const admin = {
    async loadList() {
      const data = await api('/admin/articles');
      state.admin.articles = data.articles;
      state.admin.loaded = true;
      admin.renderList();
    },
    renderList() {
      const q = $('kb-filter').value.trim().toLowerCase();
      const status = $('kb-status').value;
      const lang = $('kb-lang').value;
      const shown = state.admin.articles.filter(
        (a) => (!status || a.status === status) && (!lang || a.lang === lang) && (!q || a.slug.includes(q) || a.title.toLowerCase().includes(q)),
      );
      $('kb-count').textContent = s('admin.count', { count: shown.length });
      $('kb-list').replaceChildren(
        ...shown.map((a) =>
          h('li', {}, [
            h(
              'button',
              { type: 'button', className: `item${a.slug === state.admin.slug ? ' active' : ''}`, dataset: { slug: a.slug }, onclick: () => admin.open(a.slug) },
              [
                h('span', { className: 'item-head' }, [
                  h('span', { className: `chip status-${a.status}`, text: s(`admin.status.${a.status}`) }),
                  h('code', { text: a.slug }),
                  h('span', { className: 'muted', text: `v${a.version}` }),
                ]),
                h('span', { className: 'item-text', text: a.title }),
              ],
            ),
          ]),
        ),
      );
    },
    async open(slug) {
      const a = await api(`/admin/articles/${encodeURIComponent(slug)}`);
      state.admin.slug = slug;
      state.admin.article = a;
      $('kb-empty').hidden = true;
      $('kb-editor').hidden = false;
      $('kb-title').textContent = a.title;
      $('kb-meta').textContent = `${a.slug} · ${s('admin.version', { version: a.version, status: s(`admin.status.${a.status}`) })}`;
      $('kb-source').value = a.markdown;
      $('kb-publish').hidden = a.status === 'published';
      $('kb-archive').hidden = a.status === 'archived';
      $('kb-history').replaceChildren(
        ...a.history
          .slice()
          .reverse()
          .map((v) =>
            h('li', {}, [
              h('time', { text: jst(v.at, true), datetime: v.at }),
              h('span', { text: `v${v.version} · ${s(`admin.status.${v.status}`)} · ${v.author}${v.note ? ` (${v.note})` : ''}` }),
              v.version !== a.version
                ? h('button', { type: 'button', className: 'small', text: s('admin.restore'), onclick: () => admin.command(['restore', a.slug, String(v.version)]) })
                : null,
            ]),
          ),
      );
      admin.renderList();
    },
    startNew() {
      state.admin.slug = null;
      state.admin.article = null;
      $('kb-empty').hidden = true;
      $('kb-editor').hidden = false;
      $('kb-title').textContent = s('admin.newTitle');
      $('kb-meta').textContent = '';
      $('kb-source').value = s('admin.template', { today: new Date().toISOString().slice(0, 10) });
      $('kb-publish').hidden = true;
      $('kb-archive').hidden = true;
      $('kb-history').replaceChildren();
      admin.renderList();
    },
    async command(args, body, target) {
      const box = target || $('kb-result');
      await withBusy($('view-admin'), async () => {
        const deliveries = await send('admin', { kind: 'command', thread: 'web:admin', command: 'kb', args, body });
        box.replaceChildren(...deliveries.map((d) => renderCard(d.card)));
        if (box === $('kb-result')) $('kb-result-box').hidden = false;
      });
      if (target) return;
      await admin.loadList();
      // A new article's slug is in its front matter: open what was just saved.
      const slug = state.admin.slug || (/^slug:\s*([a-z0-9-]+)/m.exec(body || '') || [])[1];
      if (slug && state.admin.articles.some((a) => a.slug === slug)) await admin.open(slug);
    },
    save() {
      const body = $('kb-source').value;
      return state.admin.slug ? admin.command(['edit', state.admin.slug], body) : admin.command(['add'], body);
    },
  };

  P.admin = admin;
})();
