// The discussion in place, on top of htmx; without JavaScript every control is a plain link or form.
//
// The server answers a refused form with a 4xx fragment and an HX-Reswap header: those are swapped
// in place like any answer, so the reader sees the message next to what they did. Any other
// failure (a lost connection, an expired session) gets a plain message in the status line.
const status = () => document.getElementById("discussion-status");

document.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Reswap")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

function reportFailure() {
  const line = status();
  if (!line) return;
  const message = document.createElement("p");
  message.className = "discussion__message discussion__message--error";
  message.textContent = "That did not work. Reload the page and try again.";
  line.replaceChildren(message);
}

document.addEventListener("htmx:responseError", reportFailure);
document.addEventListener("htmx:sendError", reportFailure);

// "Cancel" under a reply form: without JavaScript it is a link back; here it closes the form
// and returns focus to the Reply link that opened it.
document.addEventListener("click", (event) => {
  const cancel = event.target.closest("[data-cancel-reply]");
  if (!cancel) return;
  const form = cancel.closest("form");
  if (!form || !form.closest(".reply-slot")) return;
  event.preventDefault();
  const commentId = cancel.dataset.cancelReply;
  form.remove();
  const opener = document.querySelector(`[data-reply-link="${CSS.escape(commentId)}"]`);
  if (opener) opener.focus();
});
