/*
 * The meeting editor, enhanced. Every form here also works without this file
 * (plain POST, redirect); this adds, on top of htmx:
 *  - choosing a person by typing part of a name (a combobox over the server's
 *    accent-insensitive search), and catalogue tags by code or words;
 *  - focus where the next keystroke belongs after each save;
 *  - moving items in the page after the server moved them;
 *  - a visible message when a save fails, and a warning before leaving with
 *    typed text that is not saved.
 * Text from the server is put in the page with textContent, never as HTML.
 */
(function () {
  "use strict";

  const root = () => document.getElementById("editor-root");
  const msg = (name, fallback) => (root() && root().dataset[name]) || fallback;

  // --- a polite live region for short announcements
  function announce(text) {
    let region = document.getElementById("rec-live");
    if (!region) {
      region = document.createElement("div");
      region.id = "rec-live";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(() => { region.textContent = text; }, 50);
  }

  function showError(text) {
    let box = document.getElementById("rec-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "rec-error";
      box.className = "alert alert-danger rec-error-toast";
      box.setAttribute("role", "alert");
      const span = document.createElement("span");
      const close = document.createElement("button");
      close.type = "button";
      close.className = "btn-close ms-2";
      close.setAttribute("aria-label", "Đóng");
      close.addEventListener("click", () => box.remove());
      box.append(span, close);
      document.body.appendChild(box);
    }
    box.firstChild.textContent = text;
  }

  // --- combobox: one suggestion list under an input
  function combobox(input, options) {
    if (input.dataset.comboReady) return;
    input.dataset.comboReady = "1";
    input.removeAttribute("list");
    const list = document.createElement("ul");
    list.id = input.id + "-listbox";
    list.className = "rec-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const label = document.querySelector('label[for="' + input.id + '"]');
    if (label) list.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let results = [];
    let active = -1;
    let timer = null;
    let sequence = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const items = list.querySelectorAll('[role="option"]');
      items.forEach((item, i) => item.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(found) {
      results = found;
      list.replaceChildren();
      if (!found.length) {
        const empty = document.createElement("li");
        empty.className = "rec-suggest-empty";
        empty.textContent = options.emptyText;
        list.appendChild(empty);
      }
      found.forEach((result, i) => {
        const item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        const main = document.createElement("span");
        main.textContent = options.label(result);
        item.appendChild(main);
        const detail = options.detail(result);
        if (detail) {
          const small = document.createElement("span");
          small.className = "rec-suggest-detail";
          small.textContent = detail;
          item.appendChild(small);
        }
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(found.length ? 0 : -1);
    }

    function choose(index) {
      const result = results[index];
      if (!result) return;
      options.choose(result);
      close();
    }

    function lookup() {
      const query = options.query();
      if (!query) { close(); return; }
      const mine = ++sequence;
      fetch(options.url(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => { if (mine === sequence && document.activeElement === input) render(data.results || []); })
        .catch(() => {});
    }

    input.addEventListener("input", () => {
      if (options.onInput) options.onInput();
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 150);
    });
    input.addEventListener("keydown", (event) => {
      const open = !list.hidden && results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { lookup(); return; }
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Tab" && open && active >= 0 && options.chooseOnTab) {
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => window.setTimeout(close, 150));
  }

  function personPicker(input) {
    const editor = root();
    if (!editor) return;
    const idInput = document.getElementById(input.dataset.idInput);
    combobox(input, {
      emptyText: msg("msgNoMatch", "Không có ai khớp."),
      chooseOnTab: true,
      query: () => input.value.trim(),
      url: (q) => editor.dataset.peopleUrl + "?for=" + encodeURIComponent(input.dataset.personPicker) + "&q=" + encodeURIComponent(q),
      label: (r) => r.name,
      detail: (r) => r.detail,
      onInput: () => { if (idInput) idInput.value = ""; },
      choose: (r) => {
        input.value = r.name;
        if (idInput) idInput.value = r.id;
      },
    });
  }

  function tagPicker(input) {
    const editor = root();
    if (!editor) return;
    const lastToken = () => {
      const parts = input.value.split(/[,;]/);
      return parts[parts.length - 1].trim();
    };
    combobox(input, {
      emptyText: "—",
      chooseOnTab: false,
      query: lastToken,
      url: (q) => editor.dataset.catalogUrl + "?q=" + encodeURIComponent(q),
      label: (r) => r.code + " – " + r.text,
      detail: (r) => r.group,
      choose: (r) => {
        const parts = input.value.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
        parts.pop();
        parts.push(r.code);
        input.value = parts.join(", ") + ", ";
      },
    });
  }

  // --- focus and field states after the server answered
  function focusFirstField(container) {
    const field = container.querySelector(
      'input:not([type="hidden"]):not([disabled]), textarea, select'
    );
    if (field) field.focus();
  }

  function syncErrorState(errorBox) {
    const input = document.getElementById(errorBox.id.slice(0, -"-error".length));
    if (!input) return;
    const failed = errorBox.textContent.trim() !== "";
    input.classList.toggle("is-invalid", failed);
    if (failed) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function enhance(scope) {
    const all = (selector) => {
      const found = Array.from(scope.querySelectorAll ? scope.querySelectorAll(selector) : []);
      if (scope.matches && scope.matches(selector)) found.unshift(scope);
      return found;
    };
    all("[data-person-picker]").forEach(personPicker);
    all("[data-tag-picker]").forEach(tagPicker);
    all('.invalid-feedback[id$="-error"]').forEach(syncErrorState);
    all("[data-focus-first]").forEach((form) => {
      form.removeAttribute("data-focus-first");
      focusFirstField(form);
    });
    all("[data-autofocus]").forEach((element) => {
      element.removeAttribute("data-autofocus");
      element.focus();
    });
    all("[data-focus-reason]").forEach((note) => {
      const reason = document.getElementById(note.dataset.focusReason);
      note.removeAttribute("data-focus-reason");
      if (reason) reason.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:load", (event) => enhance(event.detail.elt));

  // --- "Đóng biểu mẫu": empty the slot a form was loaded into
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-clear-target]");
    if (!button) return;
    const slot = document.getElementById(button.dataset.clearTarget);
    if (!slot) return;
    const opener = slot.previousElementSibling;
    slot.replaceChildren();
    if (opener) opener.focus();
  });

  // --- keyboard: Ctrl+Enter in a text area saves its form
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    const target = event.target;
    if (target.tagName !== "TEXTAREA" || !target.form) return;
    event.preventDefault();
    target.form.requestSubmit();
  });

  // --- attendance: choosing "absent with reason" moves to the reason
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.type === "radio" && target.value === "absent_excused" && target.checked) {
      const reason = document.getElementById(target.name.replace("status-", "reason-"));
      if (reason && !reason.value) window.setTimeout(() => reason.focus(), 0);
    }
  });

  // --- reordering: the server moved the item; move it in the page too
  document.addEventListener("recording:moved", (event) => {
    const item = document.getElementById(event.detail.id);
    if (!item) return;
    const up = event.detail.direction < 0;
    if (up && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (!up && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
    const button = item.querySelector(up ? ".rec-move-up" : ".rec-move-down");
    if (button && window.getComputedStyle(button).visibility !== "hidden") button.focus();
    else {
      const other = item.querySelector(up ? ".rec-move-down" : ".rec-move-up");
      if (other) other.focus();
    }
    announce(up ? "Đã chuyển lên." : "Đã chuyển xuống.");
  });

  // --- failures: say so; what was typed stays in the form
  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    let text = msg("msgError", "Không lưu được.");
    // A refusal (403) or an outage (503) explains itself: show the server's sentence.
    if (xhr && (xhr.status === 403 || xhr.status === 503) && xhr.responseText) {
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      text = (doc.body.textContent || text).trim();
    }
    showError(text);
  });
  document.addEventListener("htmx:sendError", () => {
    showError(msg("msgOffline", "Không lưu được: mất kết nối."));
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) {
      const box = document.getElementById("rec-error");
      if (box) box.remove();
    }
  });

  // --- leaving with typed, unsaved text asks first
  window.addEventListener("beforeunload", (event) => {
    const unsaved = Array.from(
      document.querySelectorAll(".rec-add-form textarea, .rec-add-form input[type='text'], .rec-editing textarea")
    ).some((field) => field.value.trim() !== "" && field.value !== field.defaultValue);
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.addEventListener("submit", (event) => {
    // A plain (non-htmx) submission is the user saving: do not warn about it.
    if (!event.target.hasAttribute("hx-post")) {
      event.target.querySelectorAll("textarea, input").forEach((f) => { f.defaultValue = f.value; });
    }
  });
})();
