/* The display screen: lobby, question, reveal and leaderboard, driven by /display events.
   The server's clock decides: the countdown runs on server time (offset from `state`). */
(function () {
  "use strict";
  const { $, el, fmt, texts, clock, numbers } = window.Contest;
  const cfg = texts("display-config");
  const T = cfg.text;
  const LETTERS = "ABCDEFGHIJKL";
  const REVEAL_HOLD_MS = 6000;     // host-paced: the answer stays this long, then the board
  const num = numbers(cfg.lang);
  const serverClock = clock();

  const st = { round: null, question: null, reveal: null, board: null, joined: 0, answered: 0,
               baseline: null, boardAfter: 0, resyncAt: 0 };
  const same = (data) => st.round && data && data.round_id === st.round.round_id;

  /* ---- fitting text to the screen ----------------------------------------------------
     The largest scale (at most the design size) at which every box holds its content, by
     bisection. A box's need is the height of its children's own boxes, not scrollHeight:
     with many fonts the accents of Vietnamese letters reach above the line, and scrollHeight
     then exceeds clientHeight by a few pixels at every size. */
  function room(box) {
    const style = getComputedStyle(box);
    return box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  }
  function holds(box) {
    let need = 0;
    for (const child of box.children) need = Math.max(need, child.offsetHeight);
    return need <= room(box) + 1;
  }
  function fitTogether(textBox, items, textU, itemU) {
    const u = Math.min(window.innerHeight, window.innerWidth * 0.5625) / 100;
    const apply = (scale) => {
      textBox.style.fontSize = textU * scale * u + "px";
      for (const li of items) li.style.setProperty("--fit", scale);  // text, badge and padding shrink together
      items.forEach((li) => { li.style.fontSize = itemU * scale * u + "px"; });
    };
    const fitsAt = (scale) => { apply(scale); return holds(textBox) && items.every(holds); };
    if (fitsAt(1)) return 1;
    let low = 0.3, high = 1;
    for (let i = 0; i < 8; i++) {
      const mid = (low + high) / 2;
      if (fitsAt(mid)) low = mid; else high = mid;
    }
    apply(low);
    return low;
  }

  // --- events ---------------------------------------------------------------------
  function onState(s) {
    if (cfg.round && s.round_id !== cfg.round) return;  // pinned to one round
    if (!st.round || st.round.round_id !== s.round_id) {
      st.question = st.reveal = st.board = st.baseline = null;
      st.answered = 0;
    }
    st.round = s;
    serverClock.sync(s.server_ms);
    if (typeof s.joined === "number") st.joined = s.joined;
    if (s.question) takeQuestion(s.question);
    if (s.status === "reveal" && s.reveal && !st.reveal) takeReveal(s.reveal);
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
    const r = st.round;
    if (r && r.advance === "auto") {
      const pause = r.reveal_seconds * 1000;
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
    if (typeof b.joined === "number") st.joined = b.joined;
    if (document.body.dataset.view === "lobby") renderLobbyFigures();
    renderBoard();
    if (viewFor() !== document.body.dataset.view) render();
  }

  /* A board of another round while this screen has nothing running: the organiser moved
     on to a new round; connecting again makes the server send its `state`. */
  function resyncFor(b) {
    const idle = !st.round || st.round.status === "finished";
    if (!b || !idle || Date.now() < st.resyncAt) return;
    st.resyncAt = Date.now() + 5000;
    socket.disconnect().connect();
  }

  // --- views ----------------------------------------------------------------------
  function viewFor() {
    const r = st.round;
    if (!r) return "waiting";
    if (r.status === "lobby") return "lobby";
    if (r.status === "question" && st.question) return "question";
    if (r.status === "reveal" && st.reveal && (Date.now() < st.boardAfter || !st.board)) return "reveal";
    return st.board ? "board" : (r.status === "reveal" && st.question ? "question" : "waiting");
  }

  function render() {
    const view = viewFor();
    document.body.dataset.view = view;
    renderHeader(view);
    if (view === "lobby") renderLobby();
    if (view === "question") renderQuestion();
    if (view === "reveal") renderReveal();
    if (view === "board") renderBoard();
    tick();
  }

  function renderHeader(view) {
    const r = st.round, q = st.question;
    if (!r) return;
    $("contest-title").textContent = r.contest_title || "";
    $("round-title").textContent = r.title || "";
    let chip = { lobby: T.lobby, question: T.live, reveal: T.reveal, finished: T.finished, open: T.open }[r.status];
    if (view === "board" && q && r.status !== "finished") chip = T.question + " " + (q.index + 1) + " / " + q.total;
    if (r.status === "open") chip = T.joinCode + ": " + r.join_code;
    $("chip").textContent = r.paused ? T.paused : (chip || "");
  }

  function renderLobby() {
    const r = st.round, qr = $("qr");
    const src = cfg.qrUrl + "?round=" + r.round_id;
    if (qr.getAttribute("src") !== src) qr.setAttribute("src", src);
    $("join-code").textContent = r.join_code;
    $("join-url").textContent = cfg.joinBase.replace(/^https?:\/\//, "") + "/join/" + r.join_code;
    renderLobbyFigures();
  }

  function renderLobbyFigures() {
    $("joined-count").textContent = num.whole.format(st.joined);
    const list = $("lobby-agencies");
    const rows = st.board ? st.board.agencies.slice() : [];
    rows.sort((a, b) => (b.participation_rate || 0) - (a.participation_rate || 0) || b.participants - a.participants);
    const most = Math.max(1, ...rows.map((a) => a.participants));
    list.replaceChildren(...rows.slice(0, 12).map((a) => {
      const fill = el("div", { class: "fill" });
      const share = a.participation_rate !== null ? Math.min(a.participation_rate, 1) : a.participants / most;
      fill.style.width = (share * 100).toFixed(1) + "%";
      return el("li", {}, el("span", { class: "name", text: a.name }), el("span", { class: "num", text: countOf(a) }),
                el("div", { class: "track" }, fill));
    }));
    // as many bars as the list's box holds (measured by the bars' own boxes), then one line for the rest
    const more = el("li", { class: "more" });
    const rest = () => rows.length - (list.children.length - 1);
    const bottom = list.getBoundingClientRect().bottom + 1;
    list.append(more);
    more.textContent = fmt(T.moreAgencies, { n: rest() });
    while (list.children.length > 1 && more.getBoundingClientRect().bottom > bottom) {
      list.removeChild(more.previousSibling);
      more.textContent = fmt(T.moreAgencies, { n: rest() });
    }
    if (rest() === 0) more.remove();
  }

  function countOf(a) {
    const n = num.whole.format(a.participants);
    if (a.headcount === null) return n;
    return n + " / " + num.whole.format(a.headcount) + (a.participation_rate !== null ? " · " + num.percent.format(a.participation_rate) : "");
  }

  function renderQuestion() {
    const q = st.question;
    $("q-index").textContent = T.question + " " + (q.index + 1) + " / " + q.total;
    $("q-text-body").textContent = q.text;
    const list = $("q-options");
    list.replaceChildren(...q.options.map((o, i) =>
      el("li", {}, el("span", { class: "letter", text: LETTERS[i] }), el("span", { class: "text", text: o.text }))));
    $("q-multiple").hidden = !q.multiple;
    fitTogether($("q-text"), [...list.children], 6.5, 4.6);
    renderTally();
  }

  function renderTally() {
    const of = Math.max(st.joined, st.answered);
    $("answered").textContent = num.whole.format(st.answered);
    $("answered-of").textContent = num.whole.format(of);
    $("answered-fill").style.width = (of ? st.answered / of * 100 : 0) + "%";
  }

  function renderReveal() {
    const q = st.question, r = st.reveal;
    const correct = r.correct.map(String);
    const total = q.options.reduce((sum, o) => sum + (r.distribution[String(o.id)] || 0), 0);
    $("reveal-letters").textContent = q.options.map((o, i) => (correct.includes(String(o.id)) ? LETTERS[i] : null))
      .filter(Boolean).join(", ");
    $("reveal-text-body").textContent = q.text;
    const list = $("reveal-options");
    list.replaceChildren(...q.options.map((o, i) => {
      const n = r.distribution[String(o.id)] || 0, share = total ? n / total : 0;
      const right = correct.includes(String(o.id));
      const fill = el("div", { class: "fill" });
      fill.style.width = (share * 100).toFixed(1) + "%";
      return el("li", { class: right ? "correct" : "" },
        el("span", { class: "letter", text: LETTERS[i] }),
        el("div", { class: "body" }, el("span", { class: "text", text: o.text }), el("div", { class: "track" }, fill)),
        el("span", { class: "count", text: num.whole.format(n) }, el("small", { text: num.percent.format(share) })));
    }));
    fitTogether($("reveal-text"), [...list.children], 4.6, 3.8);
  }

  // --- leaderboard (board.js) ----------------------------------------------------
  const board = window.DisplayBoard(T, num);

  function renderBoard() {
    if (st.board) board.render(st.board, st.baseline, st.round && st.round.status === "finished");
  }

  // --- clock ----------------------------------------------------------------------
  function tick() {
    const view = viewFor();
    if (view !== document.body.dataset.view) return render();
    if (view !== "question") return;
    const q = st.question, r = st.round, box = $("countdown");
    const left = q.deadline_ms - serverClock.now(), span = Math.max(q.deadline_ms - q.opens_ms, 1);
    box.classList.toggle("word", r.paused || left <= 0);
    box.classList.toggle("ending", !r.paused && left > 0 && left <= 5000);
    box.textContent = r.paused ? T.paused : left <= 0 ? T.timeUp : String(Math.ceil(left / 1000));
    if (!r.paused) $("timebar").style.transform = "scaleX(" + Math.max(0, Math.min(1, left / span)) + ")";
  }

  // --- connection -----------------------------------------------------------------
  const socket = io("/display", { auth: { display_token: cfg.token, agency: cfg.agency, round: cfg.round, lang: cfg.lang } });
  socket.on("connect", () => {
    $("offline").hidden = true;
    if (!st.round) $("waiting-text").textContent = T.noRound;
  });
  socket.on("disconnect", () => { $("offline").hidden = false; });
  socket.on("connect_error", (err) => {
    if (err && err.data && err.data.message) $("waiting-text").textContent = T.refused + " " + err.data.message;
    $("offline").hidden = !st.round;
  });
  socket.on("state", onState);
  socket.on("question", onQuestion);
  socket.on("reveal", onReveal);
  socket.on("tally", onTally);
  socket.on("leaderboard", onBoard);
  setInterval(tick, 200);
  window.addEventListener("resize", render);
  if (document.fonts) document.fonts.ready.then(render);  // a late font changes every measure
})();
