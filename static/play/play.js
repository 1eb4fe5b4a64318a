/* The participant page: join, then follow the round over Socket.IO /play.
   The server's clock decides; the countdown here is for display only. */
(function () {
  "use strict";
  const app = document.getElementById("app");
  const T = JSON.parse(document.getElementById("texts").textContent);
  const code = app.dataset.joinCode;
  const lang = app.dataset.lang;
  const KEY = "contest.token." + code;
  const $ = (id) => document.getElementById(id);
  const fmt = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => vars[k]);
  const LETTERS = "ABCDEF";

  let offset = 0;          // server clock minus local clock
  let question = null;     // the open question
  let answered = new Set();
  let chosen = new Set();
  let ticker = null;
  let socket = null;
  let my = { score: 0, rank: null };
  let revealedId = null;   // the question whose result is on screen

  function show(...ids) {
    for (const s of ["join", "wait", "question", "result"]) $(s).hidden = !ids.includes(s);
  }
  const serverNow = () => Date.now() + offset;

  /* ---- joining ---- */
  function setupJoin() {
    show("join");
    const form = $("join-form");
    const search = $("agency-search");
    if (search) setupAgencyPicker(search, form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      const body = { join_code: code };
      if (app.dataset.registration === "roster") body.official_code = data.official_code;
      else {
        if (!data.agency_id) { $("join-error").textContent = T.choose_agency; return; }
        body.name = data.name; body.agency_id = Number(data.agency_id);
      }
      $("join-error").textContent = "";
      const response = await fetch("/api/v1/join?lang=" + lang, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const reply = await response.json();
      if (!response.ok) { $("join-error").textContent = reply.message; return; }
      localStorage.setItem(KEY, reply.participant_token);
      localStorage.setItem(KEY + ".name", reply.name);
      connect(reply.participant_token);
    });
  }

  function setupAgencyPicker(search, form) {
    const results = $("agency-results");
    const choice = $("agency-choice");
    let pending = null;
    search.addEventListener("input", () => {
      clearTimeout(pending);
      pending = setTimeout(async () => {
        const q = search.value.trim();
        if (q.length < 2) { results.replaceChildren(); return; }
        const found = await (await fetch("/api/v1/agencies/search?q=" + encodeURIComponent(q))).json();
        results.replaceChildren(...(found.length ? found.map((a) => agencyItem(a)) : [note(T.no_agency)]));
      }, 250);
    });
    function agencyItem(agency) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = agency.path;
      button.addEventListener("click", () => {
        form.elements.agency_id.value = agency.agency_id;
        choice.textContent = agency.path + " ";
        const change = document.createElement("button");
        change.type = "button"; change.className = "link"; change.textContent = T.change;
        change.addEventListener("click", () => { choice.hidden = true; search.hidden = false; search.focus(); });
        choice.append(change);
        choice.hidden = false; search.hidden = true; results.replaceChildren();
      });
      li.append(button);
      return li;
    }
  }
  function note(text) { const li = document.createElement("li"); li.className = "muted"; li.textContent = text; return li; }

  /* ---- the round ---- */
  function connect(token) {
    show("wait");
    socket = io("/play", { auth: { token: token, lang: lang } });
    socket.on("connect", () => { $("conn").hidden = true; });
    socket.on("disconnect", () => { $("conn").hidden = false; });
    socket.on("connect_error", (err) => {
      if (err.data && err.data.error === "unauthorized") {
        localStorage.removeItem(KEY); socket.close(); setupJoin();
      } else { $("conn").hidden = false; }
    });
    socket.on("state", onState);
    socket.on("question", (q) => openQuestion(q));
    socket.on("reveal", onReveal);
    socket.on("finished", onFinished);
    if (window.contestSelfPaced) window.contestSelfPaced(socket, {
      T, show, $, fmt, serverNowRef: () => serverNow(),
      bestScore: (score) => { if (score > (my.score || 0)) { my = { ...my, score: score }; showMe(); } },
    });
  }

  function onState(state) {
    offset = state.server_ms - Date.now();
    if (state.my) { my = state.my; answered = new Set(state.my.answered || []); showMe(); }
    if (state.mode === "self_paced") return;  // handled by the self-paced script
    if (state.status === "lobby") { waitScreen(T.lobby, T.lobby_text); return; }
    if (state.status === "finished") { onFinished({ my: state.my || my }); return; }
    if (!state.question) return;
    if (state.status === "question") openQuestion(state.question, state.paused);
    else if (state.question.question_id !== revealedId) waitScreen(T.next_soon, "");
  }

  function showMe() {
    const name = localStorage.getItem(KEY + ".name") || "";
    $("me").hidden = false;
    $("me").textContent = name + (my.rank ? " · #" + my.rank : "") + " · " + my.score;
  }

  function waitScreen(title, text) {
    question = null; stopTicker(); show("wait");
    $("wait-title").textContent = title; $("wait-text").textContent = text;
  }

  function openQuestion(q, paused) {
    if (question && question.question_id === q.question_id && !$("question").hidden) {
      question = q;  // a resume moves the deadline
      const done = answered.has(q.question_id);
      setStatus(done ? T.recorded : paused ? T.paused : "", done ? "ok" : "");
      return;  // already on screen: keep what was picked
    }
    question = q; chosen = new Set(); show("question");
    $("q-index").textContent = fmt(T.question_of, { a: q.index + 1, b: q.total });
    $("q-text").textContent = q.text;
    $("q-hint").textContent = q.multiple ? T.pick_many : T.pick_one;
    $("q-send").hidden = !q.multiple;
    const done = answered.has(q.question_id);
    $("q-options").replaceChildren(...q.options.map((o, i) => optionButton(o, i, done)));
    setStatus(done ? T.recorded : paused ? T.paused : "", done ? "ok" : "");
    startTicker();
  }

  function optionButton(option, i, disabled) {
    const button = document.createElement("button");
    button.type = "button"; button.className = "option"; button.dataset.id = option.id;
    button.disabled = disabled;
    const letter = document.createElement("b"); letter.textContent = LETTERS[i];
    const text = document.createElement("span"); text.textContent = option.text;
    button.append(letter, text);
    button.addEventListener("click", () => pick(option.id, button));
    return button;
  }

  function pick(id, button) {
    if (!question || answered.has(question.question_id)) return;
    if (question.multiple) {
      chosen.has(id) ? chosen.delete(id) : chosen.add(id);
      button.classList.toggle("chosen", chosen.has(id));
      return;
    }
    chosen = new Set([id]); button.classList.add("chosen");
    send();
  }

  function send() {
    if (!question || !chosen.size) return;
    const q = question;
    lockOptions(true);
    setStatus(T.sending, "");
    socket.timeout(15000).emit("answer", { question_id: q.question_id, options: [...chosen] }, (err, ack) => {
      if (err) { lockOptions(false); setStatus(T.sending, ""); return setTimeout(send, 1000); }
      if (ack.ok || ack.error === "already_answered") {
        answered.add(q.question_id); setStatus(T.recorded, "ok");
      } else {
        setStatus(ack.message, "bad");
        if (ack.error !== "late") lockOptions(false);
      }
    });
  }

  function lockOptions(locked) {
    for (const b of $("q-options").children) b.disabled = locked;
    $("q-send").disabled = locked;
  }
  function setStatus(text, kind) { $("q-status").textContent = text; $("q-status").className = "status " + kind; }

  function startTicker() {
    stopTicker();
    const tick = () => {
      if (!question) return;
      const total = question.deadline_ms - question.opens_ms;
      const left = Math.max(0, question.deadline_ms - serverNow());
      $("q-timer").textContent = Math.ceil(left / 1000) + "s";
      $("q-timebar").style.width = (100 * left / total) + "%";
      if (left === 0) {
        stopTicker(); lockOptions(true);
        if (!answered.has(question.question_id)) setStatus(T.time_up, "bad");
        else setStatus(T.waiting_reveal, "ok");
      }
    };
    tick();
    ticker = setInterval(tick, 250);
  }
  function stopTicker() { if (ticker) clearInterval(ticker); ticker = null; }

  function onReveal(reveal) {
    stopTicker();
    const mine = reveal.my || {};
    revealedId = reveal.question_id;
    my = { score: mine.score, rank: mine.rank }; showMe();
    for (const b of $("q-options").children) {
      b.disabled = true;
      const right = reveal.correct.includes(Number(b.dataset.id));
      b.classList.toggle("correct", right);
      b.classList.toggle("wrong", !right && b.classList.contains("chosen"));
    }
    const wasAnswered = question && answered.has(question.question_id);
    setStatus("", "");
    show("result", "question");
    $("r-title").textContent = !wasAnswered ? T.no_answer : mine.correct ? T.right : T.wrong;
    $("r-title").className = mine.correct ? "ok" : "bad";
    $("r-points").textContent = fmt(T.points, { n: mine.points || 0 });
    $("r-score").textContent = scoreLine(mine);
  }

  function scoreLine(m) {
    return m.rank ? fmt(T.score_rank, { s: m.score, r: m.rank }) : fmt(T.score_only, { s: m.score || 0 });
  }

  function onFinished(finished) {
    stopTicker(); question = null; show("result");
    const m = finished.my || my;
    $("r-title").textContent = T.finished; $("r-title").className = "";
    $("r-points").textContent = scoreLine(m);
    $("r-score").textContent = T.thanks;
  }

  $("q-send").addEventListener("click", send);
  const saved = localStorage.getItem(KEY);
  if (saved) connect(saved); else setupJoin();
})();
