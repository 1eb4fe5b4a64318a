// The round form shows the fields of the chosen mode only; without JavaScript both groups
// stay visible, each under a legend that names its mode.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("round-form");
  if (!form) return;
  const mode = form.querySelector('[name="mode"]');
  const show = () => {
    form.querySelectorAll("fieldset[data-mode]").forEach((group) => {
      group.hidden = group.dataset.mode !== mode.value;
    });
  };
  mode.addEventListener("change", show);
  show();
});
