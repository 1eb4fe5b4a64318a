/* Host console: commands over Socket.IO /host, with live counts and the board. */
(function () {
  "use strict";
  const root = document.getElementById("console");
  const T = JSON.parse(document.getElementById("texts").textContent);
  const roundId = Number(root.dataset.roundId);
  const $ = (id) => document.getElementById(id);
  let offset = 0, deadline = null;

  const socket = io("/host", { auth: { token: root.dataset.token, round_id: roundId, lang: root.dataset.lang } });
  const mine = (data) => !data.round_id || data.round_id === roundId;

  socket.on("state", (s) => {
    if (!mine(s)) return;
    offset = s.server_ms - Date.now();
    $("status").textContent = s.paused ? T.paused : (T[s.status] || s.status);
    if (s.question) showQuestion(s.question); else deadline = null;
  });
  socket.on("question", (q) => { if (mine(q)) showQuestion(q); });
  socket.on("tally", (t) => { if (mine(t)) { $("answered").textContent = t.answered; $("joined").textContent = t.joined; } });
  socket.on("reveal", (r) => {
    if (!mine(r)) return;
    deadline = null;
    for (const li of $("q-options").children) li.classList.toggle("correct", r.correct.includes(Number(li.dataset.id)));
  });
  socket.on("leaderboard", (board) => {
    if (!mine(board)) return;
    $("board").replaceChildren(...board.participants.map((p) => row([p.rank, p.name, p.agency || "", p.score])));
  });

  function showQuestion(q) {
    $("q-heading").textContent = T.question_of.replace("{a}", q.index + 1).replace("{b}", q.total);
    $("q-text").textContent = q.text; $("q-text").className = "";
    $("q-options").replaceChildren(...q.options.map((o) => { const li = document.createElement("li"); li.dataset.id = o.id; li.textContent = o.text; return li; }));
    deadline = q.deadline_ms;
  }
  function row(cells) {
    const tr = document.createElement("tr");
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.append(td); }
    return tr;
  }
  setInterval(() => {
    $("timer").textContent = deadline ? Math.max(0, Math.ceil((deadline - Date.now() - offset) / 1000)) + "s" : "–";
  }, 250);

  for (const button of root.querySelectorAll("[data-command]")) {
    button.addEventListener("click", () => {
      socket.emit(button.dataset.command, { round_id: roundId }, (ack) => {
        const message = $("console-message");
        message.hidden = ack.ok; message.className = "flash error";
        if (!ack.ok) message.textContent = ack.message;
        else { $("joined").textContent = ack.joined; $("answered").textContent = ack.answered_current; }
      });
    });
  }
})();
