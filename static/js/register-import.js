// Roster import: upload with a progress bar, then "checking" until the preview is ready.
// The form works without JavaScript; this only shows progress for large files.
(function () {
  "use strict";

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function bind() {
    var form = document.querySelector("form[data-import-upload]");
    if (!form || !window.XMLHttpRequest || !window.FormData) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files || !input.files.length) {
        return; // let the server say what is missing
      }
      event.preventDefault();
      var file = input.files[0];
      var box = document.getElementById("import-progress");
      var bar = document.getElementById("import-progress-bar");
      var label = document.getElementById("import-progress-label");
      var status = document.getElementById("import-progress-status");
      var button = form.querySelector("button[type=submit]");
      box.hidden = false;
      button.disabled = true;
      var lines = null;
      if (/\.csv$/i.test(file.name) && file.text) {
        file.text().then(function (text) {
          lines = Math.max(text.split(/\r\n|\n|\r/).filter(function (l) { return l.trim(); }).length - 1, 0);
        });
      }

      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((100 * e.loaded) / e.total);
          status.textContent = bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value"); // indeterminate while the server checks
        // The texts come translated from the page (data-msg-* on the form).
        label.textContent = lines !== null
          ? form.dataset.msgCheckingLines.replace("%s", formatNumber(lines))
          : form.dataset.msgChecking;
        status.textContent = form.dataset.msgSlow;
      });
      xhr.addEventListener("load", function () {
        if (/\/register\/import\/\d+\/$/.test(xhr.responseURL || "")) {
          window.location.assign(xhr.responseURL);
          return;
        }
        // The form came back with a message: show it in place.
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = doc.getElementById("main");
        if (main) {
          document.getElementById("main").innerHTML = main.innerHTML;
          bind();
        } else {
          form.submit();
        }
      });
      xhr.addEventListener("error", function () {
        box.hidden = true;
        button.disabled = false;
        form.submit();
      });
      xhr.send(new FormData(form));
    });
  }

  bind();
})();
