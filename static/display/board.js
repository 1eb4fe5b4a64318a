/* The leaderboard of the display screen: the top officials and the agency table, rank
   changes shown against the board as it stood when the question opened (arrows), and rows
   that slide to their new places. */
window.DisplayBoard = function (T, fmt) {
  'use strict';
  var el = fmt.el, whole = fmt.whole, oneDecimal = fmt.oneDecimal, percent = fmt.percent;
  function $(id) { return document.getElementById(id); }

  function ranksOf(b) {
    var ranks = {people: {}, agencies: {}};
    b.participants.forEach(function (p) { ranks.people[p.participant_id] = p.rank; });
    b.agencies.forEach(function (a) { ranks.agencies[a.agency_id] = a.rank; });
    return ranks;
  }

  function move(base, frozen, before, now) {
    if (!base || frozen) return el('span', 'move');
    if (before === undefined) return el('span', 'move up', T.new);
    if (before === now) return el('span', 'move', '–');
    return before > now ? el('span', 'move up', '▲' + (before - now)) : el('span', 'move down', '▼' + (now - before));
  }

  /* ``baseline``: the ranks when the current question opened (null: no arrows yet). */
  function render(b, baseline, finished) {
    $('board-title').textContent = finished ? T.finalBoard : T.board;
    document.body.classList.toggle('is-frozen', !!b.frozen);
    var base = baseline || {people: {}, agencies: {}};
    reorder($('board-people'), b.participants.slice(0, 10), function (p) {
      var li = el('li', p.rank <= 3 ? 'top' : ''), who = el('span', 'who'), score = el('span', 'score', whole.format(p.score) + ' ' + T.points);
      li.dataset.key = 'p' + p.participant_id;
      who.append(el('span', 'name', p.name), el('span', 'agency', p.agency || ''));
      score.append(el('small', null, duration(p.time_ms)));
      li.append(el('span', 'rank', p.rank), move(baseline, b.frozen, base.people[p.participant_id], p.rank), who, score);
      return li;
    });
    reorder($('board-agencies'), b.agencies.slice(0, 10), function (a) {
      var li = el('li', a.rank <= 3 ? 'top' : '');
      li.dataset.key = 'a' + a.agency_id;
      li.append(el('span', 'rank', a.rank), move(baseline, b.frozen, base.agencies[a.agency_id], a.rank), el('span', 'name', a.name),
                el('span', 'num', participation(a)),
                el('span', 'num', a.participation_rate === null ? '—' : percent.format(a.participation_rate)),
                el('span', 'num main', average(a.average_score)));
      return li;
    });
    if (!b.participants.length) $('board-people').replaceChildren(el('li', 'nobody', T.nobody));
    if (b.scope && $('board-scope')) renderScope($('board-scope'), b.scope);
  }

  /* An agency's own screen: the agency as a whole above its units. */
  function renderScope(box, a) {
    box.hidden = false;
    box.replaceChildren(el('span', 'rank', 'Σ'), el('span'), el('span', 'name', a.name), el('span', 'num', participation(a)),
                        el('span', 'num', a.participation_rate === null ? '—' : percent.format(a.participation_rate)),
                        el('span', 'num main', average(a.average_score)));
  }

  function participation(a) {
    return whole.format(a.participants) + (a.headcount === null ? '' : '/' + whole.format(a.headcount));
  }

  function duration(ms) {  // a live round's seconds, or a self-paced paper's minutes
    if (ms < 60000) return oneDecimal.format(ms / 1000) + ' ' + T.seconds;
    var seconds = Math.round(ms / 1000);
    return Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
  }

  function average(value) {  // speed scoring gives hundreds of points: decimals would only crowd
    return value >= 100 ? whole.format(Math.round(value)) : oneDecimal.format(value);
  }

  /* Re-render a ranked list; rows that moved slide from where they stood (FLIP). */
  function reorder(list, rows, build) {
    var before = {};
    Array.prototype.forEach.call(list.children, function (li) {
      if (li.dataset.key) before[li.dataset.key] = li.getBoundingClientRect().top;
    });
    list.replaceChildren.apply(list, rows.map(build));
    Array.prototype.forEach.call(list.children, function (li) {
      var top = before[li.dataset.key];
      if (top === undefined || !li.animate) return;
      var dy = top - li.getBoundingClientRect().top;
      if (Math.abs(dy) > 1) {
        li.animate([{transform: 'translateY(' + dy + 'px)'}, {transform: 'none'}], {duration: 800, easing: 'ease-out'});
        if (dy > 0) li.classList.add('flash');
      }
    });
  }

  return {render: render, ranksOf: ranksOf};
};
