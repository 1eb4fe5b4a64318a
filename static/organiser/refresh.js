/* Pages that follow an open round (participation by agency): every minute, fetch the same
   address and put the fresh figures in place, without reloading the page (what is typed
   in its forms stays, and focus and scrolling are kept). Parts marked data-refresh. */
(function () {
  "use strict";
  const every = Number(document.body.dataset.refreshSeconds || 0) * 1000;
  if (!every) return;
  async function refresh() {
    try {
      const response = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const part of document.querySelectorAll("[data-refresh]")) {
        const next = fresh.getElementById(part.id);
        if (next) part.replaceWith(document.importNode(next, true));
      }
      if (!fresh.body.dataset.refreshSeconds) clearInterval(timer);  // the round closed
    } catch (e) { /* offline for a moment: the next round of the timer tries again */ }
  }
  const timer = setInterval(refresh, every);
})();
