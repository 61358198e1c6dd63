// A file input with data-max-bytes (base/request_size.py) says at once when a chosen file is too large, or the
// files together are: the form is then not sent. The server refuses such a request without reading it, and what
// was typed in the rest of the form would be lost.
(function () {
  "use strict";

  function check(input) {
    const each = Number(input.dataset.maxBytes || 0);
    const total = Number(input.dataset.maxTotal || 0);
    let sum = 0;
    let message = "";
    for (const file of input.files) {
      sum += file.size;
      if (each && file.size > each) {
        message = input.dataset.tooLarge.replace("{name}", file.name);
        break;
      }
    }
    if (!message && total && sum > total) {
      message = input.dataset.tooMuch;
    }
    input.setCustomValidity(message);
    if (message) {
      input.reportValidity();
    }
  }

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.maxBytes) {
      check(input);
    }
  });
})();
