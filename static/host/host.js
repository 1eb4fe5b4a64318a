/* Host console: commands over Socket.IO /host, with live counts and the board. A button
   is enabled only when its command applies to the round's state; "Kết thúc" asks first;
   a lost connection locks the buttons and says so. */
(function () {
  "use strict";
  const { $, el, texts, clock, countdown } = window.Contest;
  const root = $("console");
  const T = texts("texts");
  const roundId = Number(root.dataset.roundId);
  const serverClock = clock();
  let round = { status: $("status").dataset.status, paused: false, mode: root.dataset.mode };
  let online = false, busy = false;

  const socket = io("/host", { auth: { token: root.dataset.token, round_id: roundId, lang: root.dataset.lang } });
  const mine = (data) => !data.round_id || data.round_id === roundId;

  /* Which commands the round's state allows (the server refuses the others with `conflict`). */
  function allowed(r) {
    const live = r.mode !== "self_paced";
    const running = r.status === "question" || r.status === "reveal";
    return {
      start: r.status === "lobby",
      next: live && running && !r.paused,
      pause: live && running && !r.paused,
      resume: live && running && r.paused,
      finish: r.status !== "finished",
    };
  }
  function refreshButtons() {
    const can = allowed(round);
    for (const button of root.querySelectorAll("[data-command]")) {
      button.disabled = !online || busy || !can[button.dataset.command];
    }
  }

  const timer = countdown(serverClock, (left, frozen) => {
    $("timer").textContent = frozen ? T.paused : Math.ceil(left / 1000) + "s";
  });

  socket.on("connect", () => { online = true; $("console-offline").hidden = true; refreshButtons(); });
  socket.on("disconnect", () => {
    online = false; $("console-offline").hidden = false; timer.stop(); $("timer").textContent = "–"; refreshButtons();
  });
  socket.on("connect_error", () => { online = false; $("console-offline").hidden = false; refreshButtons(); });
  socket.on("state", (s) => {
    if (!mine(s)) return;
    serverClock.sync(s.server_ms);
    round = { status: s.status, paused: !!s.paused, mode: s.mode || round.mode };
    $("status").textContent = s.paused ? T.paused : (T[s.status] || s.status);
    $("status").dataset.status = s.status;
    if (typeof s.joined === "number") $("joined").textContent = s.joined;
    if (s.question) showQuestion(s.question, s.status === "question", s.paused, s.server_ms);
    else { timer.stop(); $("timer").textContent = "–"; }
    if (s.status === "reveal" && s.reveal) markCorrect(s.reveal.correct);
    refreshButtons();
  });
  socket.on("question", (q) => { if (mine(q)) showQuestion(q, true, false); });
  socket.on("tally", (t) => { if (mine(t)) { $("answered").textContent = t.answered; $("joined").textContent = t.joined; } });
  socket.on("reveal", (r) => {
    if (!mine(r)) return;
    timer.stop(); $("timer").textContent = "–";
    markCorrect(r.correct);
  });
  socket.on("leaderboard", (board) => {
    if (!mine(board)) return;
    $("board").replaceChildren(...board.participants.map((p) => row([p.rank, p.name, p.agency || "", p.score])));
  });

  function showQuestion(q, open, paused, atServerMs) {
    $("q-heading").textContent = T.question_of.replace("{a}", q.index + 1).replace("{b}", q.total);
    $("q-text").textContent = q.text; $("q-text").className = "";
    const shown = [...$("q-options").children].map((li) => li.dataset.id).join();
    if (shown !== q.options.map((o) => String(o.id)).join()) {
      $("q-options").replaceChildren(...q.options.map((o) => el("li", { "data-id": o.id, text: o.text })));
    }
    if (open) timer.start(q.deadline_ms, paused, atServerMs);
  }
  function markCorrect(correct) {
    for (const li of $("q-options").children) li.classList.toggle("correct", correct.includes(Number(li.dataset.id)));
  }
  const row = (cells) => el("tr", {}, ...cells.map((c) => el("td", { text: String(c) })));

  function command(name) {
    busy = true; refreshButtons();
    socket.timeout(15000).emit(name, { round_id: roundId }, (err, ack) => {
      busy = false;
      const message = $("console-message");
      if (err) { message.hidden = false; message.className = "flash error"; message.textContent = T.no_answer; }
      else if (!ack.ok) { message.hidden = false; message.className = "flash error"; message.textContent = ack.message; }
      else {
        message.hidden = true;
        round = { status: ack.status, paused: !!ack.paused, mode: ack.mode || round.mode };
        $("joined").textContent = ack.joined; $("answered").textContent = ack.answered_current;
      }
      refreshButtons();
    });
  }

  const confirmFinish = $("confirm-finish");
  confirmFinish.addEventListener("close", () => { if (confirmFinish.returnValue === "finish") command("finish"); });
  for (const button of root.querySelectorAll("[data-command]")) {
    button.addEventListener("click", () => {
      if (button.dataset.command !== "finish") return command(button.dataset.command);
      confirmFinish.returnValue = "";
      confirmFinish.showModal();
    });
  }
  refreshButtons();
})();
