// Keys for the moderation queue: j and k move between the comments, a approves the current
// one, r rejects it, b bans its author for 7 days (and rejects it), x ticks it for the bulk
// buttons. Each key presses a button or box that works without this file; a filter that
// reloads the results replaces the entries, so everything is looked up when a key is pressed.
const ENTRY = "[data-queue-entry]";
const CURRENT = "is-current";

function entries() {
  return [...document.querySelectorAll(ENTRY)];
}

function currentEntry() {
  return document.querySelector(`${ENTRY}.${CURRENT}`);
}

function markCurrent(entry) {
  if (!entry || entry.classList.contains(CURRENT)) return;
  currentEntry()?.classList.remove(CURRENT);
  entry.classList.add(CURRENT);
}

function makeCurrent(entry) {
  if (!entry) return;
  markCurrent(entry);
  entry.focus({ preventScroll: true });
  entry.scrollIntoView({ block: "nearest" });
}

function move(step) {
  const all = entries();
  if (!all.length) return;
  const index = all.indexOf(currentEntry());
  const next = index === -1 ? (step > 0 ? 0 : all.length - 1) : index + step;
  makeCurrent(all[Math.min(Math.max(next, 0), all.length - 1)]);
}

function press(entry, action) {
  const button = entry.querySelector(`[data-queue-action="${action}"]`);
  if (!button || button.disabled) return;
  if (action === "ban") {
    const duration = button.form.querySelector("[data-queue-ban-duration]");
    if (duration) duration.value = "7";
  }
  button.disabled = true; // one key press, one decision
  button.form.requestSubmit();
}

function toggle(entry) {
  const box = entry.querySelector("[data-queue-select]");
  if (box) box.checked = !box.checked;
}

const TYPING = "input:not([type=checkbox]), textarea, select, [contenteditable]";

const KEYS = {
  j: () => move(1),
  k: () => move(-1),
  a: (entry) => entry && press(entry, "approve"),
  r: (entry) => entry && press(entry, "reject"),
  b: (entry) => entry && press(entry, "ban"),
  x: (entry) => entry && toggle(entry),
};

document.addEventListener("keydown", (event) => {
  const handler = KEYS[event.key];
  if (!handler || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest(TYPING)) return;
  if (!document.querySelector(ENTRY)) return;
  event.preventDefault();
  handler(currentEntry());
});

// A click or tab into an entry makes it the current one, so the keys act where the eye is.
for (const type of ["focusin", "click"]) {
  document.addEventListener(type, (event) => markCurrent(event.target.closest?.(ENTRY)));
}
