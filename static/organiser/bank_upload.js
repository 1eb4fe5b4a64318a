// "Kiểm tra trước" without leaving the page: the chosen file stays chosen for the import, and
// the problems, warnings and preview come into view. Without JavaScript the form posts as usual
// (its action ends in #results, so the answer opens at the same place).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("bank-upload");
  if (!form || !window.fetch || !window.DOMParser || !form.requestSubmit) return;
  const check = form.querySelector('[name="preview"]');

  const fallBack = () => {
    check.disabled = false;
    form.requestSubmit(check);
  };

  check.addEventListener("click", async (event) => {
    if (!form.reportValidity()) return;
    event.preventDefault();
    const body = new FormData(form);
    body.append(check.name, check.value);
    check.disabled = true;
    let page;
    try {
      const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
      if (!response.ok) return fallBack();
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      return fallBack();
    }
    const fresh = page.getElementById("results");
    if (!fresh || page.querySelector("#bank-upload .error")) return fallBack();
    document.getElementById("results").replaceWith(fresh);
    fresh.querySelectorAll("[data-kept-file]").forEach((note) => { note.hidden = false; });
    const token = page.querySelector('#bank-upload [name="csrf_token"]');
    if (token) form.querySelector('[name="csrf_token"]').value = token.value;
    check.disabled = false;
    (fresh.querySelector("#problems, #warnings, #preview") || fresh)
      .scrollIntoView({ behavior: "smooth", block: "start" });
  });
});
