/* Otasuke Bot playground: the admin's "monitoring alerts" section (issue #20). The company's
 * alert sources with their counts and open cases, and "send a test alert", which the server signs
 * and posts to POST /api/alerts/playground-test like a device would. Its own strings (ja/en). */
/* global window, document, fetch */
(() => {
  'use strict';
  const P = window.OtasukePlayground;
  const TEXT = {
    ja: {
      title: '監視アラート',
      hint: '監視機器(UTM/EDR)からのアラートの受付元です。テスト送信すると、署名付きのアラートが本物と同じ経路で届き、PC-023 の使用者(佐藤)に応急処置が送られ、対応担当に通知されます。',
      send: 'テストアラートを送る',
      refresh: '更新',
      empty: 'アラートの受付元はまだありません。',
      sent: 'アラートを受け付けました: {cases}',
      failed: '送信できませんでした: {code}',
      alerts: 'アラート {n} 件',
      open: '対応中: {number}(アラート {n} 件{storm})',
      storm: '・まとめて1件',
      kind: { generic: '汎用JSON', defender: 'Microsoft Defender', fortigate: 'FortiGate' },
      auth: { hmac: '署名(HMAC)', bearer: 'トークン' },
    },
    en: {
      title: 'Monitoring alerts',
      hint: 'Where alerts from the monitoring devices (UTM/EDR) come in. A test alert is signed and arrives the way a device’s does: the person at PC-023 (Sato) gets first aid and the responders are notified.',
      send: 'Send a test alert',
      refresh: 'Refresh',
      empty: 'No alert sources yet.',
      sent: 'Alert accepted: {cases}',
      failed: 'Could not send: {code}',
      alerts: '{n} alerts',
      open: 'Open: {number} ({n} alerts{storm})',
      storm: ', grouped',
      kind: { generic: 'generic JSON', defender: 'Microsoft Defender', fortigate: 'FortiGate' },
      auth: { hmac: 'signed (HMAC)', bearer: 'token' },
    },
  };
  const tr = () => TEXT[P.state.lang] || TEXT.ja;
  const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));

  function render(data) {
    const t = tr();
    P.$('alerts-title').textContent = t.title;
    P.$('alerts-hint').textContent = t.hint;
    P.$('alerts-send').textContent = t.send;
    P.$('alerts-refresh').textContent = t.refresh;
    const sources = (data && data.sources) || [];
    P.$('alerts-empty').textContent = t.empty;
    P.$('alerts-empty').hidden = sources.length > 0;
    P.$('alerts-list').replaceChildren(
      ...sources.map((src) =>
        P.h('li', { dataset: { source: src.id } }, [
          P.h('span', { className: 'item-head' }, [
            P.h('code', { text: src.id }),
            P.h('span', { className: 'chip', text: t.kind[src.kind] || src.kind }),
            P.h('span', { className: 'muted', text: t.auth[src.auth] || src.auth }),
            P.h('span', { className: 'muted', text: fill(t.alerts, { n: src.alerts }) }),
            src.lastAlertAt ? P.h('time', { text: P.jst(src.lastAlertAt, true), datetime: src.lastAlertAt }) : null,
          ]),
          ...src.openCases.map((c) => P.h('p', { className: 'item-text', text: fill(t.open, { number: c.number, n: c.alerts, storm: c.storm ? t.storm : '' }) })),
        ]),
      ),
    );
  }

  let last = null;
  async function load() {
    if (!P.$('alerts-box')) return;
    try {
      last = await P.api('/admin/alerts');
    } catch {
      return;
    }
    render(last);
  }

  async function sendTest() {
    await P.withBusy(P.$('alerts-box'), async () => {
      const res = await fetch(`${P.API}/admin/alerts/test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-otasuke-playground': '1', accept: 'application/json' },
        body: '{}',
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok) P.toast(fill(tr().sent, { cases: (body.cases || []).map((c) => c.number).join(', ') }));
      else P.toast(fill(tr().failed, { code: (body.error && body.error.code) || body.error || res.status }), 'error');
      await load();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    if (!P.$('alerts-box')) return;
    render(null);
    P.$('alerts-send').addEventListener('click', () => sendTest().catch(() => undefined));
    P.$('alerts-refresh').addEventListener('click', () => load().catch(() => undefined));
    load().catch(() => undefined);
    // Redrawn with the page's other views while the admin section is on screen (and on a language switch).
    window.setInterval(() => {
      if (P.$('alerts-box').offsetParent !== null) load().catch(() => undefined);
    }, P.POLL_MS * 2);
  });
})();
