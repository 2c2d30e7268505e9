// Wagtail's date and time widgets start themselves with an inline script, which Gazette's
// Content Security Policy forbids. Our copies of those widget templates leave their settings in
// a JSON block instead; this file (same origin, so allowed) starts each widget from it.
const STARTERS = new Set(["initDateTimeChooser", "initDateChooser", "initTimeChooser"]);

function start(block) {
  if (block.dataset.chooserStarted) return;
  const starter = window[block.dataset.chooserInit];
  if (!STARTERS.has(block.dataset.chooserInit) || typeof starter !== "function") return;
  block.dataset.chooserStarted = "true";
  starter(block.dataset.chooserFor, JSON.parse(block.textContent));
}

function startAll(root) {
  root.querySelectorAll("script[data-chooser-init]").forEach(start);
}

document.addEventListener("DOMContentLoaded", () => {
  startAll(document);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      mutation.addedNodes.forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.matches("script[data-chooser-init]")) start(node);
          startAll(node);
        }
      });
    }
  }).observe(document.body, { childList: true, subtree: true });
});
