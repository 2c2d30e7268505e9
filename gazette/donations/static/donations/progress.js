// Keeps every campaign progress bar on the page current without a reload: while the page is
// visible it asks the small JSON endpoint every few seconds, and again when the reader returns.
const widgets = [...document.querySelectorAll("[data-donation-progress]")];

function show(widget, selector, text) {
  for (const element of widget.querySelectorAll(selector)) element.textContent = text;
}

async function refresh(widget) {
  let progress;
  try {
    const response = await fetch(widget.dataset.progressUrl, {
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return;
    progress = await response.json();
  } catch {
    return; // offline or the server is busy: keep the last figures
  }
  const bar = widget.querySelector("[data-progress-bar]");
  bar.max = progress.goal;
  bar.value = progress.bar_value;
  bar.textContent = `${progress.percent}%`;
  bar.setAttribute("aria-label", `Raised so far: ${progress.raised_display} of ${progress.goal_display}`);
  show(widget, "[data-progress-raised]", progress.raised_display);
  show(widget, "[data-progress-goal]", progress.goal_display);
  show(widget, "[data-progress-percent]", String(progress.percent));
  show(widget, "[data-progress-donors]", progress.donors_display);
}

function refreshAll() {
  if (document.visibilityState === "visible") widgets.forEach(refresh);
}

if (widgets.length) {
  const seconds = Math.max(1, Number(widgets[0].dataset.pollSeconds) || 15);
  setInterval(refreshAll, seconds * 1000);
  window.addEventListener("focus", refreshAll);
  document.addEventListener("visibilitychange", refreshAll);
}
