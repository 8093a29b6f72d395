/*
 * Form helpers used on every page (loaded by base.html). Every form works
 * without this file.
 */
(function () {
  "use strict";

  // File pickers (templates/widgets/file_picker.html): from here on the page
  // shows the Vietnamese button and file name instead of the browser's own
  // control (static/css/forms.css). The class is on <html> and the listener on
  // the document, so pickers put in the page later (a form re-rendered in
  // place) work too.
  document.documentElement.classList.add("js-file-picker");

  function showChosen(input) {
    var picker = input.closest("[data-file-picker]");
    var name = picker && picker.querySelector("[data-file-picker-name]");
    if (!name) {
      return;
    }
    var files = input.files ? Array.prototype.slice.call(input.files) : [];
    name.textContent = files.length
      ? files.map(function (file) { return file.name; }).join(", ")
      : name.dataset.empty;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file") {
      showChosen(input);
    }
  });

  // A file the browser kept (back button, reload) is named too.
  function showKept() {
    document.querySelectorAll("[data-file-picker] input[type=file]").forEach(showChosen);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showKept);
  } else {
    showKept();
  }
})();
