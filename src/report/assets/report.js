// zhextract report: renders a document's original text with its mentions when the
// document is opened (#doc=<doc_id>), and drives the tooltip, filters and search.
// Data: <script id="meta"> (every document) and <script id="doc-N"> (one document each:
// text, mentions with UTF-16 offsets s..e). No network, no libraries.
(() => {
  'use strict';
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const { docs: meta, labels } = JSON.parse($('#meta').textContent);
  const byId = new Map(meta.map((doc) => [doc.id, doc]));
  const cache = new Map();
  const tip = $('#tip');
  const RANK = { policy: 0, indicator: 1, organization: 2, date: 3 };
  let current = null;
  let pinned = null;
  let anchor = null;
  let hits = [];
  let hitIndex = -1;

  function load(doc) {
    if (!doc || doc.n === undefined) return null;
    if (!cache.has(doc.n)) {
      const data = JSON.parse(document.getElementById('doc-' + doc.n).textContent);
      data.m.forEach((m) => expand(data, m));
      cache.set(doc.n, data);
    }
    return cache.get(doc.n);
  }

  // The page sends mentions compactly: derive the id, the source text and labelled fields.
  function expand(data, m) {
    const [start, end] = m.b;
    m.i = m.i || data.id + '#' + m.k + ':' + start + '-' + end;
    if (m.t === undefined) m.t = data.text.slice(m.s, m.e);
    m.fields = labels[m.k]
      .map((label, j) => [label, m.f[j]])
      .filter(([, value]) => value !== '')
      .concat([['rule', m.r], ['bytes', start + '–' + end], ['mention_id', m.i]]);
  }

  function node(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // ---- routing -------------------------------------------------------------------------
  function route() {
    const params = new URLSearchParams(location.hash.slice(1));
    const doc = byId.get(params.get('doc') || '');
    if (params.has('q')) $('#q').value = params.get('q');
    hideTip(true);
    for (const link of $$('nav.docs a[data-doc]')) {
      if (doc && link.dataset.doc === doc.id) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (!doc) {
      current = null;
      $('#doc').hidden = true;
      $('#overview').hidden = false;
      search();
      return;
    }
    $('#overview').hidden = true;
    showDoc(doc);
    const mention = params.get('m');
    if (mention) focusMention(mention, 'nearest');
    else $('#main').scrollTop = 0;
  }

  // ---- one document --------------------------------------------------------------------
  function showDoc(doc) {
    const data = load(doc);
    current = { doc, data };
    const section = $('#doc');
    section.textContent = '';
    section.hidden = false;
    section.append(docHeader(doc, data));
    if (doc.error) section.append(node('p', 'status bad', 'Failed: ' + doc.error));
    for (const note of (data && data.notes) || []) section.append(node('p', 'status warn', note));
    if (data && typeof data.text === 'string') {
      const text = node('div', 'text');
      text.lang = doc.lang;
      renderText(text, data);
      section.append(text);
    }
    if (data) section.append(mentionList(data));
    search();
  }

  function docHeader(doc, data) {
    const header = node('div', 'doc-head');
    header.append(node('h2', '', doc.id), node('p', 'muted', doc.about));
    const index = meta.indexOf(doc);
    const nav = node('p', 'doc-nav');
    for (const [label, other] of [['← previous', meta[index - 1]], ['next →', meta[index + 1]]]) {
      if (!other) continue;
      const link = node('a', '', label);
      link.href = '#doc=' + encodeURIComponent(other.id);
      nav.append(link, ' ');
    }
    if (data) {
      const counts = {};
      for (const m of data.m) if (m.d !== 'removed') counts[m.k] = (counts[m.k] || 0) + 1;
      for (const kind of Object.keys(RANK)) {
        const badge = node('span', 'count k-' + kind, (counts[kind] || 0) + ' ' + kind);
        nav.append(badge, ' ');
      }
    }
    header.append(nav);
    return header;
  }

  // Lines as in the source file (split at \n, numbered from 1), each holding its slice of
  // the text with the mentions that overlap it, nested.
  function renderText(container, data) {
    const { text, m } = data;
    const placed = m
      .map((_, i) => i)
      .filter((i) => m[i].s !== undefined && m[i].e > m[i].s)
      .sort((a, b) => m[a].s - m[b].s || m[b].e - m[a].e || RANK[m[a].k] - RANK[m[b].k]);
    const fragment = document.createDocumentFragment();
    let open = [];
    let next = 0;
    let line = 0;
    for (let start = 0; start < text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline + 1;
      line += 1;
      open = open.filter((i) => m[i].e > start);
      while (next < placed.length && m[placed[next]].s < end) open.push(placed[next++]);
      const pieces = open
        .filter((i) => m[i].s < end)
        .map((i) => ({ i, s: Math.max(m[i].s, start), e: Math.min(m[i].e, end) }));
      const row = node('div', 'line');
      row.dataset.n = line;
      row.id = 'L' + line;
      const content = node('div', 'lc');
      nest(content, text, start, end, pieces, m);
      row.append(content);
      fragment.append(row);
      start = end;
    }
    if (!text.length) fragment.append(node('p', 'muted', '(empty file)'));
    container.append(fragment);
  }

  function byStart(m) {
    return (a, b) => a.s - b.s || b.e - a.e || RANK[m[a.i].k] - RANK[m[b.i].k];
  }

  // Builds a tree of properly nested pieces; a piece that crosses the end of the piece
  // enclosing it is split there, and its rest continues as a new piece.
  function nest(parent, text, from, to, pieces, m) {
    const order = byStart(m);
    pieces.sort(order);
    const root = { s: from, e: to, kids: [] };
    const stack = [root];
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      while (stack.length > 1 && stack[stack.length - 1].e <= piece.s) stack.pop();
      const top = stack[stack.length - 1];
      if (piece.e > top.e) {
        const rest = { i: piece.i, s: top.e, e: piece.e };
        piece.e = top.e;
        let at = k + 1;
        while (at < pieces.length && order(pieces[at], rest) <= 0) at++;
        pieces.splice(at, 0, rest);
      }
      const child = { i: piece.i, s: piece.s, e: piece.e, kids: [] };
      top.kids.push(child);
      stack.push(child);
    }
    emit(parent, root, text, m);
  }

  function emit(parent, tree, text, m) {
    let at = tree.s;
    let height = 0;
    for (const kid of tree.kids) {
      if (kid.s > at) parent.append(text.slice(at, kid.s));
      const mention = m[kid.i];
      const mark = node('mark', 'm k-' + mention.k + (mention.x ? ' x' : ''));
      mark.dataset.mentionId = mention.i;
      mark.dataset.i = kid.i;
      mark.dataset.rule = mention.r;
      if (mention.d) mark.dataset.d = mention.d;
      if (kid.s === mention.s) mark.tabIndex = 0;
      const inner = emit(mark, kid, text, m);
      mark.classList.add('h' + Math.min(inner + 1, 4));
      height = Math.max(height, inner + 1);
      parent.append(mark);
      at = kid.e;
    }
    if (tree.e > at) parent.append(text.slice(at, tree.e));
    return height;
  }

  function field(mention, label) {
    const found = mention.fields.find(([name]) => name === label);
    return found ? found[1] : '';
  }

  function mentionList(data) {
    const wrap = node('div', 'mentions');
    const title = node('h3', '', 'Mentions (' + data.m.length + ')');
    wrap.append(title);
    if (document.body.classList.contains('diff')) {
      const label = node('label', 'only-changes');
      const box = node('input');
      box.type = 'checkbox';
      box.addEventListener('change', () => wrap.classList.toggle('changes-only', box.checked));
      label.append(box, ' only added, removed and changed');
      wrap.append(label);
    }
    const table = node('table', 'wide');
    const head = ['line', 'kind', 'source text', 'value', 'rule', 'change'];
    const thead = node('thead');
    const headRow = node('tr');
    for (const h of head) headRow.append(node('th', '', h));
    thead.append(headRow);
    const body = node('tbody');
    data.m.forEach((mention, i) => body.append(mentionRow(mention, i)));
    table.append(thead, body);
    wrap.append(table);
    return wrap;
  }

  function mentionRow(mention, i) {
    const row = node('tr', 'k-' + mention.k + (mention.d ? ' d-' + mention.d : ''));
    row.dataset.i = i;
    row.dataset.rule = mention.r;
    const kind = node('td');
    kind.append(node('span', 'swatch k-' + mention.k), mention.k);
    const change = node('td');
    if (mention.d) change.append(node('span', 'tag d-' + mention.d, mention.d));
    for (const c of mention.c || []) {
      change.append(node('div', 'change', c.field + ': ' + c.old + ' → ' + c.new));
    }
    const source = node('td', 'src');
    const link = node('a', '', mention.t);
    link.href = '#';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      focusMention(mention.i, 'center');
    });
    source.append(link);
    source.lang = current ? current.doc.lang : 'zh';
    row.append(node('td', 'n', field(mention, 'lines')), kind, source, node('td', '', mention.v),
      node('td', 'rule', mention.r), change);
    return row;
  }

  function focusMention(id, block) {
    const mark = $$('#doc mark.m').find((el) => el.dataset.mentionId === id && el.tabIndex === 0);
    if (!mark) return;
    mark.scrollIntoView({ block });
    mark.focus({ preventScroll: true });
    showTip(mark);
    // Lines scrolled into view get their real height only now (content-visibility): scroll
    // and place the tooltip again once they are laid out.
    requestAnimationFrame(() => {
      mark.scrollIntoView({ block });
      if (anchor === mark) place(mark);
    });
  }

  // ---- tooltip -------------------------------------------------------------------------
  function showTip(mark) {
    if (!current || !current.data) return;
    const mention = current.data.m[Number(mark.dataset.i)];
    tip.textContent = '';
    const head = node('div', 'tip-head');
    head.append(node('span', 'swatch k-' + mention.k), node('b', '', mention.k));
    if (mention.d) head.append(' ', node('span', 'tag d-' + mention.d, mention.d));
    const source = node('div', 'tip-src', mention.t);
    source.lang = current.doc.lang;
    tip.append(head, source);
    if (mention.x) tip.append(node('p', 'status bad', 'The file’s text at these bytes is not source_text.'));
    const table = node('table');
    for (const [label, value] of mention.fields) {
      const row = node('tr');
      row.append(node('th', '', label), node('td', '', value));
      table.append(row);
    }
    tip.append(table);
    if (mention.c && mention.c.length) {
      tip.append(node('p', 'tip-changes', 'Changed since OLD:'));
      for (const c of mention.c) tip.append(node('div', 'change', c.field + ': ' + c.old + ' → ' + c.new));
    }
    tip.hidden = false;
    mark.setAttribute('aria-describedby', 'tip');
    anchor = mark;
    place(mark);
  }

  function place(mark) {
    const rect = mark.getBoundingClientRect();
    const box = tip.getBoundingClientRect();
    let top = rect.bottom + 8;
    if (top + box.height > innerHeight - 4) top = Math.max(4, rect.top - box.height - 8);
    const left = Math.max(4, Math.min(rect.left, innerWidth - box.width - 12));
    tip.style.top = top + 'px';
    tip.style.left = left + 'px';
  }

  // The tooltip's height can change after it is placed (fonts for its text load late):
  // keep it clear of the mention.
  if (window.ResizeObserver) {
    new ResizeObserver(() => {
      if (anchor && !tip.hidden) place(anchor);
    }).observe(tip);
  }

  function hideTip(force) {
    if (pinned && !force) return;
    pinned = null;
    anchor = null;
    tip.hidden = true;
  }

  const main = $('#main');
  main.addEventListener('mouseover', (event) => {
    const mark = event.target.closest('mark.m');
    if (mark && !pinned) showTip(mark);
  });
  main.addEventListener('mouseout', (event) => {
    if (event.target.closest('mark.m')) hideTip(false);
  });
  main.addEventListener('focusin', (event) => {
    const mark = event.target.closest('mark.m');
    if (mark) {
      pinned = null;
      showTip(mark);
    }
  });
  main.addEventListener('focusout', () => hideTip(true));
  main.addEventListener('click', (event) => {
    const mark = event.target.closest('mark.m');
    if (!mark) return;
    pinned = pinned === mark ? null : mark;
    showTip(mark);
    const row = $('#doc tr[data-i="' + mark.dataset.i + '"]');
    for (const other of $$('#doc tr.selected')) other.classList.remove('selected');
    if (row) row.classList.add('selected');
  });
  main.addEventListener('scroll', () => {
    if (anchor && !tip.hidden) place(anchor);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hideTip(true);
  });

  // ---- filters -------------------------------------------------------------------------
  for (const box of $$('input[data-kind]')) {
    box.addEventListener('change', () => {
      document.body.classList.toggle('hide-' + box.dataset.kind, !box.checked);
    });
  }
  const ruleStyle = node('style');
  document.head.append(ruleStyle);
  function applyRules() {
    const off = $$('input[data-rule]').filter((box) => !box.checked).map((box) => box.dataset.rule);
    ruleStyle.textContent = off
      .map((rule) => {
        const q = '[data-rule="' + CSS.escape(rule) + '"]';
        return 'mark.m' + q + '{background:transparent;border-bottom-color:transparent}' +
          '#doc tr' + q + '{display:none}';
      })
      .join('\n');
  }
  for (const box of $$('input[data-rule]')) box.addEventListener('change', applyRules);
  for (const button of $$('button[data-rules]')) {
    button.addEventListener('click', () => {
      for (const box of $$('input[data-rule]')) box.checked = button.dataset.rules === 'all';
      applyRules();
    });
  }

  // ---- search --------------------------------------------------------------------------
  // Case-insensitive for Latin letters, when lower-casing keeps offsets (it nearly always
  // does); `data` caches the folded text of a document.
  function occurrences(data, needle) {
    const found = [];
    if (!needle || !data || !data.text) return found;
    if (data.folded === undefined) {
      const folded = data.text.toLowerCase();
      data.folded = folded.length === data.text.length ? folded : null;
    }
    const h = data.folded === null ? data.text : data.folded;
    const n = data.folded === null ? needle : needle.toLowerCase();
    for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + n.length)) found.push(at);
    return found;
  }

  function search() {
    const q = $('#q').value.trim();
    let docs = 0;
    for (const link of $$('nav.docs a[data-doc]')) {
      const doc = byId.get(link.dataset.doc);
      let count = 0;
      if (q) {
        const data = load(doc);
        count = occurrences(data, q).length + (doc.id.includes(q) ? 1 : 0);
      }
      link.parentElement.hidden = Boolean(q) && count === 0;
      link.dataset.hits = q ? count : '';
      if (count) docs++;
    }
    const status = q ? docs + ' documents' : '';
    if (!current || !current.data) {
      $('#q-count').textContent = status;
      return;
    }
    for (const row of $$('#doc tbody tr')) {
      const mention = current.data.m[Number(row.dataset.i)];
      const text = [mention.t, mention.v, mention.r].concat(mention.fields.map((f) => f[1])).join('\n');
      row.classList.toggle('nomatch', Boolean(q) && !text.includes(q));
    }
    highlight(q);
    $('#q-count').textContent = (q ? hits.length + ' here · ' : '') + status;
  }

  // Highlights matches without touching the DOM (CSS Custom Highlight API), mapping text
  // offsets to the text nodes of the rendered lines.
  function highlight(q) {
    hits = [];
    hitIndex = -1;
    const supported = window.CSS && CSS.highlights;
    if (supported) {
      CSS.highlights.delete('q');
      CSS.highlights.delete('q-current');
    }
    const container = $('#doc .text');
    if (!container) return;
    const starts = occurrences(current.data, q);
    if (!supported) {
      hits = starts;
      return;
    }
    if (!starts.length) return;
    const nodes = [];
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let offset = 0, n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push([offset, n]);
      offset += n.data.length;
    }
    const locate = (offset) => {
      let lo = 0;
      let hi = nodes.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (nodes[mid][0] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return [nodes[lo][1], offset - nodes[lo][0]];
    };
    for (const start of starts) {
      const range = document.createRange();
      range.setStart(...locate(start));
      const [endNode, endOffset] = locate(start + q.length - 1);
      range.setEnd(endNode, endOffset + 1);
      hits.push(range);
    }
    CSS.highlights.set('q', new Highlight(...hits));
  }

  function nextHit() {
    if (!hits.length || typeof hits[0] === 'number') return;
    hitIndex = (hitIndex + 1) % hits.length;
    const element = hits[hitIndex].startContainer.parentElement;
    element.scrollIntoView({ block: 'center' });
    CSS.highlights.set('q-current', new Highlight(hits[hitIndex]));
    $('#q-count').textContent = hitIndex + 1 + ' / ' + hits.length + ' here';
  }

  let timer = 0;
  $('#q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  $('#q').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') nextHit();
  });

  addEventListener('hashchange', route);
  route();
})();
