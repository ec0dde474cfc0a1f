// vanban editor: a form that builds the input JSON (spec/input.md), a live
// preview from POST /v1/preview, problems from POST /v1/validate shown beside
// the fields their JSON paths name, downloads from POST /v1/render, and import
// of old documents from POST /v1/import. Plain JavaScript, no dependencies:
// the page is served from the binary and must work without the network.
'use strict';

(() => {
  const DEBOUNCE_MS = 400;
  const DRAFT_KEY = 'vanban.draft';
  const TOKEN_KEY = 'vanban.token';

  const $ = (id) => document.getElementById(id);
  const form = $('form');
  let seq = 0;
  const uid = () => 'b' + (++seq);

  /** Builds an element: h('button', {type: 'button', onclick}, 'Text'). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'value') el.value = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) el.append(c);
    }
    return el;
  }

  // ---------------------------------------------------------------- model

  const BLOCK_TYPES = [
    ['section', 'Mục (có đề mục)'],
    ['paragraph', 'Đoạn văn'],
    ['list', 'Danh sách'],
    ['table', 'Bảng'],
    ['article', 'Điều (quyết định)'],
    ['chapter', 'Chương'],
    ['center', 'Dòng giữa, in đậm'],
    ['page_break', 'Ngắt trang'],
  ];
  const BLOCK_NAMES = Object.fromEntries(BLOCK_TYPES.concat([['raw', 'Khối JSON']]));
  const CONTAINER_KEY = { section: 'heading', article: 'article', chapter: 'chapter' };
  const SHORT_NAME = { section: 'mục', article: 'điều', chapter: 'chương' };
  const CONTAINER_LABEL = { section: 'Đề mục', article: 'Tên điều', chapter: 'Tên chương' };
  const TOP_FIELDS = ['kind', 'layout', 'issuer', 'number', 'symbol', 'place', 'date', 'title',
    'subject', 'recipients', 'authority', 'preamble', 'body', 'signature', 'signatures',
    'distribution', 'appendices'];

  /** The plain text of an Inline (a string or an array of runs). */
  function inlineText(v) {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map((r) => (typeof r === 'string' ? r : (r && r.text) || '')).join('');
    return '';
  }

  /** Lines of a textarea that holds an array of Inline, one per line. */
  const inlineLines = (arr) => (Array.isArray(arr) ? arr.map(inlineText).join('\n') : '');
  const splitLines = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

  function newBlock(type) {
    switch (type) {
      case 'section': case 'article': case 'chapter':
        return { uid: uid(), type, heading: '', numbered: true, content: [] };
      case 'list': return { uid: uid(), type, marker: '', text: '' };
      case 'table':
        return { uid: uid(), type, columns: [{ title: 'STT', width: '1', align: '' }, { title: 'Nội dung', width: '4', align: '' }], rows: [['1', '']] };
      case 'page_break': return { uid: uid(), type };
      case 'raw': return { uid: uid(), type, json: '{}' };
      default: return { uid: uid(), type, text: '' };
    }
  }

  function emptyDoc() {
    return {
      kind: 'bao-cao', layout: '', parent: '', issuer: '', number: '', symbol: '', place: '',
      date: '', title: '', subject: '', recipients: '', authority: '', preamble: '', distribution: '',
      body: [newBlock('paragraph')],
      signers: [{ uid: uid(), authority: '', position: '', name: '', extra: {} }],
      appendices: [], extra: {}, kept: {}, issuerExtra: {},
    };
  }

  let doc = emptyDoc();

  // List items as lines; two spaces of indentation per level of nesting.
  function itemsToText(items, depth) {
    const pad = '  '.repeat(depth);
    return (items || []).map((it) => {
      if (it && typeof it === 'object' && !Array.isArray(it)) {
        const sub = it.list && it.list.length ? '\n' + itemsToText(it.list, depth + 1) : '';
        return pad + inlineText(it.text) + sub;
      }
      return pad + inlineText(it);
    }).join('\n');
  }

  function textToItems(text) {
    const root = { list: [] };
    const stack = [{ depth: -1, node: root }];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const m = line.replace(/\t/g, '  ').match(/^( *)(.*)$/);
      const depth = Math.floor(m[1].length / 2);
      while (stack.length > 1 && stack[stack.length - 1].depth >= depth) stack.pop();
      const item = { text: m[2].trim(), list: [] };
      const parent = stack[stack.length - 1].node;
      parent.list.push(item);
      stack.push({ depth, node: item });
    }
    const out = (items) => items.map((it) => (it.list.length ? { text: it.text, list: out(it.list) } : it.text));
    return out(root.list);
  }

  /** The JSON of one block, as the input contract writes it. */
  function blockJson(b) {
    const out = blockJsonFresh(b);
    // A block opened from a file keeps its original form (bold runs, keys the
    // form does not show) for as long as the clerk leaves it unchanged.
    if (b.orig !== undefined && JSON.stringify(out) === b.origSer) return b.orig;
    return out;
  }

  function blockJsonFresh(b) {
    switch (b.type) {
      case 'paragraph': return b.text;
      case 'center': return { center: b.text };
      case 'page_break': return { page_break: true };
      case 'list': {
        const o = { list: textToItems(b.text) };
        if (b.marker) o.marker = b.marker;
        return o;
      }
      case 'table': {
        const columns = b.columns.map((c) => {
          const col = { title: c.title };
          const w = Number(String(c.width).replace(',', '.'));
          if (String(c.width).trim() !== '') col.width = Number.isFinite(w) ? w : c.width;
          if (c.align) col.align = c.align;
          return col;
        });
        return { table: { columns, rows: b.rows.map((r) => r.slice()) } };
      }
      case 'raw': {
        try { return JSON.parse(b.json); } catch (e) { throw new LocalProblem(b.path, 'Khối JSON không đọc được: ' + e.message); }
      }
      default: {
        const key = CONTAINER_KEY[b.type];
        const o = { [key]: b.headingOrig !== undefined && b.heading === b.headingText ? b.headingOrig : b.heading };
        if (b.content.length) o.content = b.content.map(blockJson);
        if (b.type === 'section' && !b.numbered) o.numbered = false;
        return o;
      }
    }
  }

  class LocalProblem extends Error {
    constructor(path, message) { super(message); this.path = path; }
  }

  function blockFrom(v) {
    let b;
    if (typeof v === 'string' || Array.isArray(v)) b = { uid: uid(), type: 'paragraph', text: inlineText(v) };
    else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      const has = (k) => Object.prototype.hasOwnProperty.call(v, k);
      const only = (...allowed) => keys.every((k) => allowed.includes(k));
      const ck = ['heading', 'article', 'chapter'].find(has);
      if (ck && only(ck, 'content', 'numbered')) {
        const type = ck === 'heading' ? 'section' : ck;
        const head = v[ck];
        b = { uid: uid(), type, heading: inlineText(head), numbered: v.numbered !== false, content: (v.content || []).map(blockFrom) };
        if (typeof head !== 'string') { b.headingOrig = head; b.headingText = b.heading; }
        return b;
      }
      if (has('paragraph') && only('paragraph')) b = { uid: uid(), type: 'paragraph', text: inlineText(v.paragraph) };
      else if (has('center') && only('center')) b = { uid: uid(), type: 'center', text: inlineText(v.center) };
      else if (has('page_break') && only('page_break')) b = { uid: uid(), type: 'page_break' };
      else if (has('list') && only('list', 'marker') && Array.isArray(v.list)) b = { uid: uid(), type: 'list', marker: v.marker || '', text: itemsToText(v.list, 0) };
      else if (has('table') && only('table') && v.table && Array.isArray(v.table.columns) && Array.isArray(v.table.rows)) {
        b = {
          uid: uid(), type: 'table',
          columns: v.table.columns.map((c) => ({ title: inlineText(c && c.title), width: c && c.width !== undefined ? String(c.width) : '', align: (c && c.align) || '' })),
          rows: v.table.rows.map((r) => (Array.isArray(r) ? r.map(inlineText) : [])),
        };
      }
    }
    if (!b) b = { uid: uid(), type: 'raw', json: JSON.stringify(v, null, 2) };
    const ser = JSON.stringify(blockJsonFresh(b));
    if (ser !== JSON.stringify(v)) { b.orig = v; b.origSer = ser; }
    return b;
  }

  /** A textarea of lines that came from an array of Inline keeps the array while unchanged. */
  function keepLines(name, arr) {
    if (Array.isArray(arr)) doc.kept[name] = { orig: arr, text: inlineLines(arr) };
    return inlineLines(arr);
  }
  function linesJson(name, text) {
    const k = doc.kept[name];
    if (k && k.text === text) return k.orig;
    return splitLines(text);
  }

  /** The date as the clerk reads it: 02/04/2024 for 2024-04-02 (dateJson turns it back). */
  function dateText(d) {
    if (typeof d === 'string') return d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');
    if (d && typeof d === 'object' && d.year !== undefined) return String(d.year);
    return '';
  }

  /** The date as the clerk typed it, in the contract's form (the server judges it). */
  function dateJson(text) {
    const t = text.trim();
    if (t === '') return undefined;
    if (/^\d{4}$/.test(t)) return { year: Number(t) };
    const m = t.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
    if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    return t;
  }

  /** The document JSON the form describes. */
  function buildJson() {
    const d = doc;
    const o = { kind: d.kind };
    if (d.layout) o.layout = d.layout;
    o.issuer = Object.assign({}, d.issuerExtra);
    if (d.parent.trim()) o.issuer.parent = d.parent;
    o.issuer.name = d.issuer;
    if (d.number.trim()) o.number = d.number.trim();
    o.symbol = d.symbol;
    o.place = d.place;
    const date = dateJson(d.date);
    if (date !== undefined) o.date = date;
    const optional = {
      title: d.title, subject: d.subject, recipients: linesJson('recipients', d.recipients),
      authority: d.authority, preamble: linesJson('preamble', d.preamble),
    };
    for (const [k, v] of Object.entries(optional)) if (Array.isArray(v) ? v.length : v.trim()) o[k] = v;
    o.body = d.body.map(blockJson);
    const signers = d.signers.map((s) => {
      const j = Object.assign({}, s.extra);
      if (s.authority.trim()) j.authority = s.authority;
      j.position = s.position;
      j.name = s.name;
      return j;
    });
    if (signers.length === 1) o.signature = signers[0];
    else if (signers.length > 1) o.signatures = signers;
    const dist = linesJson('distribution', d.distribution);
    if (dist.length) o.distribution = dist;
    if (d.appendices.length) {
      o.appendices = d.appendices.map((a) => {
        const j = Object.assign({}, a.extra);
        for (const k of ['label', 'title', 'attached_to', 'type_name']) if (a[k].trim()) j[k] = a[k];
        if (a.orientation) j.orientation = a.orientation;
        if (a.form) j.form = a.form;
        j.body = a.body.map(blockJson);
        return j;
      });
    }
    return Object.assign(o, d.extra);
  }

  /** Fills the model from a document JSON (opened or imported). */
  function loadJson(j) {
    if (!j || typeof j !== 'object' || Array.isArray(j)) throw new Error('tệp không chứa một văn bản (cần một đối tượng JSON)');
    const d = emptyDoc();
    doc = d;
    const s = (v) => (typeof v === 'string' ? v : '');
    const rest = (o, keys) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
    for (const k of ['layout', 'symbol', 'place', 'title', 'subject', 'authority']) d[k] = s(j[k]);
    d.kind = s(j.kind) || 'bao-cao';
    const iss = j.issuer && typeof j.issuer === 'object' ? j.issuer : {};
    d.parent = s(iss.parent);
    d.issuer = s(iss.name);
    d.issuerExtra = rest(iss, ['parent', 'name']);
    d.number = j.number === null || j.number === undefined ? '' : String(j.number);
    d.date = dateText(j.date);
    d.recipients = keepLines('recipients', j.recipients);
    d.preamble = keepLines('preamble', j.preamble);
    d.distribution = keepLines('distribution', j.distribution);
    d.body = Array.isArray(j.body) ? j.body.map(blockFrom) : [];
    const signerFrom = (x) => {
      const o = x && typeof x === 'object' ? x : {};
      return {
        uid: uid(), authority: s(o.authority), position: s(o.position), name: s(o.name),
        extra: rest(o, ['authority', 'position', 'name']),
      };
    };
    if (Array.isArray(j.signatures) && j.signatures.length) d.signers = j.signatures.map(signerFrom);
    else d.signers = [signerFrom(j.signature)];
    d.appendices = Array.isArray(j.appendices) ? j.appendices.map((a) => {
      const o = a && typeof a === 'object' ? a : {};
      return {
        uid: uid(), label: s(o.label), title: s(o.title), attached_to: s(o.attached_to), type_name: s(o.type_name),
        orientation: s(o.orientation), form: s(o.form), body: Array.isArray(o.body) ? o.body.map(blockFrom) : [],
        extra: rest(o, ['label', 'title', 'attached_to', 'type_name', 'orientation', 'form', 'body']),
      };
    }) : [];
    d.extra = rest(j, TOP_FIELDS);
    fillStatic();
    renderDynamic();
    changed();
  }

  // ------------------------------------------------------------ static fields

  const STATIC = {
    'f-kind': 'kind', 'f-layout': 'layout', 'f-parent': 'parent', 'f-issuer': 'issuer', 'f-number': 'number',
    'f-symbol': 'symbol', 'f-place': 'place', 'f-date': 'date', 'f-title': 'title', 'f-subject': 'subject',
    'f-recipients': 'recipients', 'f-authority': 'authority', 'f-preamble': 'preamble', 'f-distribution': 'distribution',
  };

  function fillStatic() {
    // A quyết định's authority and Căn cứ lines sit in the folded "Trường khác".
    if (doc.kind === 'quyet-dinh' || doc.authority || doc.preamble || doc.title) document.querySelector('details.more').open = true;
    for (const [id, key] of Object.entries(STATIC)) {
      const el = $(id);
      if (el.tagName === 'SELECT' && doc[key] && !Array.from(el.options).some((o) => o.value === doc[key])) {
        el.append(h('option', { value: doc[key] }, doc[key]));
      }
      el.value = doc[key];
    }
  }

  function bindStatic() {
    for (const [id, key] of Object.entries(STATIC)) {
      for (const ev of ['input', 'change']) $(id).addEventListener(ev, (e) => { doc[key] = e.target.value; });
    }
  }

  // ------------------------------------------------------------ dynamic parts

  /** An input bound to obj[key]: labelled, with its JSON path for problems. */
  function field(label, obj, key, path, opts = {}) {
    const id = 'f-' + uid();
    const tag = opts.rows ? 'textarea' : 'input';
    const hintId = opts.hint ? id + '-hint' : undefined;
    const input = h(tag, {
      id, 'data-path': path, rows: opts.rows, value: obj[key], 'aria-describedby': hintId,
      class: opts.cls, inputmode: opts.inputmode,
      oninput: (e) => { obj[key] = e.target.value; },
    });
    return h('div', { class: 'field' },
      h('label', { for: id }, label), input,
      opts.hint ? h('p', { class: 'hint', id: hintId }, opts.hint) : null);
  }

  function select(label, obj, key, path, options) {
    const id = 'f-' + uid();
    const sel = h('select', { id, 'data-path': path, onchange: (e) => { obj[key] = e.target.value; changed(); } },
      options.map(([v, t]) => h('option', { value: v }, t)));
    sel.value = obj[key];
    return h('div', { class: 'field' }, h('label', { for: id }, label), sel);
  }

  function button(text, onclick, attrs = {}) {
    return h('button', Object.assign({ type: 'button', onclick }, attrs), text);
  }

  /** Re-renders after a change of structure and puts the focus back on `focus` (a selector). */
  function restructure(focus) {
    renderDynamic();
    // `focus`: one selector, or several in order of preference.
    const el = [].concat(focus || []).map((q) => form.querySelector(q)).find(Boolean);
    if (el) el.focus();
    changed();
  }

  function renderBlocks(blocks, base, where) {
    const wrap = h('div', { class: 'blocks' });
    blocks.forEach((b, i) => wrap.append(renderBlock(blocks, i, `${base}[${i}]`)));
    if (!blocks.length) wrap.append(h('p', { class: 'hint' }, 'Chưa có khối nào.'));
    const selId = 'add-' + uid();
    const sel = h('select', { id: selId }, BLOCK_TYPES.map(([v, t]) => h('option', { value: v }, t)));
    const addBar = h('div', { class: 'add-bar', 'data-add-for': base },
      h('label', { for: selId }, `Thêm khối vào ${where}:`), sel,
      button('Thêm khối', () => {
        const nb = newBlock(sel.value);
        blocks.push(nb);
        restructure([`[data-uid="${nb.uid}"] :is(input, textarea, select)`, `[data-uid="${nb.uid}"] button.del`]);
      }, { class: 'add' }));
    wrap.append(addBar);
    return wrap;
  }

  function renderBlock(blocks, i, path) {
    const b = blocks[i];
    b.path = path;
    const name = BLOCK_NAMES[b.type] || b.type;
    const n = i + 1;
    const move = (delta, action) => () => {
      const j = i + delta;
      if (j < 0 || j >= blocks.length) return;
      [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
      // The same button keeps the focus, or the other one when this one is now disabled.
      const other = action === 'up' ? 'down' : 'up';
      const head = `[data-uid="${b.uid}"] > .block-head`;
      restructure([`${head} button.${action}:not(:disabled)`, `${head} button.${other}`]);
    };
    const head = h('div', { class: 'block-head' },
      h('span', { class: 'block-name' }, `${n}. ${name}`),
      button('Lên', move(-1, 'up'), { class: 'up', 'aria-label': `Chuyển khối ${n} (${name}) lên`, disabled: i === 0 }),
      button('Xuống', move(1, 'down'), { class: 'down', 'aria-label': `Chuyển khối ${n} (${name}) xuống`, disabled: i === blocks.length - 1 }),
      button('Xóa', () => {
        blocks.splice(i, 1);
        const next = blocks[Math.min(i, blocks.length - 1)];
        restructure(next ? `[data-uid="${next.uid}"] > .block-head button.del` : `[data-add-for="${path.replace(/\[\d+\]$/, '')}"] select`);
      }, { class: 'del', 'aria-label': `Xóa khối ${n} (${name})` }));
    const box = h('div', { class: 'block block-' + b.type, 'data-uid': b.uid, 'data-block-path': path }, head);
    switch (b.type) {
      case 'paragraph':
        box.append(field('Đoạn văn', b, 'text', path, { rows: 3 }));
        break;
      case 'center':
        box.append(field('Dòng giữa (in đậm)', b, 'text', path + '.center'));
        break;
      case 'page_break':
        box.append(h('p', { class: 'hint' }, 'Khối sau bắt đầu ở trang mới.'));
        break;
      case 'list':
        box.append(select('Dấu đầu dòng', b, 'marker', path + '.marker',
          [['', 'Mặc định (-, lồng: +)'], ['-', '-'], ['+', '+'], ['a)', 'a), b), c)'], ['1.', '1., 2., 3.']]));
        box.append(field('Các ý (mỗi dòng một ý)', b, 'text', path + '.list', {
          rows: 3, hint: 'Không cần gõ dấu đầu dòng; lùi vào 2 dấu cách để có ý con.',
        }));
        break;
      case 'table':
        box.append(renderTable(b, path));
        break;
      case 'raw':
        box.append(field('Khối JSON (giữ nguyên như trong tệp)', b, 'json', path, { rows: 4, cls: 'mono' }));
        break;
      default: {
        box.append(field(CONTAINER_LABEL[b.type], b, 'heading', `${path}.${CONTAINER_KEY[b.type]}`));
        if (b.type === 'section') {
          const id = 'f-' + uid();
          box.append(h('div', { class: 'check' },
            h('input', { type: 'checkbox', id, checked: b.numbered, 'data-path': path + '.numbered', onchange: (e) => { b.numbered = e.target.checked; changed(); } }),
            h('label', { for: id }, 'Đánh số tự động')));
        }
        box.append(renderBlocks(b.content, path + '.content', `${SHORT_NAME[b.type]} ${n}`));
      }
    }
    if (b.orig !== undefined || b.headingOrig !== undefined) {
      box.append(h('p', { class: 'hint' }, 'Khối này có chữ in đậm, nghiêng hoặc gạch chân: giữ nguyên khi không sửa; sửa chữ thì định dạng được bỏ.'));
    }
    box.append(h('p', { class: 'field-error block-error', id: 'err-' + b.uid, hidden: true }));
    return box;
  }

  function renderTable(b, path) {
    const tp = path + '.table';
    const wrap = h('div', { class: 'table-edit' });
    const table = h('table', {});
    const headRow = h('tr', {}, h('th', { scope: 'col' }, ''));
    b.columns.forEach((c, ci) => {
      const id = 'f-' + uid();
      headRow.append(h('th', { scope: 'col' },
        h('label', { for: id, class: 'visually-hidden' }, `Tiêu đề cột ${ci + 1}`),
        h('input', { id, value: c.title, 'data-path': `${tp}.columns[${ci}].title`, oninput: (e) => { c.title = e.target.value; } }),
        h('span', { class: 'col-tools' },
          h('label', { for: id + 'w' }, 'Rộng'),
          h('input', { id: id + 'w', class: 'width', value: c.width, inputmode: 'decimal', 'data-path': `${tp}.columns[${ci}].width`, oninput: (e) => { c.width = e.target.value; } }),
          button('Xóa cột', () => {
            b.columns.splice(ci, 1);
            b.rows.forEach((r) => r.splice(ci, 1));
            restructure(`[data-uid="${b.uid}"] .add-col`);
          }, { 'aria-label': `Xóa cột ${ci + 1}`, disabled: b.columns.length === 1 }))));
    });
    table.append(h('thead', {}, headRow));
    const tbody = h('tbody', {});
    b.rows.forEach((r, ri) => {
      const tr = h('tr', {}, h('th', { scope: 'row' }, button('Xóa', () => {
        b.rows.splice(ri, 1);
        restructure(`[data-uid="${b.uid}"] .add-row`);
      }, { 'aria-label': `Xóa hàng ${ri + 1}` })));
      b.columns.forEach((_, ci) => {
        const id = 'f-' + uid();
        if (r[ci] === undefined) r[ci] = '';
        tr.append(h('td', {},
          h('label', { for: id, class: 'visually-hidden' }, `Hàng ${ri + 1}, cột ${ci + 1}`),
          h('input', { id, value: r[ci], 'data-path': `${tp}.rows[${ri}][${ci}]`, oninput: (e) => { r[ci] = e.target.value; } })));
      });
      tbody.append(tr);
    });
    table.append(tbody);
    wrap.append(h('div', { class: 'table-scroll', 'data-block-path': tp }, table),
      h('div', { class: 'table-tools' },
        button('Thêm hàng', () => {
          b.rows.push(b.columns.map(() => ''));
          restructure(`[data-uid="${b.uid}"] tbody tr:last-child td input`);
        }, { class: 'add-row' }),
        button('Thêm cột', () => {
          b.columns.push({ title: '', width: '', align: '' });
          b.rows.forEach((r) => r.push(''));
          restructure(`[data-uid="${b.uid}"] thead th:last-child input`);
        }, { class: 'add-col' })));
    return wrap;
  }

  function renderSigners() {
    const box = $('signers');
    box.replaceChildren();
    const many = doc.signers.length > 1;
    doc.signers.forEach((s, i) => {
      const p = many ? `signatures[${i}]` : 'signature';
      const fs = h('fieldset', { class: 'signer', 'data-block-path': p, 'data-uid': s.uid },
        h('legend', {}, many ? `Người ký ${i + 1}` : 'Người ký'),
        h('div', { class: 'row' },
          field('Quyền hạn ký', s, 'authority', p + '.authority', { hint: 'Ví dụ: KT. CHỦ TỊCH, TM. ỦY BAN NHÂN DÂN; để trống nếu ký trực tiếp.' }),
          field('Chức vụ *', s, 'position', p + '.position', { hint: 'Ví dụ: PHÓ CHỦ TỊCH.' })),
        field('Họ và tên *', s, 'name', p + '.name'),
        many ? button('Xóa người ký', () => { doc.signers.splice(i, 1); restructure('#add-signer'); }, { 'aria-label': `Xóa người ký ${i + 1}` }) : null);
      box.append(fs);
    });
  }

  function renderAppendices() {
    const box = $('appendices');
    box.replaceChildren();
    doc.appendices.forEach((a, i) => {
      const p = `appendices[${i}]`;
      const fs = h('fieldset', { class: 'appendix', 'data-block-path': p, 'data-uid': a.uid },
        h('legend', {}, `Phụ lục ${i + 1}`),
        field('Tên phụ lục', a, 'title', p + '.title'),
        h('div', { class: 'row' },
          select('Khổ giấy', a, 'orientation', p + '.orientation', [['', 'Dọc (mặc định)'], ['portrait', 'Dọc'], ['landscape', 'Ngang']]),
          select('Hình thức', a, 'form', p + '.form', [['', 'Phụ lục (mặc định)'], ['appendix', 'Phụ lục'], ['attached', 'Văn bản ban hành kèm theo']])),
        h('div', { class: 'row' },
          field('Tên loại (với văn bản kèm theo)', a, 'type_name', p + '.type_name', { hint: 'QUY CHẾ, QUY ĐỊNH, ĐIỀU LỆ…' }),
          field('Dòng “Phụ lục” (thay mặc định)', a, 'label', p + '.label')),
        field('Dòng “Kèm theo …” (thay mặc định)', a, 'attached_to', p + '.attached_to'),
        renderBlocks(a.body, p + '.body', `phụ lục ${i + 1}`),
        button('Xóa phụ lục', () => { doc.appendices.splice(i, 1); restructure('#add-appendix'); }, { 'aria-label': `Xóa phụ lục ${i + 1}` }));
      box.append(fs);
    });
  }

  function renderDynamic() {
    $('body-blocks').replaceChildren(renderBlocks(doc.body, 'body', 'nội dung'));
    renderSigners();
    renderAppendices();
    showProblems(lastProblems);
  }

  // ------------------------------------------------------------ server calls

  let tokenAsk = null;

  /** Asks for the access token (once at a time) and keeps it in sessionStorage. */
  function askToken(wrong) {
    if (tokenAsk) return tokenAsk;
    const dlg = $('token-dialog');
    const err = $('token-error');
    err.hidden = !wrong;
    err.textContent = wrong ? 'Mã truy cập không đúng. Hãy nhập lại.' : '';
    $('token-input').value = '';
    tokenAsk = new Promise((resolve) => {
      const done = (ok) => {
        dlg.removeEventListener('close', onClose);
        tokenAsk = null;
        const v = $('token-input').value.trim();
        if (ok && v) { sessionStorage.setItem(TOKEN_KEY, v); resolve(true); } else resolve(false);
      };
      const onClose = () => done(dlg.returnValue === 'ok');
      dlg.addEventListener('close', onClose);
      dlg.returnValue = '';
      dlg.showModal();
      $('token-input').focus();
    });
    return tokenAsk;
  }

  /** fetch with the language and the token; a 401 asks for the token and tries again. */
  async function api(url, opts = {}) {
    for (let attempt = 0; ; attempt++) {
      const headers = Object.assign({ 'Accept-Language': 'vi' }, opts.headers || {});
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) headers.Authorization = 'Bearer ' + token;
      const res = await fetch(url, Object.assign({}, opts, { headers }));
      if (res.status !== 401 || attempt >= 3) return res;
      if (!(await askToken(Boolean(token)))) return res;
    }
  }

  async function errorText(res) {
    try {
      const j = await res.json();
      if (j.error) return j.error.message + (j.error.hint ? ' (' + j.error.hint + ')' : '');
      if (Array.isArray(j.problems)) return `văn bản còn ${j.problems.length} lỗi, xem mục “Kiểm tra văn bản”`;
    } catch (_) { /* not JSON */ }
    return `máy chủ trả lời ${res.status}`;
  }

  function say(text, bad) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('bad', Boolean(bad));
  }

  const jsonBody = () => JSON.stringify(buildJson(), null, 2);

  // ------------------------------------------------------------ problems

  let lastProblems = null; // null: not checked yet

  function parentPath(p) {
    if (p === '') return null;
    const m = p.match(/^(.*)(\[\d+\]|\.[^.[\]]+)$/);
    return m ? m[1] : '';
  }

  /** The input or block the JSON path names, or the nearest one that holds it. */
  function findTarget(path) {
    for (let p = path; p !== null && p !== ''; p = parentPath(p)) {
      const q = CSS.escape(p);
      const el = form.querySelector(`[data-path="${q}"]`) || form.querySelector(`[data-block-path="${q}"]`);
      if (el) return el;
    }
    return null;
  }

  /** Where a problem of `target` is written (made on first use) and the input it marks. */
  function errorSlot(target) {
    const block = target.matches('[data-block-path]');
    const holder = block ? target : target.closest('.field, td, th') || target.parentElement;
    let slot = holder.querySelector(':scope > .field-error');
    if (!slot) { slot = h('p', { class: 'field-error', id: 'err-' + uid() }); holder.append(slot); }
    return { slot, input: block ? target.querySelector('input, textarea, select') : target };
  }

  /** A message without the line and column of the JSON, which the clerk never sees. */
  function clerkMessage(m) {
    return String(m).replace(/^(?:line|dòng) \d+, (?:column|cột) \d+: /, '');
  }

  function problemNode(p) {
    return h('span', { class: 'problem' }, h('strong', {}, 'Lỗi: '), h('span', { class: 'msg' }, clerkMessage(p.message)),
      p.hint ? h('span', { class: 'problem-hint' }, 'Gợi ý: ' + p.hint) : null);
  }

  function showProblems(problems) {
    lastProblems = problems;
    if (!problems) return;
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
      el.removeAttribute('aria-invalid');
      const base = el.dataset.describedBase;
      if (base) el.setAttribute('aria-describedby', base); else el.removeAttribute('aria-describedby');
    }
    for (const slot of form.querySelectorAll('.field-error')) { slot.replaceChildren(); slot.hidden = true; }
    const list = $('problems-list');
    list.replaceChildren();
    let beside = 0;
    let firstInvalid = null;
    for (const p of problems) {
      const target = findTarget(p.path || '');
      if (!target) {
        list.append(h('li', {}, p.path ? h('code', {}, p.path + ': ') : null, problemNode(p)));
        continue;
      }
      beside++;
      const { slot, input } = errorSlot(target);
      slot.hidden = false;
      slot.append(problemNode(p));
      if (input) {
        if (!input.hasAttribute('aria-invalid')) {
          input.dataset.describedBase = input.getAttribute('aria-describedby') || '';
          input.setAttribute('aria-describedby', (input.dataset.describedBase + ' ' + slot.id).trim());
        }
        input.setAttribute('aria-invalid', 'true');
        firstInvalid = firstInvalid || input;
      }
    }
    const summary = $('problems-summary');
    summary.replaceChildren();
    $('problems').classList.toggle('ok', problems.length === 0);
    if (problems.length === 0) { summary.append('Văn bản hợp lệ: không có lỗi.'); return; }
    summary.append(`Văn bản còn ${problems.length} lỗi.`);
    if (beside) {
      summary.append(` ${beside} lỗi được ghi ngay bên cạnh ô nhập. `);
      summary.append(button('Đến lỗi đầu tiên', () => firstInvalid && firstInvalid.focus(), { class: 'link' }));
    }
  }

  // ------------------------------------------------------------ refresh

  let timer = null;
  let previewSeq = 0;
  let validateSeq = 0;
  let previewAbort = null;
  let page = 1;
  let pages = 0;

  function changed() {
    $('problems').dataset.pending = 'true';
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  }

  function saveDraft(text) {
    try { localStorage.setItem(DRAFT_KEY, text); } catch (_) { /* storage full or off */ }
  }

  async function refresh() {
    let body;
    try {
      body = jsonBody();
    } catch (e) {
      if (e instanceof LocalProblem) { showProblems([{ path: e.path, message: e.message, hint: null }]); return; }
      throw e;
    }
    saveDraft(body);
    validate(body);
    preview(body);
  }

  async function validate(body) {
    const mine = ++validateSeq;
    try {
      const res = await api('/v1/validate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (mine !== validateSeq) return;
      if (res.status === 200 || res.status === 422) {
        const j = await res.json();
        if (mine !== validateSeq) return;
        showProblems(Array.isArray(j.problems) ? j.problems : []);
        delete $('problems').dataset.pending;
      } else {
        $('problems-summary').textContent = 'Không kiểm tra được: ' + (await errorText(res));
      }
    } catch (e) {
      if (mine === validateSeq) $('problems-summary').textContent = 'Không kết nối được máy chủ vanban: ' + e.message;
    }
  }

  function previewDpi() {
    const z = $('zoom').value;
    if (z !== 'fit') return Number(z);
    // The sheet's padding (24 px) and room for a vertical scroll bar (20 px).
    const width = $('sheet').offsetWidth - 44;
    const dpi = Math.floor((width / 8.27) * (window.devicePixelRatio || 1));
    return Math.max(10, Math.min(200, dpi));
  }

  async function preview(body) {
    const mine = ++previewSeq;
    if (previewAbort) previewAbort.abort();
    previewAbort = new AbortController();
    const img = $('preview-img');
    const msg = $('preview-msg');
    try {
      const res = await api(`/v1/preview?page=${page}&dpi=${previewDpi()}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: previewAbort.signal,
      });
      if (mine !== previewSeq) return;
      if (res.status === 200) {
        const blob = await res.blob();
        if (mine !== previewSeq) return;
        pages = Number(res.headers.get('X-Vanban-Pages')) || 1;
        const old = img.src;
        const dpr = window.devicePixelRatio || 1;
        img.onload = () => { img.style.width = (img.naturalWidth / dpr) + 'px'; };
        img.src = URL.createObjectURL(blob);
        if (old.startsWith('blob:')) URL.revokeObjectURL(old);
        img.alt = `Xem trước trang ${page} trên ${pages} của văn bản`;
        img.hidden = false;
        img.classList.remove('stale');
        msg.textContent = '';
        msg.hidden = true;
      } else if (res.status === 422) {
        // Without problems, the page is gone (the document got shorter): show the first.
        const j = await res.clone().json().catch(() => ({}));
        if (page > 1 && !Array.isArray(j.problems)) { page = 1; preview(body); return; }
        staleMessage('Chưa xem trước được: văn bản còn lỗi (xem mục “Kiểm tra văn bản”).');
      } else {
        staleMessage('Chưa xem trước được: ' + (await errorText(res)));
      }
      pageInfo();
    } catch (e) {
      if (e.name === 'AbortError' || mine !== previewSeq) return;
      staleMessage('Không kết nối được máy chủ vanban: ' + e.message);
    }
  }

  function staleMessage(text) {
    const img = $('preview-img');
    if (!img.hidden) img.classList.add('stale');
    const msg = $('preview-msg');
    msg.textContent = text;
    msg.hidden = false;
  }

  function pageInfo() {
    $('page-info').textContent = pages ? `Trang ${page}/${pages}` : 'Trang –/–';
    $('prev-page').disabled = page <= 1;
    $('next-page').disabled = !pages || page >= pages;
  }

  function goPage(delta) {
    const next = page + delta;
    if (next < 1 || (pages && next > pages)) return;
    page = next;
    pageInfo();
    clearTimeout(timer);
    refresh();
  }

  // ------------------------------------------------------------ files

  function fileName(res, fallback) {
    const cd = res.headers.get('Content-Disposition') || '';
    const star = cd.match(/filename\*\s*=\s*UTF-8''([^;]+)/i);
    if (star) { try { return decodeURIComponent(star[1].trim()); } catch (_) { /* fall through */ } }
    const plain = cd.match(/filename\s*=\s*"([^"]+)"/i) || cd.match(/filename\s*=\s*([^;]+)/i);
    return plain ? plain[1].trim() : fallback;
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function download(format) {
    let body;
    try { body = jsonBody(); } catch (e) { say(e.message, true); return; }
    const label = format.toUpperCase();
    say(`Đang tạo tệp ${label}…`);
    try {
      const res = await api(`/v1/render?format=${format}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (!res.ok) {
        if (res.status === 422) { const j = await res.clone().json().catch(() => ({})); if (Array.isArray(j.problems)) showProblems(j.problems); }
        say(`Không tạo được tệp ${label}: ` + (await errorText(res)), true);
        return;
      }
      const name = fileName(res, `van-ban.${format}`);
      saveBlob(await res.blob(), name);
      say(`Đã tải xuống ${name}.`);
    } catch (e) {
      say('Không kết nối được máy chủ vanban: ' + e.message, true);
    }
  }

  function jsonFileName() {
    const base = [doc.number.trim(), doc.symbol.trim()].filter(Boolean).join('-') || 'van-ban';
    return base.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._-]+/g, '-') + '.json';
  }

  function saveJson() {
    let body;
    try { body = jsonBody(); } catch (e) { say(e.message, true); return; }
    const name = jsonFileName();
    saveBlob(new Blob([body + '\n'], { type: 'application/json' }), name);
    say(`Đã lưu ${name}.`);
  }

  async function openJson(file) {
    try {
      loadJson(JSON.parse(await file.text()));
      say(`Đã mở ${file.name}.`);
      $('f-kind').focus();
    } catch (e) {
      say(`Không mở được ${file.name}: ${e.message}`, true);
    }
  }

  async function importFile(file) {
    say(`Đang nhập ${file.name}…`);
    try {
      const res = await api('/v1/import?name=' + encodeURIComponent(file.name), {
        method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file,
      });
      if (!res.ok) { say(`Không nhập được ${file.name}: ` + (await errorText(res)), true); return; }
      const j = await res.json();
      loadJson(j.document);
      const report = $('import-report');
      const list = $('import-list');
      list.replaceChildren();
      for (const r of j.repairs || []) list.append(h('li', {}, 'Đã sửa: ' + r));
      for (const w of j.warnings || []) list.append(h('li', {}, (w.line ? `Dòng ${w.line}: ` : '') + w.message));
      $('import-summary').textContent = `Đã nhập ${file.name}` + (j.encoding ? ` (bảng mã ${j.encoding})` : '') +
        `: ${(j.repairs || []).length} chỗ đã sửa, ${(j.warnings || []).length} cảnh báo. Hãy đọc lại các trường trước khi tải văn bản.`;
      report.hidden = false;
      say(`Đã nhập ${file.name}.`);
      $('import-title').focus();
    } catch (e) {
      say(`Không nhập được ${file.name}: ${e.message}`, true);
    }
  }

  // ------------------------------------------------------------ start

  async function loadLayouts() {
    try {
      const res = await api('/v1/layouts');
      if (!res.ok) return;
      const layouts = await res.json();
      if (!Array.isArray(layouts)) return;
      const kind = $('f-kind');
      const known = new Set(Array.from(kind.options).map((o) => o.value));
      for (const l of layouts) {
        const titles = (l && l.titles) || {};
        for (const name of (l && l.kinds) || []) {
          if (typeof name !== 'string' || known.has(name)) continue;
          known.add(name);
          const t = typeof titles[name] === 'string' ? titles[name].toLocaleLowerCase('vi') : '';
          kind.append(h('option', { value: name }, t ? t.charAt(0).toLocaleUpperCase('vi') + t.slice(1) : name));
        }
      }
      if (layouts.length > 1) {
        const sel = $('f-layout');
        sel.replaceChildren(h('option', { value: '' }, 'Mặc định (nd30)'), layouts.map((l) => h('option', { value: l.name }, l.name)));
        sel.value = doc.layout;
        $('layout-field').hidden = false;
      }
    } catch (_) { /* the static list stays */ }
  }

  function bindActions() {
    $('btn-pdf').addEventListener('click', () => download('pdf'));
    $('btn-docx').addEventListener('click', () => download('docx'));
    $('btn-save').addEventListener('click', saveJson);
    $('btn-open').addEventListener('click', () => $('file-json').click());
    $('btn-import').addEventListener('click', () => $('file-import').click());
    $('file-json').addEventListener('change', (e) => { const f = e.target.files[0]; e.target.value = ''; if (f) openJson(f); });
    $('file-import').addEventListener('change', (e) => { const f = e.target.files[0]; e.target.value = ''; if (f) importFile(f); });
    $('btn-new').addEventListener('click', () => {
      if (!window.confirm('Xóa toàn bộ nội dung đang soạn để bắt đầu văn bản mới?')) return;
      doc = emptyDoc();
      $('import-report').hidden = true;
      fillStatic();
      renderDynamic();
      changed();
      $('f-kind').focus();
    });
    $('f-kind').addEventListener('change', () => { if (doc.kind === 'quyet-dinh') document.querySelector('details.more').open = true; });
    $('add-signer').addEventListener('click', () => {
      const s = { uid: uid(), authority: '', position: '', name: '', extra: {} };
      doc.signers.push(s);
      restructure(`[data-uid="${s.uid}"] input`);
    });
    $('add-appendix').addEventListener('click', () => {
      const a = { uid: uid(), label: '', title: '', attached_to: '', type_name: '', orientation: '', form: '', body: [newBlock('paragraph')], extra: {} };
      doc.appendices.push(a);
      restructure(`[data-uid="${a.uid}"] input`);
    });
    $('import-close').addEventListener('click', () => { $('import-report').hidden = true; $('btn-import').focus(); });
    $('prev-page').addEventListener('click', () => goPage(-1));
    $('next-page').addEventListener('click', () => goPage(1));
    $('zoom').addEventListener('change', () => { clearTimeout(timer); refresh(); });
    $('token-cancel').addEventListener('click', () => $('token-dialog').close('cancel'));
    form.addEventListener('input', changed);
    form.addEventListener('submit', (e) => e.preventDefault());
    document.addEventListener('keydown', (e) => {
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let act = null;
      if (ctrl && !e.shiftKey && key === 's') act = saveJson;
      else if (ctrl && !e.shiftKey && key === 'o') act = () => $('file-json').click();
      else if (ctrl && !e.shiftKey && key === 'i') act = () => $('file-import').click();
      else if (ctrl && e.key === 'Enter') act = () => download(e.shiftKey ? 'docx' : 'pdf');
      else if (e.altKey && e.key === 'PageDown') act = () => goPage(1);
      else if (e.altKey && e.key === 'PageUp') act = () => goPage(-1);
      if (act) { e.preventDefault(); act(); }
    });
    let resize = null;
    window.addEventListener('resize', () => { clearTimeout(resize); resize = setTimeout(() => { if ($('zoom').value === 'fit') refresh(); }, DEBOUNCE_MS); });
  }

  function start() {
    bindStatic();
    bindActions();
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || 'null'); } catch (_) { draft = null; }
    if (draft) {
      try { loadJson(draft); say('Đã mở lại bản nháp lần trước (lưu tự động trong trình duyệt).'); } catch (_) { doc = emptyDoc(); }
    }
    fillStatic();
    renderDynamic();
    pageInfo();
    loadLayouts();
    changed();
  }

  // For the browser test and for anyone at the console: the JSON the form builds.
  window.vanbanEditor = { json: buildJson, load: loadJson };
  start();
})();
