// A file input with data-max-bytes (base/request_size.py) says at once when a chosen file is too large, or the
// files together are: the message shows above the input as the form's own errors do, and the form is not sent.
// The server refuses such a request without reading it, and what was typed in the rest of the form would be lost.
(function () {
  "use strict";

  function problem(input) {
    const each = Number(input.dataset.maxBytes || 0);
    const total = Number(input.dataset.maxTotal || 0);
    let sum = 0;
    for (const file of input.files) {
      sum += file.size;
      if (each && file.size > each) {
        return input.dataset.tooLarge.replace("{name}", file.name);
      }
    }
    return total && sum > total ? input.dataset.tooMuch : "";
  }

  function show(input, message) {
    const group = input.closest(".form-group") || input.parentElement;
    const id = input.id + "-too-large";
    let shown = document.getElementById(id);
    if (!message) {
      if (shown) {
        shown.remove();
        // The page's own error for the field (from the server) keeps the group marked.
        if (!group.querySelector(".form-error-message")) {
          group.classList.remove("form-error");
        }
      }
      return;
    }
    if (!shown) {
      shown = document.createElement("span");
      shown.id = id;
      shown.className = "form-error-message";
      shown.setAttribute("role", "alert");
      input.before(shown);
    }
    shown.textContent = message;
    group.classList.add("form-error");
  }

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.maxBytes) {
      const message = problem(input);
      input.setCustomValidity(message);
      show(input, message);
    }
  });
})();
