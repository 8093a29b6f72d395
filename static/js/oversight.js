// Oversight pages: small conveniences on top of forms that work without JavaScript.
(function () {
  "use strict";
  // A select marked data-autosubmit submits its form when changed (the form keeps its button).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) {
        select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
