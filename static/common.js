/* Helpers every page of the contest shares (participant, self-paced paper, display screen,
   leaderboard, host console): DOM building, text formatting, the server's clock and a
   countdown. Plain browser JavaScript, no framework, loaded before each page's own script. */
window.Contest = (function () {
  "use strict";

  const $ = (id) => document.getElementById(id);

  /* el("li", {class: "x", text: "…", on: {click: f}}, child, …); null children are skipped. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "on") for (const [event, f] of Object.entries(value)) node.addEventListener(event, f);
      else if (key === "text") node.textContent = value;
      else if (key === "class") { if (value) node.className = value; }
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }
  const fill = (node, ...children) => node.replaceChildren(...children.filter((c) => c !== null && c !== undefined));

  /* fmt("Câu {a}/{b}", {a: 1, b: 5}) */
  const fmt = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? vars[k] : "{" + k + "}"));

  const texts = (id) => JSON.parse($(id).textContent);

  /* The server's clock decides; a page learns its offset from each `server_ms`. */
  function clock() {
    let offset = 0;
    return {
      sync(serverMs) { if (typeof serverMs === "number") offset = serverMs - Date.now(); },
      now() { return Date.now() + offset; },
    };
  }

  /* A countdown to a deadline on the server's clock, frozen while paused: `render(leftMs,
     paused)` runs every 250 ms and once more when the time is up. */
  function countdown(serverClock, render) {
    let timer = null, deadline = null, frozenLeft = null;
    function tick() {
      const left = frozenLeft !== null ? frozenLeft : Math.max(0, deadline - serverClock.now());
      render(left, frozenLeft !== null);
      if (left === 0 && frozenLeft === null) stop();
    }
    function stop() { if (timer) clearInterval(timer); timer = null; }
    return {
      /* paused: keep the time that was left when the pause began (the server's `server_ms`) */
      start(deadlineMs, paused, atServerMs) {
        stop();
        deadline = deadlineMs;
        frozenLeft = paused ? Math.max(0, deadlineMs - (atServerMs || serverClock.now())) : null;
        tick();
        if (!paused) timer = setInterval(tick, 250);
      },
      stop,
    };
  }

  /* Locale-aware numbers in the page's language. */
  function numbers(lang) {
    const locale = lang === "en" ? "en-GB" : "vi-VN";
    return {
      locale,
      whole: new Intl.NumberFormat(locale),
      oneDecimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      percent: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }),
    };
  }

  /* A fetch that tells the kind of failure: {ok, status, body, offline, retryAfter}. */
  async function request(url, options) {
    let response;
    try { response = await fetch(url, options); } catch (e) { return { ok: false, offline: true, status: 0, body: null }; }
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    const retryAfter = Number(response.headers.get("Retry-After")) || null;
    return { ok: response.ok, status: response.status, body, offline: false, retryAfter };
  }

  return { $, el, fill, fmt, texts, clock, countdown, numbers, request };
})();
