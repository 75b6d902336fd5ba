// camaudit report: the device table. Reads the device data embedded as JSON (a
// data block of type application/json: never executed, and every '<' in it is
// escaped) and renders one page at a time, so a 100,000-device report opens at once.
// All device text goes into the page through textContent, never as markup.
(function () {
  'use strict';
  var block = document.getElementById('device-data');
  if (!block) return;
  var raw = JSON.parse(block.textContent);
  var S = raw.s, D = raw.d, X = raw.x;
  var SEV = ['info', 'low', 'medium', 'high', 'critical'];
  var C = { ip: 0, maker: 1, label: 2, model: 3, firmware: 4, built: 5, serial: 6, mac: 7, type: 8, caps: 9, conf: 10, flags: 11, worst: 12, nf: 13, band: 14 };
  var F_RESTRICTED = 1, F_KEV = 2, F_BIO = 4;

  function str(i) { return i < 0 ? '' : S[i]; }
  var lowerS = S.map(function (t) { return t.toLowerCase(); });
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function ipKey(t) {
    var p = t.split('.');
    if (p.length !== 4) return -1;
    return ((+p[0]) * 16777216) + ((+p[1]) * 65536) + ((+p[2]) * 256) + (+p[3]);
  }
  var ipKeys = D.map(function (r) { return ipKey(str(r[C.ip])); });
  var hay = null;  // lower-case search text per device, built on first search
  function haystack(i) {
    if (!hay) hay = D.map(function (r) {
      return [C.ip, C.maker, C.label, C.model, C.firmware, C.serial, C.mac, C.type, C.caps].map(function (c) { return lowerS[r[c]] || ''; }).join('\n');
    });
    return hay[i];
  }

  var state = { q: '', maker: -1, type: -1, sev: -1, flags: 0, sort: 'ip', dir: 1, page: 0, size: 50 };
  var open = {};
  var view = [];

  // ---- filters ---------------------------------------------------------------------
  function fillSelect(id, column, all) {
    var counts = {};
    D.forEach(function (r) { counts[r[column]] = (counts[r[column]] || 0) + 1; });
    var keys = Object.keys(counts).map(Number).sort(function (a, b) { return counts[b] - counts[a]; });
    var sel = document.getElementById(id);
    sel.appendChild(new Option(all, '-1'));
    keys.forEach(function (k) { sel.appendChild(new Option((k < 0 ? '(unknown)' : str(k)) + ' (' + counts[k] + ')', String(k))); });
    return sel;
  }
  function matches(i) {
    var r = D[i];
    if (state.maker !== -1 && r[C.maker] !== state.maker) return false;
    if (state.type !== -1 && r[C.type] !== state.type) return false;
    if (state.sev !== -1 && r[C.worst] < state.sev) return false;
    if ((r[C.flags] & state.flags) !== state.flags) return false;
    return !state.q || haystack(i).indexOf(state.q) !== -1;
  }
  function compare(a, b) {
    var ra = D[a], rb = D[b], x, y;
    switch (state.sort) {
      case 'ip': x = ipKeys[a]; y = ipKeys[b]; if (x === y) { x = str(ra[C.ip]); y = str(rb[C.ip]); } break;
      case 'conf': x = ra[C.conf]; y = rb[C.conf]; break;
      case 'worst': x = ra[C.worst]; y = rb[C.worst]; break;
      case 'nf': x = ra[C.nf]; y = rb[C.nf]; break;
      case 'flags': x = ra[C.flags]; y = rb[C.flags]; break;
      default: x = lowerS[ra[C[state.sort]]] || ''; y = lowerS[rb[C[state.sort]]] || '';
    }
    if (x < y) return -state.dir;
    if (x > y) return state.dir;
    return a - b;
  }
  function refilter() {
    view = [];
    for (var i = 0; i < D.length; i++) if (matches(i)) view.push(i);
    view.sort(compare);
    state.page = 0;
    render();
  }

  // ---- rendering -------------------------------------------------------------------
  function pill(cls, text) { return el('span', 'pill ' + cls, text); }
  function flagsCell(r) {
    var td = el('td');
    if (r[C.flags] & F_RESTRICTED) td.appendChild(pill('restricted', 'restricted'));
    if (r[C.flags] & F_KEV) { td.appendChild(document.createTextNode(' ')); td.appendChild(pill('kev', 'KEV')); }
    if (r[C.flags] & F_BIO) { td.appendChild(document.createTextNode(' ')); td.appendChild(pill('bio', 'biometric')); }
    return td;
  }
  function row(i) {
    var r = D[i];
    var tr = el('tr', 'dev' + (open[i] ? ' open' : ''));
    tr.tabIndex = 0;
    tr.setAttribute('data-i', String(i));
    tr.setAttribute('aria-expanded', open[i] ? 'true' : 'false');
    tr.appendChild(el('td', 'mono', str(r[C.ip])));
    tr.appendChild(el('td', '', str(r[C.maker])));
    tr.appendChild(el('td', 'opt', str(r[C.label])));
    tr.appendChild(el('td', '', str(r[C.model])));
    tr.appendChild(el('td', 'opt', str(r[C.type])));
    tr.appendChild(el('td', 'opt mono', str(r[C.firmware])));
    tr.appendChild(el('td', 'opt', str(r[C.built])));
    tr.appendChild(flagsCell(r));
    var worst = el('td');
    if (r[C.worst] >= 0) worst.appendChild(pill(SEV[r[C.worst]], SEV[r[C.worst]]));
    tr.appendChild(worst);
    tr.appendChild(el('td', 'num', r[C.nf]));
    tr.appendChild(el('td', 'num opt', r[C.conf].toFixed(2)));
    return tr;
  }
  function kv(list, key, value) {
    if (!value) return;
    var li = el('li');
    li.appendChild(el('b', '', key + ': '));
    li.appendChild(document.createTextNode(value));
    list.appendChild(li);
  }
  function evidenceTable(items) {
    var t = el('table');
    var h = el('tr');
    ['attribute', 'value', 'certainty', 'field', 'matched', 'rule', 'kb', 'obs'].forEach(function (c) { h.appendChild(el('th', '', c)); });
    t.appendChild(el('thead')).appendChild(h);
    var body = el('tbody');
    items.forEach(function (e) {
      var tr = el('tr');
      tr.appendChild(el('td', '', str(e[0])));
      tr.appendChild(el('td', 'mono', str(e[1])));
      tr.appendChild(el('td', 'num', e[2].toFixed(2)));
      tr.appendChild(el('td', 'mono', str(e[3])));
      tr.appendChild(el('td', 'mono', str(e[4])));
      tr.appendChild(el('td', 'mono', str(e[5])));
      tr.appendChild(el('td', 'mono', str(e[6])));
      tr.appendChild(el('td', 'num', e[7] < 0 ? '' : e[7]));
      body.appendChild(tr);
    });
    t.appendChild(body);
    var wrap = el('div', 'scroll');
    wrap.appendChild(t);
    return wrap;
  }
  function findingBox(f) {
    var box = el('div', 'finding ' + SEV[f[2]]);
    var head = el('div');
    head.appendChild(pill(SEV[f[2]], SEV[f[2]]));
    if (f[9]) { head.appendChild(document.createTextNode(' ')); head.appendChild(pill('kev', 'KEV')); }
    head.appendChild(document.createTextNode(' ' + str(f[0]) + ' · '));
    head.appendChild(el('b', 'mono', str(f[1])));
    head.appendChild(document.createTextNode(' · ' + str(f[3]) + ' · confidence ' + f[5].toFixed(2)));
    box.appendChild(head);
    box.appendChild(el('div', '', str(f[4])));
    var meta = el('div', 'note');
    meta.textContent = 'rule ' + str(f[6]) + (f[7] >= 0 ? ' (' + str(f[7]) + ')' : '') + (f[8] >= 0 ? ' · cites ' + str(f[8]) : '');
    box.appendChild(meta);
    return box;
  }
  function detail(i) {
    var x = X[i], r = D[i];
    var tr = el('tr', 'detail');
    var td = el('td');
    td.colSpan = 11;
    var facts = el('ul');
    kv(facts, 'serial', str(r[C.serial]));
    kv(facts, 'MAC', str(r[C.mac]));
    kv(facts, 'capabilities', str(r[C.caps]));
    kv(facts, 'rights impact', str(r[C.band]));
    kv(facts, 'answered on', str(x[3]));
    kv(facts, 'restricted because', str(x[4]));
    kv(facts, 'notes', str(x[5]));
    td.appendChild(facts);
    td.appendChild(el('h4', '', 'Findings (' + x[1].length + ')'));
    if (x[1].length) x[1].forEach(function (f) { td.appendChild(findingBox(f)); });
    else td.appendChild(el('div', 'note', r[C.flags] & F_RESTRICTED ? 'Not assessed against a profile.' : 'No findings.'));
    td.appendChild(el('h4', '', 'Evidence (' + x[0].length + ')'));
    if (x[0].length) td.appendChild(evidenceTable(x[0]));
    if (x[2].length) {
      td.appendChild(el('h4', '', 'Conflicting values'));
      var ul = el('ul');
      x[2].forEach(function (c) { ul.appendChild(el('li', '', str(c[0]) + ' = ' + str(c[1]) + ' (certainty ' + c[2].toFixed(2) + ', rules ' + str(c[3]) + ')')); });
      td.appendChild(ul);
    }
    tr.appendChild(td);
    return tr;
  }
  var tbody = document.querySelector('#devices tbody');
  var status = document.getElementById('page-status');
  var prev = document.getElementById('page-prev'), next = document.getElementById('page-next');
  function render() {
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * state.size, to = Math.min(view.length, from + state.size);
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) {
      frag.appendChild(row(view[k]));
      if (open[view[k]]) frag.appendChild(detail(view[k]));
    }
    if (!view.length) {
      var empty = el('tr');
      var td = el('td', 'empty', 'No device matches these filters.');
      td.colSpan = 11;
      empty.appendChild(td);
      frag.appendChild(empty);
    }
    tbody.textContent = '';
    tbody.appendChild(frag);
    status.textContent = view.length ? ('Devices ' + (from + 1).toLocaleString() + '–' + to.toLocaleString() + ' of ' + view.length.toLocaleString() +
      (view.length !== D.length ? ' (filtered from ' + D.length.toLocaleString() + ')' : '')) : '0 of ' + D.length.toLocaleString();
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    document.querySelectorAll('#devices th[data-col]').forEach(function (th) {
      th.classList.remove('asc', 'desc');
      if (th.getAttribute('data-col') === state.sort) th.classList.add(state.dir > 0 ? 'asc' : 'desc');
    });
  }

  // ---- events ----------------------------------------------------------------------
  fillSelect('f-maker', C.maker, 'All makers').addEventListener('change', function (e) { state.maker = +e.target.value; refilter(); });
  fillSelect('f-type', C.type, 'All types').addEventListener('change', function (e) { state.type = +e.target.value; refilter(); });
  document.getElementById('f-sev').addEventListener('change', function (e) { state.sev = +e.target.value; refilter(); });
  document.getElementById('f-size').addEventListener('change', function (e) { state.size = +e.target.value; state.page = 0; render(); });
  var timer = 0;
  document.getElementById('f-q').addEventListener('input', function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value.trim().toLowerCase(); refilter(); }, 120);
  });
  [['f-restricted', F_RESTRICTED], ['f-kev', F_KEV], ['f-bio', F_BIO]].forEach(function (p) {
    document.getElementById(p[0]).addEventListener('change', function (e) {
      state.flags = e.target.checked ? (state.flags | p[1]) : (state.flags & ~p[1]);
      refilter();
    });
  });
  document.querySelectorAll('#devices th[data-col]').forEach(function (th) {
    th.addEventListener('click', function () {
      var col = th.getAttribute('data-col');
      state.dir = state.sort === col ? -state.dir : (col === 'worst' || col === 'nf' || col === 'flags' ? -1 : 1);
      state.sort = col;
      view.sort(compare);
      state.page = 0;
      render();
    });
  });
  prev.addEventListener('click', function () { state.page--; render(); });
  next.addEventListener('click', function () { state.page++; render(); });
  function toggle(target) {
    var tr = target.closest('tr.dev');
    if (!tr) return;
    var i = +tr.getAttribute('data-i');
    if (open[i]) delete open[i]; else open[i] = true;
    render();
  }
  tbody.addEventListener('click', function (e) { if (!e.target.closest('tr.detail')) toggle(e.target); });
  tbody.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(e.target); } });
  document.body.classList.add('js');
  refilter();
})();
