/* The leaderboard of the display screen: the top officials and the agency table, rank
   changes shown against the board as it stood when the question opened (arrows), and rows
   that slide to their new places. */
window.DisplayBoard = function (T, num) {
  "use strict";
  const { $, el } = window.Contest;

  function ranksOf(b) {
    const ranks = { people: {}, agencies: {} };
    b.participants.forEach((p) => { ranks.people[p.participant_id] = p.rank; });
    b.agencies.forEach((a) => { ranks.agencies[a.agency_id] = a.rank; });
    return ranks;
  }

  function move(base, frozen, before, now) {
    if (!base || frozen) return el("span", { class: "move" });
    if (before === undefined) return el("span", { class: "move up", text: T.new });
    if (before === now) return el("span", { class: "move", text: "–" });
    return before > now ? el("span", { class: "move up", text: "▲" + (before - now) })
      : el("span", { class: "move down", text: "▼" + (now - before) });
  }

  /* The gold mark is for a real place on the podium, not for an agency nobody joined from. */
  const podium = (rank, counts) => (rank <= 3 && counts ? "top" : "");

  /* ``baseline``: the ranks when the current question opened (null: no arrows yet). */
  function render(b, baseline, finished) {
    $("board-title").textContent = finished ? T.finalBoard : T.board;
    document.body.classList.toggle("is-frozen", !!b.frozen);
    const base = baseline || { people: {}, agencies: {} };
    reorder($("board-people"), b.participants.slice(0, 10), (p) => {
      const score = el("span", { class: "score", text: num.whole.format(p.score) + " " + T.points },
                       el("small", { text: duration(p.time_ms) }));
      return el("li", { class: podium(p.rank, p.score > 0), "data-key": "p" + p.participant_id },
        el("span", { class: "rank", text: p.rank }), move(baseline, b.frozen, base.people[p.participant_id], p.rank),
        el("span", { class: "who" }, el("span", { class: "name", text: p.name }), el("span", { class: "agency", text: p.agency || "" })),
        score);
    });
    reorder($("board-agencies"), b.agencies.slice(0, 10), (a) =>
      el("li", { class: podium(a.rank, a.participants > 0), "data-key": "a" + a.agency_id },
        el("span", { class: "rank", text: a.rank }), move(baseline, b.frozen, base.agencies[a.agency_id], a.rank),
        el("span", { class: "name", text: a.name, title: a.name }),
        el("span", { class: "num", text: participation(a) }),
        el("span", { class: "num", text: a.participation_rate === null ? "—" : num.percent.format(a.participation_rate) }),
        el("span", { class: "num main", text: average(a.average_score) })));
    if (!b.participants.length) $("board-people").replaceChildren(el("li", { class: "nobody", text: T.nobody }));
    if (b.scope && $("board-scope")) renderScope($("board-scope"), b.scope);
  }

  /* An agency's own screen: the agency as a whole above its units. */
  function renderScope(box, a) {
    box.hidden = false;
    box.replaceChildren(el("span", { class: "rank", text: "Σ" }), el("span"), el("span", { class: "name", text: a.name }),
      el("span", { class: "num", text: participation(a) }),
      el("span", { class: "num", text: a.participation_rate === null ? "—" : num.percent.format(a.participation_rate) }),
      el("span", { class: "num main", text: average(a.average_score) }));
  }

  function participation(a) {
    return num.whole.format(a.participants) + (a.headcount === null ? "" : "/" + num.whole.format(a.headcount));
  }

  function duration(ms) {  // a live round's seconds, or a self-paced paper's minutes
    if (ms < 60000) return num.oneDecimal.format(ms / 1000) + " " + T.seconds;
    const seconds = Math.round(ms / 1000);
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function average(value) {  // speed scoring gives hundreds of points: decimals would only crowd
    return value >= 100 ? num.whole.format(Math.round(value)) : num.oneDecimal.format(value);
  }

  /* Re-render a ranked list; rows that moved slide from where they stood (FLIP). */
  function reorder(list, rows, build) {
    const before = {};
    for (const li of list.children) if (li.dataset.key) before[li.dataset.key] = li.getBoundingClientRect().top;
    list.replaceChildren(...rows.map(build));
    for (const li of list.children) {
      const top = before[li.dataset.key];
      if (top === undefined || !li.animate) continue;
      const dy = top - li.getBoundingClientRect().top;
      if (Math.abs(dy) > 1) {
        li.animate([{ transform: "translateY(" + dy + "px)" }, { transform: "none" }], { duration: 800, easing: "ease-out" });
        if (dy > 0) li.classList.add("flash");
      }
    }
  }

  return { render, ranksOf };
};
