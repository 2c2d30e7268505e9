// The Donate button says what will be charged: "Donate €25", or "Donate €25/month" for a
// monthly gift. Without JavaScript the form works the same with a plain "Donate" button.
const form = document.querySelector("[data-donate-form]");

function decimalText(minor, exponent) {
  const digits = String(minor).padStart(exponent + 1, "0");
  return exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
}

if (form) {
  const button = form.querySelector("[data-donate-button]");
  const custom = form.elements.namedItem("custom_amount");
  const currency = form.dataset.currency;
  const format = new Intl.NumberFormat(document.documentElement.lang || "en", {
    style: "currency",
    currency,
    trailingZeroDisplay: "stripIfInteger",
  });
  const exponent = format.resolvedOptions().maximumFractionDigits;

  const chosenText = () => {
    const typed = custom.value.trim().replace(",", ".");
    const picked = form.querySelector('input[name="amount"]:checked');
    if (typed || (picked && picked.value === "other")) {
      return /^\d{1,12}(\.\d{1,2})?$/.test(typed) ? typed : null;
    }
    return picked ? decimalText(Number.parseInt(picked.value, 10), exponent) : null;
  };

  const update = () => {
    const amount = chosenText();
    const monthly = form.querySelector('input[name="frequency"]:checked')?.value === "monthly";
    button.textContent = amount ? `Donate ${format.format(amount)}${monthly ? "/month" : ""}` : "Donate";
  };

  custom.addEventListener("focus", () => {
    const other = form.querySelector('input[name="amount"][value="other"]');
    if (other) other.checked = true;
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}
