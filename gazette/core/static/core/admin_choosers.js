// Wagtail's date and time widgets start themselves with an inline script, which Gazette's
// Content Security Policy forbids. Our copies of those widget templates leave their settings in
// a JSON block instead; this file (same origin, so allowed) starts each widget from it.
// The page, image, document and snippet choosers get the same treatment (CoreConfig.ready), but
// they are classes: `new ImageChooser(id, options)`.
const STARTERS = new Set(["initDateTimeChooser", "initDateChooser", "initTimeChooser"]);
const CHOOSERS = new Set([
  "Chooser",
  "PageChooser",
  "ImageChooser",
  "DocumentChooser",
  "SnippetChooser",
]);

function start(block) {
  if (block.dataset.chooserStarted) return;
  const name = block.dataset.chooserInit;
  const starter = window[name];
  if (!(STARTERS.has(name) || CHOOSERS.has(name)) || typeof starter !== "function") return;
  block.dataset.chooserStarted = "true";
  const config = JSON.parse(block.textContent);
  if (CHOOSERS.has(name)) {
    new starter(block.dataset.chooserFor, config);
  } else {
    starter(block.dataset.chooserFor, config);
  }
}

// Draftail, the rich text editor, adds <style> elements for its placeholders and list numbering.
// Admin pages accept <style> elements carrying the response's nonce (AdminPreviewFramingMiddleware),
// so elements that the admin's own scripts create get it; styles in markup still do not.
const styleNonce = document.getElementById("gazette-style-nonce")?.nonce;
if (styleNonce) {
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function createElementWithStyleNonce(...args) {
    const element = createElement.apply(this, args);
    if (element instanceof HTMLStyleElement) element.nonce = styleNonce;
    return element;
  };
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
