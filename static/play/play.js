/* The participant page: join, then follow the round over Socket.IO /play.
   The server's clock decides; the countdown here is for display only. */
(function () {
  "use strict";
  const { $, el, fmt, texts, clock, countdown, request } = window.Contest;
  const app = $("app");
  const T = texts("texts");
  const code = app.dataset.joinCode;
  const lang = app.dataset.lang;
  const KEY = "contest.token." + code;
  const LETTERS = "ABCDEFGHIJ";
  const serverClock = clock();

  let question = null;     // the question on screen
  let durationMs = 0;      // its full time, kept across a pause (the deadline moves on resume)
  let answered = new Set();
  let chosen = new Set();
  let socket = null;
  let my = { score: 0, rank: null };
  let revealedId = null;   // the question whose result is on screen
  let paused = false;

  function show(...ids) {
    for (const s of ["join", "wait", "question", "result"]) $(s).hidden = !ids.includes(s);
    $("switch").hidden = ids.includes("join") || !localStorage.getItem(KEY);
  }
  /* Keyboard and screen-reader users land on the new screen's heading. */
  const focus = (id) => { const node = $(id); if (node && document.activeElement !== node) node.focus({ preventScroll: true }); };

  /* ---- joining ---- */
  function setupJoin() {
    if (app.dataset.closed) { waitScreen(T.finished, T.closed_text); return; }
    show("join");
    const form = $("join-form");
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    const search = $("agency-search");
    if (search) setupAgencyPicker(search, form);
    form.addEventListener("submit", (event) => { event.preventDefault(); join(form); });
  }

  function joinBody(form) {
    const data = Object.fromEntries(new FormData(form));
    const body = { join_code: code };
    if (app.dataset.registration === "roster") {
      if (!(data.official_code || "").trim()) return { error: T.need_code, field: "official_code" };
      if (!(data.pin || "").trim()) return { error: T.need_pin, field: "pin" };
      return { body: { ...body, official_code: data.official_code.trim(), pin: data.pin.trim() } };
    }
    if ((data.name || "").trim().length < 2) return { error: T.need_name, field: "name" };
    if (!data.agency_id) return { error: T.choose_agency, field: "agency-search" };
    return { body: { ...body, name: data.name, agency_id: Number(data.agency_id) } };
  }

  async function join(form) {
    const error = $("join-error"), button = $("join-send");
    const built = joinBody(form);
    if (built.error) { error.textContent = built.error; fieldFocus(form, built.field); return; }
    error.textContent = ""; button.disabled = true; button.textContent = T.joining;
    const reply = await request("/api/v1/join?lang=" + lang, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(built.body),
    });
    button.disabled = false; button.textContent = button.dataset.label;
    if (!reply.ok) {
      error.textContent = failure(reply);
      if (reply.body && reply.body.error === "not_open") { app.dataset.closed = "1"; setupJoin(); }
      else if (reply.body && reply.body.field) fieldFocus(form, reply.body.field === "agency_id" ? "agency-search" : reply.body.field);
      return;
    }
    localStorage.setItem(KEY, reply.body.participant_token);
    localStorage.setItem(KEY + ".name", reply.body.name || "");
    connect(reply.body.participant_token);
  }

  function fieldFocus(form, field) {
    const node = form.elements[field] || $(field);
    if (node && !node.hidden) node.focus();
  }

  /* What went wrong, in words: no network, too many requests, or the server's message. */
  function failure(reply) {
    if (reply.offline) return T.offline;
    if (reply.status === 429) return reply.retryAfter ? fmt(T.try_later, { s: reply.retryAfter }) : T.try_later_soon;
    return (reply.body && reply.body.message) || T.offline;
  }

  function setupAgencyPicker(search, form) {
    const results = $("agency-results");
    const choice = $("agency-choice");
    let pending = null, asked = 0;
    search.addEventListener("input", () => {
      clearTimeout(pending);
      pending = setTimeout(() => find(search.value.trim()), 250);
    });
    search.addEventListener("keydown", (event) => {  // Enter picks the first match instead of submitting
      if (event.key !== "Enter") return;
      event.preventDefault();
      const first = results.querySelector("button");
      if (first) first.click();
    });
    async function find(q) {
      if (q.length < 2) { results.replaceChildren(); return; }
      const mine = ++asked;
      const reply = await request("/api/v1/agencies/search?lang=" + lang + "&q=" + encodeURIComponent(q));
      if (mine !== asked) return;  // an older answer after a newer question
      if (!reply.ok) { results.replaceChildren(note(failure(reply), "error")); return; }
      results.replaceChildren(...(reply.body.length ? reply.body.map(agencyItem) : [note(T.no_agency, "muted")]));
    }
    function agencyItem(agency) {
      const button = el("button", { type: "button", text: agency.path, on: { click: () => picked(agency) } });
      return el("li", {}, button);
    }
    function picked(agency) {
      form.elements.agency_id.value = agency.agency_id;
      const change = el("button", { type: "button", class: "link", text: T.change, on: { click: () => {
        choice.hidden = true; search.hidden = false; form.elements.agency_id.value = ""; search.focus();
      } } });
      choice.replaceChildren(agency.path + " ", change);
      choice.hidden = false; search.hidden = true; results.replaceChildren();
      if ($("join-error").textContent === T.choose_agency) $("join-error").textContent = "";
      $("join-send").focus();
    }
  }
  const note = (text, cls) => el("li", { class: cls, text });

  /* ---- the round ---- */
  function connect(token) {
    waitScreen(T.lobby, "");
    socket = io("/play", { auth: { token, lang } });
    socket.on("connect", () => { $("conn").hidden = true; });
    socket.on("disconnect", () => { $("conn").hidden = false; });
    socket.on("connect_error", (err) => {
      if (err.data && err.data.error === "unauthorized") forget();
      else $("conn").hidden = false;
    });
    socket.on("state", onState);
    socket.on("question", (q) => openQuestion(q, false));
    socket.on("reveal", onReveal);
    socket.on("finished", onFinished);
    if (window.contestSelfPaced) window.contestSelfPaced(socket, {
      T, show, serverNowRef: () => serverClock.now(), lang,
      bestScore: (score) => { if (score > (my.score || 0)) { my = { ...my, score }; showMe(); } },
    });
  }

  /* "Không phải tôi": a shared phone forgets this participant and shows the form again. */
  function forget() {
    localStorage.removeItem(KEY); localStorage.removeItem(KEY + ".name");
    if (socket) { socket.off(); socket.close(); socket = null; }
    timer.stop(); question = null; revealedId = null; answered = new Set(); my = { score: 0, rank: null };
    for (const id of app.querySelectorAll(".sp")) id.remove();
    $("me").hidden = true;
    setupJoin();
    focus("join");
  }

  function onState(state) {
    serverClock.sync(state.server_ms);
    if (state.my) { my = state.my; answered = new Set(state.my.answered || []); showMe(); }
    if (state.mode === "self_paced") return;  // handled by the self-paced script
    paused = !!state.paused;
    if (state.status === "lobby") { waitScreen(T.lobby, T.lobby_text); return; }
    if (state.status === "finished") { onFinished({ my: state.my || my }); return; }
    if (!state.question) return;
    if (state.status === "question") openQuestion(state.question, paused, state.server_ms);
    else if (state.reveal && state.reveal.question_id === state.question.question_id) {
      if (revealedId !== state.reveal.question_id) { openQuestion(state.question, false); onReveal(state.reveal); }
    } else if (state.question.question_id !== revealedId) waitScreen(T.next_soon, "");
    else if (paused) setStatus(T.paused, "");
  }

  function showMe() {
    const name = localStorage.getItem(KEY + ".name") || "";
    $("me").hidden = false;
    $("me").textContent = name + (my.rank ? " · #" + my.rank : "") + " · " + (my.score || 0);
  }

  function waitScreen(title, text) {
    question = null; timer.stop(); show("wait");
    $("wait-title").textContent = title; $("wait-text").textContent = text;
    focus("wait-title");
  }

  function openQuestion(q, isPaused, atServerMs) {
    const done = answered.has(q.question_id);
    if (question && question.question_id === q.question_id && !$("question").hidden) {
      question = q;  // a pause or a resume: the deadline moved, keep what was picked
      timer.start(q.deadline_ms, isPaused, atServerMs);
      if (!done && serverClock.now() < q.deadline_ms) lockOptions(!!isPaused);  // no answers during a pause
      setStatus(done ? T.recorded : isPaused ? T.paused : "", done ? "ok" : "");
      return;
    }
    question = q; chosen = new Set(); durationMs = Math.max(q.deadline_ms - q.opens_ms, 1);
    show("question");
    $("q-index").textContent = fmt(T.question_of, { a: q.index + 1, b: q.total });
    $("q-text").textContent = q.text;
    $("q-hint").textContent = q.multiple ? T.pick_many : T.pick_one;
    $("q-send").hidden = !q.multiple;
    $("q-options").replaceChildren(...q.options.map((o, i) => optionButton(o, i)));
    lockOptions(done || !!isPaused);
    setStatus(done ? T.recorded : isPaused ? T.paused : "", done ? "ok" : "");
    timer.start(q.deadline_ms, isPaused, atServerMs);
    focus("q-text");
  }

  function optionButton(option, i) {
    const button = el("button", { type: "button", class: "option", "data-id": option.id, "aria-pressed": "false",
      on: { click: () => pick(option.id, button) } },
      el("b", { text: LETTERS[i] }), el("span", { text: option.text }));
    return button;
  }

  function pick(id, button) {
    if (!question || answered.has(question.question_id)) return;
    if (question.multiple) {
      chosen.has(id) ? chosen.delete(id) : chosen.add(id);
      button.classList.toggle("chosen", chosen.has(id));
      button.setAttribute("aria-pressed", String(chosen.has(id)));
      return;
    }
    chosen = new Set([id]); button.classList.add("chosen"); button.setAttribute("aria-pressed", "true");
    send();
  }

  function send() {
    if (!question || !chosen.size || answered.has(question.question_id)) return;
    const q = question;
    lockOptions(true);
    setStatus(T.sending, "");
    socket.timeout(15000).emit("answer", { question_id: q.question_id, options: [...chosen] }, (err, ack) => {
      if (question !== q && (!question || question.question_id !== q.question_id)) return;  // moved on
      if (err) { setStatus(T.sending, ""); return setTimeout(send, 1000); }
      if (ack.ok || ack.error === "already_answered") {
        answered.add(q.question_id); setStatus(T.recorded, "ok");
      } else {
        setStatus(ack.message, "bad");
        if (ack.error !== "late" && ack.error !== "not_open") lockOptions(false);
      }
    });
  }

  function lockOptions(locked) {
    for (const b of $("q-options").children) b.disabled = locked;
    $("q-send").disabled = locked;
  }
  function setStatus(text, kind) { $("q-status").textContent = text; $("q-status").className = "status " + kind; }

  const timer = countdown(serverClock, (left, frozen) => {
    if (!question) return;
    $("q-timer").textContent = frozen ? T.paused : Math.ceil(left / 1000) + "s";
    $("q-timebar").style.width = Math.min(100, 100 * left / durationMs) + "%";
    if (left === 0 && !frozen) {
      lockOptions(true);
      if (!answered.has(question.question_id)) setStatus(T.time_up, "bad");
      else setStatus(T.waiting_reveal, "ok");
    }
  });

  function onReveal(reveal) {
    timer.stop();
    const mine = reveal.my || {};
    revealedId = reveal.question_id;
    my = { ...my, score: mine.score, rank: mine.rank }; showMe();
    const onScreen = question && question.question_id === reveal.question_id;
    if (onScreen) markOptions(reveal.correct);
    const wasAnswered = answered.has(reveal.question_id);
    setStatus("", "");
    show(...(onScreen ? ["result", "question"] : ["result"]));
    const verdict = !wasAnswered ? T.no_answer : mine.correct ? "✓ " + T.right : "✗ " + T.wrong;
    $("r-title").textContent = verdict;
    $("r-title").className = wasAnswered && mine.correct ? "ok" : "bad";
    $("r-points").textContent = fmt(T.points, { n: mine.points || 0 });
    $("r-points").className = "big";
    $("r-score").textContent = scoreLine(mine);
    focus("r-title");
  }

  /* Right and wrong in words and signs as well as colours. */
  function markOptions(correct) {
    $("q-send").hidden = true;
    for (const b of $("q-options").children) {
      b.disabled = true;
      const right = correct.includes(Number(b.dataset.id)), wrong = !right && b.classList.contains("chosen");
      b.classList.toggle("correct", right);
      b.classList.toggle("wrong", wrong);
      const old = b.querySelector(".verdict");
      if (old) old.remove();
      if (right || wrong) b.append(el("em", { class: "verdict", text: right ? "✓ " + T.mark_right : "✗ " + T.mark_wrong }));
    }
  }

  function scoreLine(m) {
    return m.rank ? fmt(T.score_rank, { s: m.score, r: m.rank }) : fmt(T.score_only, { s: m.score || 0 });
  }

  function onFinished(finished) {
    timer.stop(); question = null; show("result");
    const m = finished.my || my;
    $("r-title").textContent = T.finished; $("r-title").className = "";
    $("r-points").textContent = scoreLine(m); $("r-points").className = "summary";
    $("r-score").textContent = T.thanks;
    focus("r-title");
  }

  $("q-send").addEventListener("click", send);
  $("join-send").dataset.label = $("join-send").textContent;
  $("not-me").addEventListener("click", () => { if (window.confirm(T.forget_confirm)) forget(); });
  const saved = localStorage.getItem(KEY);
  if (saved) connect(saved); else setupJoin();
})();
