/* The display screen: lobby, question, reveal and leaderboard, driven by /display events.
   The server's clock decides: the countdown runs on server time (offset from `state`). */
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('display-config').textContent);
  var T = cfg.text;
  var LETTERS = 'ABCDEFGHIJKL';
  var REVEAL_HOLD_MS = 6000;     // host-paced: the answer stays this long, then the board
  var locale = cfg.lang === 'en' ? 'en-GB' : 'vi-VN';
  var whole = new Intl.NumberFormat(locale);
  var oneDecimal = new Intl.NumberFormat(locale, {minimumFractionDigits: 1, maximumFractionDigits: 1});
  var percent = new Intl.NumberFormat(locale, {style: 'percent', maximumFractionDigits: 0});

  var st = {round: null, offset: 0, question: null, reveal: null, board: null, joined: 0, answered: 0,
            baseline: null, boardAfter: 0, resyncAt: 0};

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function unit() { return Math.min(window.innerHeight, window.innerWidth * 0.5625) / 100; }
  function serverNow() { return Date.now() + st.offset; }
  function same(data) { return st.round && data && data.round_id === st.round.round_id; }

  /* Shrink a question and its options together until all of them fit their boxes
     (long legal questions, six options): the question gives up room before the options. */
  function fitTogether(textNode, items, textU, itemU) {
    var u = unit(), scale = 1;
    function overflows(node) { return node.scrollHeight > node.clientHeight + 1; }
    do {
      textNode.style.fontSize = textU * scale * u + 'px';
      items.forEach(function (li) {
        li.style.setProperty('--fit', scale);  // the letter badge and padding shrink with the text
        li.querySelector('.text').style.fontSize = itemU * scale * u + 'px';
      });
      scale -= 0.03;
    } while (scale > 0.45 && (overflows(textNode) || items.some(overflows)));
  }

  // --- events ---------------------------------------------------------------------
  function onState(s) {
    if (cfg.round && s.round_id !== cfg.round) return;  // pinned to one round
    if (!st.round || st.round.round_id !== s.round_id) {
      st.question = st.reveal = st.board = st.baseline = null;
      st.answered = 0;
    }
    st.round = s;
    st.offset = s.server_ms - Date.now();
    if (typeof s.joined === 'number') st.joined = s.joined;
    if (s.question) takeQuestion(s.question);
    if (s.status === 'reveal' && s.reveal && !st.reveal) takeReveal(s.reveal);
    render();
  }

  function takeQuestion(q) {
    if (st.question && st.question.question_id === q.question_id) { st.question = q; return; }
    // rank changes are shown against the board as it stood when this question opened
    st.baseline = q.index > 0 && st.board ? board.ranksOf(st.board) : null;
    st.question = q;
    st.reveal = null;
    st.answered = 0;
  }

  function takeReveal(r) {
    st.reveal = r;
    st.boardAfter = Date.now() + revealHold();
  }

  function revealHold() {
    var r = st.round;
    if (r && r.advance === 'auto') {
      var pause = r.reveal_seconds * 1000;
      return pause >= 8000 ? Math.max(4000, pause / 2) : pause + 60000;
    }
    return REVEAL_HOLD_MS;
  }

  function onQuestion(q) { if (same(q)) { takeQuestion(q); render(); } }
  function onReveal(r) { if (same(r)) { takeReveal(r); render(); } }
  function onTally(t) {
    if (!same(t)) return;
    st.answered = t.answered;
    st.joined = t.joined;
    renderTally();
  }
  function onBoard(b) {
    if (!same(b)) return resyncFor(b);
    st.board = b;
    if (typeof b.joined === 'number') st.joined = b.joined;
    renderLobbyFigures();
    renderBoard();
    if (viewFor() !== document.body.dataset.view) render();
  }

  /* A board of another round while this screen has nothing running: the organiser moved
     on to a new round; connecting again makes the server send its `state`. */
  function resyncFor(b) {
    var idle = !st.round || st.round.status === 'finished';
    if (!b || !idle || Date.now() < st.resyncAt) return;
    st.resyncAt = Date.now() + 5000;
    socket.disconnect().connect();
  }

  // --- views ----------------------------------------------------------------------
  function viewFor() {
    var r = st.round;
    if (!r) return 'waiting';
    if (r.status === 'lobby') return 'lobby';
    if (r.status === 'question' && st.question) return 'question';
    if (r.status === 'reveal' && st.reveal && (Date.now() < st.boardAfter || !st.board)) return 'reveal';
    return st.board ? 'board' : (r.status === 'reveal' && st.question ? 'question' : 'waiting');
  }

  function render() {
    var view = viewFor();
    document.body.dataset.view = view;
    renderHeader(view);
    if (view === 'lobby') renderLobby();
    if (view === 'question') renderQuestion();
    if (view === 'reveal') renderReveal();
    if (view === 'board') renderBoard();
    tick();
  }

  function renderHeader(view) {
    var r = st.round, q = st.question;
    if (!r) return;
    $('contest-title').textContent = r.contest_title || '';
    $('round-title').textContent = r.title || '';
    var chip = {lobby: T.lobby, question: T.live, reveal: T.reveal, finished: T.finished, open: T.open}[r.status];
    if (view === 'board' && q && r.status !== 'finished') chip = T.question + ' ' + (q.index + 1) + ' / ' + q.total;
    if (r.status === 'open') chip = T.joinCode + ': ' + r.join_code;
    $('chip').textContent = r.paused ? T.paused : (chip || '');
  }

  function renderLobby() {
    var r = st.round, qr = $('qr');
    var src = cfg.qrUrl + '?round=' + r.round_id;
    if (qr.getAttribute('src') !== src) qr.setAttribute('src', src);
    $('join-code').textContent = r.join_code;
    $('join-url').textContent = cfg.joinBase.replace(/^https?:\/\//, '') + '/join/' + r.join_code;
    renderLobbyFigures();
  }

  function renderLobbyFigures() {
    $('joined-count').textContent = whole.format(st.joined);
    var list = $('lobby-agencies');
    var rows = st.board ? st.board.agencies.slice() : [];
    rows.sort(function (a, b) {
      return (b.participation_rate || 0) - (a.participation_rate || 0) || b.participants - a.participants;
    });
    var most = Math.max.apply(null, [1].concat(rows.map(function (a) { return a.participants; })));
    list.replaceChildren.apply(list, rows.slice(0, 12).map(function (a) {
      var li = el('li'), track = el('div', 'track'), fill = el('div', 'fill');
      var share = a.participation_rate !== null ? Math.min(a.participation_rate, 1) : a.participants / most;
      li.append(el('span', 'name', a.name), el('span', 'num', countOf(a)));
      fill.style.width = (share * 100).toFixed(1) + '%';
      track.append(fill);
      li.append(track);
      return li;
    }));
    // as many bars as the screen holds, then one line for the rest
    var more = el('li', 'more');
    list.append(more);
    while (list.children.length > 1 && (list.scrollHeight > list.clientHeight + 1 || list.children.length > 8)) {
      list.removeChild(more.previousSibling);
      more.textContent = T.moreAgencies.replace('{n}', rows.length - list.children.length + 1);
    }
    if (list.children.length - 1 >= rows.length) list.removeChild(more);
  }

  function countOf(a) {
    var n = whole.format(a.participants);
    if (a.headcount === null) return n;
    return n + ' / ' + whole.format(a.headcount) + (a.participation_rate !== null ? ' · ' + percent.format(a.participation_rate) : '');
  }

  function renderQuestion() {
    var q = st.question;
    $('q-index').textContent = T.question + ' ' + (q.index + 1) + ' / ' + q.total;
    $('q-text').textContent = q.text;
    var list = $('q-options');
    list.replaceChildren.apply(list, q.options.map(function (o, i) {
      var li = el('li');
      li.append(el('span', 'letter', LETTERS[i]), el('span', 'text', o.text));
      return li;
    }));
    $('q-multiple').hidden = !q.multiple;
    fitTogether($('q-text'), Array.prototype.slice.call(list.children), 6, 4.2);
    renderTally();
  }

  function renderTally() {
    var of = Math.max(st.joined, st.answered);
    $('answered').textContent = whole.format(st.answered);
    $('answered-of').textContent = whole.format(of);
    $('answered-fill').style.width = (of ? st.answered / of * 100 : 0) + '%';
  }

  function renderReveal() {
    var q = st.question, r = st.reveal;
    var correct = r.correct.map(String), total = 0;
    q.options.forEach(function (o) { total += r.distribution[String(o.id)] || 0; });
    $('reveal-letters').textContent = q.options.map(function (o, i) {
      return correct.indexOf(String(o.id)) >= 0 ? LETTERS[i] : null;
    }).filter(Boolean).join(', ');
    $('reveal-text').textContent = q.text;
    var list = $('reveal-options');
    list.replaceChildren.apply(list, q.options.map(function (o, i) {
      var n = r.distribution[String(o.id)] || 0, share = total ? n / total : 0;
      var li = el('li', correct.indexOf(String(o.id)) >= 0 ? 'correct' : '');
      var track = el('div', 'track'), fill = el('div', 'fill'), count = el('span', 'count', whole.format(n));
      fill.style.width = (share * 100).toFixed(1) + '%';
      track.append(fill);
      count.append(el('small', null, percent.format(share)));
      li.append(el('span', 'letter', LETTERS[i]), el('span', 'text', o.text), count, track);
      return li;
    }));
    fitTogether($('reveal-text'), Array.prototype.slice.call(list.children), 4.4, 3.6);
  }

  // --- leaderboard (board.js) ----------------------------------------------------
  var board = window.DisplayBoard(T, {el: el, whole: whole, oneDecimal: oneDecimal, percent: percent});

  function renderBoard() {
    if (st.board) board.render(st.board, st.baseline, st.round && st.round.status === 'finished');
  }

  // --- clock ----------------------------------------------------------------------
  function tick() {
    var view = viewFor();
    if (view !== document.body.dataset.view) return render();
    if (view !== 'question') return;
    var q = st.question, r = st.round, box = $('countdown');
    var left = q.deadline_ms - serverNow(), span = Math.max(q.deadline_ms - q.opens_ms, 1);
    box.classList.toggle('word', r.paused || left <= 0);
    box.classList.toggle('ending', !r.paused && left > 0 && left <= 5000);
    box.textContent = r.paused ? T.paused : left <= 0 ? T.timeUp : String(Math.ceil(left / 1000));
    if (!r.paused) $('timebar').style.transform = 'scaleX(' + Math.max(0, Math.min(1, left / span)) + ')';
  }

  // --- connection -----------------------------------------------------------------
  var socket = io('/display', {auth: {display_token: cfg.token, agency: cfg.agency, round: cfg.round, lang: cfg.lang}});
  socket.on('connect', function () {
    $('offline').hidden = true;
    if (!st.round) $('waiting-text').textContent = T.noRound;
  });
  socket.on('disconnect', function () { $('offline').hidden = false; });
  socket.on('connect_error', function (err) {
    if (err && err.data && err.data.message) $('waiting-text').textContent = T.refused + ' ' + err.data.message;
    $('offline').hidden = !st.round;
  });
  socket.on('state', onState);
  socket.on('question', onQuestion);
  socket.on('reveal', onReveal);
  socket.on('tally', onTally);
  socket.on('leaderboard', onBoard);
  setInterval(tick, 200);
  window.addEventListener('resize', function () { render(); });
})();
