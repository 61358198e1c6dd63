// The API documentation page: Swagger UI draws some choice lists without a name (a parameter's list of values,
// the list of examples). Give each the name a screen reader reads out, whenever Swagger UI draws one.
(function () {
  "use strict";
  const page = document.documentElement.lang === "da"
    ? { examples: "Eksempler", filter: "Søg efter gruppe", values: "Værdi af " }
    : { examples: "Examples", filter: "Filter by group", values: "Value of " };

  function name(root) {
    root.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      const row = select.closest("tr[data-param-name]");
      if (row) {
        select.setAttribute("aria-label", page.values + row.dataset.paramName);
      } else if (select.classList.contains("examples-select-element")) {
        select.setAttribute("aria-label", page.examples);
      } else if (!select.labels || select.labels.length === 0) {
        select.setAttribute("aria-label", select.className || page.values);
      }
    });
    // A code block that still scrolls (a long line) can be scrolled with the keyboard.
    root.querySelectorAll("pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
    root.querySelectorAll("input.operation-filter-input:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", page.filter);
    });
  }

  const ui = document.getElementById("swagger-ui");
  new MutationObserver(function () { name(ui); }).observe(ui, { childList: true, subtree: true });
})();
