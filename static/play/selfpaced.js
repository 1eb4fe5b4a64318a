/* Self-paced rounds ("tuần thi") on the participant page: start screen, the paper with a
   question navigator, every change saved at once, the prediction, submit, the result.
   play.js owns the connection and calls window.contestSelfPaced(socket, helpers).
   The server's deadline decides; the countdown here is for display only. */
(function () {
  "use strict";
  const app = document.getElementById("app");
  if (!app || app.dataset.mode !== "self_paced") return;
  const T = JSON.parse(document.getElementById("sp-texts").textContent);
  const LETTERS = "ABCDEFGHIJ";
  const { el, fill, fmt, numbers } = window.Contest;
  const locale = numbers(app.dataset.lang).locale;
  const duration = (ms) => {
    const s = Math.round(ms / 1000), m = Math.floor(s / 60);
    if (!m) return fmt(T.sec, { s: s });
    return s % 60 ? fmt(T.min_sec, { m: m, s: s % 60 }) : fmt(T.min, { m: m });
  };
  const when = (ms) => new Date(ms).toLocaleString(locale, { hour: "2-digit", minute: "2-digit",
    day: "2-digit", month: "2-digit", year: "numeric" });

  window.contestSelfPaced = function (socket, h) {
    const screens = {};
    for (const name of ["start", "paper", "submit", "result"]) {
      screens[name] = el("section", { id: "sp-" + name, class: "panel sp", hidden: true });
      app.insertBefore(screens[name], document.getElementById("conn"));
    }
    let state = null;      // the last `state` with the self-paced fields
    let paper = null;      // the attempt being taken
    let current = 0;       // index of the question on screen
    let ticker = null;
    let ending = false;    // submitting (by the button or at the deadline)
    const saves = {};      // question_id -> {sel: [ids], busy, dirty, error}

    function view(name) {
      h.show();  // hides play.js's own sections
      for (const [key, node] of Object.entries(screens)) node.hidden = key !== name;
      window.scrollTo(0, 0);
    }

    /* ---- state from the server ---- */
    socket.on("state", (s) => {
      if (!("attempts_left" in s)) {  // a transition: keep what we know, note the status
        if (state) state.status = s.status;
        if (s.status === "finished" && !paper) startScreen();
        return;
      }
      state = s;
      if (ending) return;  // the submit's ack decides what shows next
      if (s.attempt) openPaper(s.attempt);
      else if (paper) { stopTicker(); paper = null; showResult(s.last, true); }  // submitted at the deadline
      else if (screens.result.hidden) startScreen();
    });
    socket.on("finished", () => { if (state) state.status = "finished"; if (!paper) startScreen(); });
    socket.on("connect", () => { for (const q in saves) if (saves[q].dirty) send(Number(q)); });

    /* ---- start screen ---- */
    function startScreen() {
      const s = state, rules = s.self_paced, node = screens.start;
      const open = s.status === "open" && !(rules.closes_at_ms && h.serverNowRef() >= rules.closes_at_ms);
      fill(node,
        el("h1", { tabindex: "-1", text: s.status === "finished" ? T.closed : !open ? T.not_open
          : s.attempts_left > 0 ? T.ready : T.exhausted_title }),
        el("ul", { class: "sp-rules" },
          el("li", { text: fmt(T.rules_questions, { n: rules.question_count }) }),
          el("li", { text: fmt(T.rules_time, { t: duration(rules.duration_ms) }) }),
          el("li", { text: fmt(T.rules_attempts, { a: s.attempts_left, b: rules.max_attempts }) }),
          rules.closes_at_ms ? el("li", { text: fmt(T.rules_closes, { d: when(rules.closes_at_ms) }) }) : null,
          !open && s.status === "lobby" && rules.opens_at_ms ?
            el("li", { text: fmt(T.opens_at, { d: when(rules.opens_at_ms) }) }) : null),
        s.last ? el("p", { class: "sp-last", text: lastLine(s.last) }) : null,
        s.my && s.my.rank ? el("p", { class: "muted", text: fmt(T.best_rank, { s: s.my.score, r: s.my.rank }) }) : null,
        open && s.attempts_left > 0 ? el("p", { class: "muted", text: T.rules_note }) : null,
        open && s.attempts_left > 0 ?
          el("button", { class: "primary", id: "sp-begin", text: s.last ? T.again : T.start, on: { click: begin } }) :
          el("p", { class: "sp-note", text: s.status === "finished" ? T.thanks : open ? T.exhausted : "" }),
        el("p", { class: "status bad", id: "sp-start-error", role: "alert" }));
      view("start");
    }
    const lastLine = (r) => fmt(T.last_result, { c: r.correct, t: r.total, s: r.score, u: duration(r.time_used_ms) });

    function begin(event) {
      event.target.disabled = true;
      socket.timeout(20000).emit("start_attempt", {}, (err, ack) => {
        event.target.disabled = false;
        const error = document.getElementById("sp-start-error");
        if (err) { error.textContent = T.retry; return; }
        if (!ack.ok) { error.textContent = ack.message; return; }
        state.attempts_left = Math.max(state.self_paced.max_attempts - ack.number, 0);
        openPaper(ack);
      });
    }

    /* ---- the paper ---- */
    function openPaper(attempt) {
      const same = paper && paper.attempt_id === attempt.attempt_id;
      if (!same) { current = 0; for (const q in saves) delete saves[q]; }
      paper = attempt; ending = false;
      for (const q of attempt.questions) {
        const stored = attempt.answers[String(q.question_id)];
        const mine = saves[q.question_id];
        if (mine && mine.dirty) send(q.question_id);
        else saves[q.question_id] = { sel: stored ? stored.slice() : [], busy: false, dirty: false, saved: !!stored };
      }
      renderPaper();
      startTicker();
    }

    function renderPaper() {
      const q = paper.questions[current], mine = saves[q.question_id];
      const total = paper.questions.length;
      fill(screens.paper,
        el("div", { class: "sp-top" },
          el("span", { id: "sp-progress", text: progressText() }),
          el("span", { class: "timer sp-timer", "aria-live": "off" })),
        el("nav", { class: "sp-nav", "aria-label": T.navigator }, ...paper.questions.map((item, i) =>
          el("button", { type: "button", class: navClass(item, i), text: String(i + 1),
            "aria-label": fmt(T.question_of, { a: i + 1, b: total }), on: { click: () => go(i) } }))),
        el("div", { class: "qhead" }, el("span", { text: fmt(T.question_of, { a: current + 1, b: total }) })),
        el("h2", { id: "sp-text", text: q.text }),
        el("p", { class: "muted", text: q.multiple ? T.pick_many : T.pick_one }),
        el("div", { class: "options", id: "sp-options" }, ...q.options.map((o, i) =>
          el("button", { type: "button", class: "option" + (mine.sel.includes(o.id) ? " chosen" : ""),
            "aria-pressed": String(mine.sel.includes(o.id)), "data-id": o.id, on: { click: () => pick(q, o.id) } },
            el("b", { text: LETTERS[i] }), el("span", { text: o.text })))),
        el("p", { class: "status " + saveClass(mine), id: "sp-saved", role: "status", text: saveText(mine) }),
        el("div", { class: "sp-move" },
          el("button", { type: "button", class: "sp-step", text: T.prev, disabled: current === 0, on: { click: () => go(current - 1) } }),
          el("button", { type: "button", class: "sp-step", text: T.next, disabled: current === total - 1, on: { click: () => go(current + 1) } })),
        el("button", { type: "button", class: "primary", id: "sp-to-submit", text: T.to_submit, on: { click: submitScreen } }));
      view("paper");
      tick();
    }
    const answeredCount = () => paper.questions.filter((q) => saves[q.question_id].sel.length).length;
    const progressText = () => fmt(T.answered_n, { a: answeredCount(), b: paper.questions.length });
    const navClass = (q, i) => "sp-dot" + (saves[q.question_id].sel.length ? " done" : "") + (i === current ? " here" : "");
    const saveClass = (s) => (s.error ? "bad" : s.saved && !s.dirty ? "ok" : "");
    const saveText = (s) => (s.error ? s.error : s.dirty ? T.saving : s.saved ? T.saved : "");
    function go(i) { current = Math.min(Math.max(i, 0), paper.questions.length - 1); renderPaper(); }

    function pick(q, id) {
      if (ending) return;
      const mine = saves[q.question_id];
      let sel = q.multiple ? (mine.sel.includes(id) ? mine.sel.filter((x) => x !== id) : [...mine.sel, id]) : [id];
      if (!sel.length) { mine.error = T.need_one; renderPaper(); return; }
      mine.sel = sel; mine.dirty = true; mine.error = null;
      renderPaper();
      send(q.question_id);
    }

    /* One answer in flight per question, so the last choice is the one stored. */
    function send(qid) {
      const mine = saves[qid];
      if (!mine || mine.busy || !mine.dirty || !paper) return;
      mine.busy = true; mine.dirty = false;
      const sent = mine.sel.slice();
      socket.timeout(15000).emit("answer", { attempt_id: paper.attempt_id, question_id: qid, options: sent }, (err, ack) => {
        mine.busy = false;
        if (err) { mine.dirty = true; mine.error = T.retry; setTimeout(() => send(qid), 1000); }
        else if (ack.ok) { mine.saved = true; mine.error = null; }
        else { mine.error = ack.message; if (ack.error === "late") timeUp(); }
        if (mine.dirty && !err) send(qid);
        if (paper && !screens.paper.hidden) refreshMarks();
      });
    }
    function refreshMarks() {
      const q = paper.questions[current], mine = saves[q.question_id];
      const saved = document.getElementById("sp-saved");
      saved.textContent = saveText(mine); saved.className = "status " + saveClass(mine);
      document.getElementById("sp-progress").textContent = progressText();
      const dots = screens.paper.querySelectorAll(".sp-dot");
      paper.questions.forEach((item, i) => { dots[i].className = navClass(item, i); });
    }

    /* ---- prediction and confirmation ---- */
    function submitScreen() {
      const left = paper.questions.length - answeredCount();
      const input = el("input", { type: "number", id: "sp-prediction", min: "0", step: "1", inputmode: "numeric",
        value: paper.prediction === null ? "" : String(paper.prediction), on: { input: predictSoon } });
      fill(screens.submit,
        el("div", { class: "sp-top" }, el("span", { text: T.submit_title }), el("span", { class: "timer sp-timer", "aria-live": "off" })),
        el("label", { for: "sp-prediction", class: "sp-question", text: T.prediction_q }),
        el("p", { class: "muted", text: T.prediction_hint }), input,
        el("p", { class: "status", id: "sp-prediction-status", role: "status",
          text: paper.prediction === null ? "" : T.saved }),
        el("p", { class: left ? "sp-warn" : "ok", text: left ? fmt(T.unanswered, { n: left }) : T.all_answered }),
        el("p", { class: "muted", text: T.confirm_note }),
        el("button", { type: "button", class: "primary", id: "sp-confirm", text: T.confirm,
          disabled: paper.prediction === null, on: { click: () => submit(false) } }),
        el("button", { type: "button", class: "sp-step sp-back", text: T.back, on: { click: renderPaper } }));
      view("submit");
      tick();
    }
    let predictTimer = null;
    function predictSoon() {
      clearTimeout(predictTimer);
      document.getElementById("sp-confirm").disabled = true;
      predictTimer = setTimeout(predict, 400);
    }
    function predict() {
      const input = document.getElementById("sp-prediction"), status = document.getElementById("sp-prediction-status");
      const value = input.value.trim() === "" ? NaN : Number(input.value);
      if (!Number.isInteger(value) || value < 0) { status.textContent = T.prediction_needed; status.className = "status bad"; return; }
      status.textContent = T.saving; status.className = "status";
      socket.timeout(15000).emit("predict", { attempt_id: paper.attempt_id, value: value }, (err, ack) => {
        if (err) { status.textContent = T.retry; setTimeout(predict, 1000); return; }
        if (!ack.ok) { status.textContent = ack.message; status.className = "status bad"; return; }
        paper.prediction = value;
        status.textContent = T.saved; status.className = "status ok";
        const confirm = document.getElementById("sp-confirm");
        if (confirm) confirm.disabled = false;
      });
    }

    /* ---- submitting, the countdown, the result ---- */
    function submit(auto) {
      if (!paper || (ending && !auto)) return;
      ending = true; stopTicker();
      const attempt = paper;
      fill(screens.result, el("h1", { text: auto ? T.time_up : T.submitting }));
      view("result");
      socket.timeout(20000).emit("submit", { attempt_id: attempt.attempt_id }, (err, ack) => {
        if (err) { setTimeout(() => submit(true), 1500); return; }
        paper = null; ending = false;
        if (!ack.ok) { screens.result.append(el("p", { class: "bad", text: ack.message })); return; }
        if (state) state.last = ack;
        showResult(ack, auto);
      });
    }
    function timeUp() { if (paper && !ending) submit(true); }

    function showResult(r, timedOut) {
      if (!r) { startScreen(); return; }
      h.bestScore(r.score);
      const canAgain = state && state.attempts_left > 0 && state.status === "open";
      fill(screens.result,
        el("h1", { class: "ok", text: T.result_title }),
        timedOut ? el("p", { class: "sp-warn", text: T.timed_out }) : null,
        el("p", { class: "big", id: "sp-score", text: fmt(T.result_score, { s: r.score }) }),
        el("p", { id: "sp-correct", text: fmt(T.result_correct, { c: r.correct, t: r.total }) }),
        el("p", { id: "sp-used", text: fmt(T.result_time, { u: duration(r.time_used_ms) }) }),
        el("p", { class: "muted", text: canAgain ? fmt(T.left, { n: state.attempts_left }) : T.thanks }),
        canAgain ? el("button", { type: "button", class: "primary", text: T.again, on: { click: begin } }) : null);
      view("result");
    }

    function tick() {
      if (!paper) return;
      // never more than the paper's length: the clock offset is measured with some latency
      const left = Math.min(Math.max(0, paper.deadline_ms - h.serverNowRef()), paper.deadline_ms - paper.started_ms);
      const s = Math.ceil(left / 1000);
      for (const timer of app.querySelectorAll(".sp-timer")) {
        timer.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
        timer.classList.toggle("sp-hurry", left < 60000);
      }
      if (left === 0) timeUp();
    }
    function startTicker() { stopTicker(); ticker = setInterval(tick, 250); }
    function stopTicker() { if (ticker) clearInterval(ticker); ticker = null; }
  };
})();
