// Full-size images in an accessible dialog. Without JavaScript the link opens the image itself.
const dialog = document.createElement("dialog");
dialog.className = "lightbox";
dialog.setAttribute("aria-label", "Full-size image");
dialog.innerHTML =
  '<form method="dialog" class="lightbox__bar"><button class="lightbox__close" type="submit">Close<span class="visually-hidden"> full-size image</span></button></form>' +
  '<figure class="lightbox__figure"><img class="lightbox__image" alt=""><figcaption class="lightbox__caption"></figcaption></figure>';
let opener = null;

function open(link) {
  const image = dialog.querySelector(".lightbox__image");
  const preview = link.querySelector("img");
  image.src = link.href;
  image.alt = preview ? preview.alt : "";
  image.width = Number(link.dataset.fullWidth) || 0;
  image.height = Number(link.dataset.fullHeight) || 0;
  dialog.querySelector(".lightbox__caption").textContent = link.dataset.caption || "";
  opener = link;
  if (!dialog.isConnected) document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector(".lightbox__close").focus();
}

dialog.addEventListener("close", () => {
  if (opener) opener.focus();
  opener = null;
});
dialog.addEventListener("click", (event) => {
  if (event.target === dialog) dialog.close();
});

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-lightbox]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  open(link);
});
