/*
 * The meeting editor, enhanced. Every form here also works without this file
 * (plain POST, redirect); this adds, on top of htmx:
 *  - choosing a person by typing part of a name (a combobox over the server's
 *    accent-insensitive search), and catalogue tags by code or words;
 *  - focus where the next keystroke belongs after each save;
 *  - moving items in the page after the server moved them;
 *  - a visible message when a save fails, and a warning before leaving with
 *    typed text that is not saved;
 *  - saving as you go: a form saves itself when a field changes or is left,
 *    and after a pause in typing; an add form adds its item when it is left
 *    filled in; the "Lưu"/"Thêm" buttons are for pages without JavaScript;
 *  - on a wide screen, the document as it will print beside the editor,
 *    fetched again once saves settle; on a phone, sections folded to their
 *    headings and counts.
 * Text from the server is put in the page with textContent, or by htmx from
 * the server's own (escaped) templates.
 */
(function () {
  "use strict";

  // Styles hide the no-JavaScript save buttons once this runs (recording.css).
  document.documentElement.classList.add("rec-js");

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

  // --- saving as you go
  //
  // A form marked data-autosave is sent by itself (the "rec:autosave" event its
  // hx-trigger listens for) when a field changes or is left, and after a pause
  // in typing. Only what differs from what was last stored is sent, one
  // request at a time per form (hx-sync), so each save costs one request.
  // "meeting" and "item" forms answer out of band (status, errors, revision or
  // version) and never replace a field being typed in. An "add" form is
  // submitted when the user leaves it with its required fields filled in.
  const TYPING_PAUSE = 1500;
  const lastSaved = new WeakMap(); // form -> its values as last stored (or as first shown)
  const sending = new WeakMap(); // form -> its values as sent in the request under way
  const timers = new Map(); // form -> pending autosave
  const leftForms = new Set(); // ids of add forms submitted because the user left them
  let leaving = null;

  function serialize(form) {
    const out = [];
    new FormData(form).forEach((value, name) => {
      // Tokens and versions are not what the user typed.
      if (name === "csrfmiddlewaretoken" || /-(revision|original)$/.test(name)) return;
      out.push(name + "=" + value);
    });
    return out.join("&");
  }

  function remember(form) {
    if (!lastSaved.has(form)) lastSaved.set(form, serialize(form));
  }

  function isDirty(form) {
    return lastSaved.has(form) && form.isConnected && serialize(form) !== lastSaved.get(form);
  }

  function cancelTimer(form) {
    window.clearTimeout(timers.get(form));
    timers.delete(form);
  }

  function autosave(form) {
    cancelTimer(form);
    if (!form.isConnected || form.dataset.autosavePaused || !isDirty(form)) return;
    if (form.classList.contains("htmx-request") && sending.get(form) === serialize(form)) return;
    window.htmx.trigger(form, "rec:autosave");
  }

  function autosaveLater(form) {
    cancelTimer(form);
    timers.set(form, window.setTimeout(() => autosave(form), TYPING_PAUSE));
  }

  const savingForm = (element) => {
    const form = element && (element.form || (element.closest && element.closest("form")));
    return form && (form.dataset.autosave === "meeting" || form.dataset.autosave === "item") ? form : null;
  };
  // Long text is saved during a pause in typing; a short field (a name, a date, a
  // number) when it is left, so a half-typed value is never sent and refused.
  document.addEventListener("input", (event) => {
    const form = savingForm(event.target);
    if (form && event.target.tagName === "TEXTAREA") autosaveLater(form);
  });
  document.addEventListener("change", (event) => {
    const form = savingForm(event.target);
    if (form) autosave(form);
  });
  document.addEventListener("focusout", (event) => {
    const target = event.target;
    const form = savingForm(target);
    if (form) {
      autosave(form);
      return;
    }
    const add = target.form || (target.closest && target.closest("form"));
    if (!add || add.dataset.autosave !== "add") return;
    // Where the focus went is known once the event is over.
    window.setTimeout(() => {
      const now = document.activeElement;
      if (!add.isConnected || add.contains(now) || !document.hasFocus()) return;
      if (now && now.closest("[data-clear-target]")) return; // "Đóng biểu mẫu": closing, not adding
      if (!readyToAdd(add)) return;
      leaving = add.id;
      add.requestSubmit();
      leaving = null;
    }, 0);
  });

  function readyToAdd(form) {
    if (!isDirty(form) || form.classList.contains("htmx-request")) return false;
    const fields = Array.from(form.elements);
    const typed = fields.some((f) => (f.tagName === "TEXTAREA" || f.type === "text") && f.value.trim() !== "");
    const required = fields.filter((f) => f.required);
    return typed && required.every((f) => f.value.trim() !== "");
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.dataset.autosave === "add") {
      if (leaving === form.id) leftForms.add(form.id);
      else leftForms.delete(form.id);
      return;
    }
    if (form.dataset.autosave !== "item" || !window.htmx) return;
    cancelTimer(form);
    // "Xong" with everything stored already: show the item again, nothing to save.
    if (!form.dataset.autosavePaused && !isDirty(form) && form.dataset.showUrl) {
      event.preventDefault();
      event.stopPropagation();
      const item = form.closest("li");
      window.htmx.ajax("GET", form.dataset.showUrl, { source: form, target: item, swap: "outerHTML" });
    }
  }, true);

  // Escape in an item being edited closes it, as "Xong" does.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const form = savingForm(event.target);
    if (form && form.dataset.autosave === "item") {
      event.preventDefault();
      form.requestSubmit(form.querySelector(".rec-done"));
    }
  });

  document.addEventListener("htmx:configRequest", (event) => {
    const form = event.detail.elt;
    if (!form.dataset || !form.dataset.autosave) return;
    sending.set(form, serialize(form));
    if (event.detail.triggeringEvent && event.detail.triggeringEvent.type === "rec:autosave") {
      event.detail.headers["X-Rec-Autosave"] = "1";
    }
  });
  // The server stored what was sent (or, after a conflict, the user has been
  // told and their next change overwrites): that is now the saved state.
  function sent(event) {
    const form = event.target;
    if (!sending.has(form)) return;
    lastSaved.set(form, sending.get(form));
    if (isDirty(form)) autosaveLater(form); // typed on while it was saving
  }
  document.addEventListener("rec:saved", sent);
  document.addEventListener("rec:conflict", sent);

  // --- the document beside the editor (wide screens only)
  const WIDE = window.matchMedia("(min-width: 1200px)");
  const PHONE = window.matchMedia("(max-width: 575.98px)");
  let liveTimer = null;

  function loadLive() {
    const pane = document.getElementById("live-document");
    if (!pane || !WIDE.matches || !window.htmx) return;
    // Saves still under way: wait for them, the document would be stale at once.
    if (document.querySelector("form.htmx-request, tr.htmx-request")) {
      refreshLiveSoon();
      return;
    }
    pane.dataset.loaded = "1";
    window.htmx.ajax("GET", pane.dataset.url, { source: pane, target: pane, swap: "innerHTML" });
  }

  function refreshLiveSoon() {
    window.clearTimeout(liveTimer);
    liveTimer = window.setTimeout(loadLive, 800);
  }

  document.addEventListener("htmx:afterRequest", (event) => {
    const config = event.detail.requestConfig;
    if (event.detail.successful && config && config.verb !== "get") refreshLiveSoon();
  });
  WIDE.addEventListener("change", () => {
    const pane = document.getElementById("live-document");
    if (pane && !pane.dataset.loaded) loadLive();
  });

  // --- on a phone, sections fold to their headings (and counts)
  function openAround(id) {
    const target = id && document.getElementById(id);
    const fold = target && target.closest("details.rec-fold");
    if (fold) fold.open = true;
  }

  function foldForPhone() {
    if (!PHONE.matches) return;
    const hash = window.location.hash.slice(1);
    const target = hash && document.getElementById(hash);
    document.querySelectorAll("details.rec-fold").forEach((fold) => {
      if (!(target && fold.contains(target))) fold.open = false;
    });
  }

  window.addEventListener("hashchange", () => openAround(window.location.hash.slice(1)));
  document.addEventListener("DOMContentLoaded", () => {
    foldForPhone();
    loadLive();
  });

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
    all("form[data-autosave]").forEach(remember);
    all("[data-focus-first]").forEach((form) => {
      form.removeAttribute("data-focus-first");
      // An item added because the user left its form: the focus stays where they went.
      if (leftForms.delete(form.id)) return;
      // Nor is anyone pulled back who moved on while the server answered.
      const here = document.activeElement;
      if (here && here !== document.body && !form.contains(here)) return;
      focusFirstField(form);
    });
    all("[data-autofocus]").forEach((element) => {
      element.removeAttribute("data-autofocus");
      element.focus();
    });
    all("[data-focus-reason]").forEach((note) => {
      const reason = document.getElementById(note.dataset.focusReason);
      note.removeAttribute("data-focus-reason");
      // Only if the user is still on that row: never pull them back from where they went.
      const here = document.activeElement;
      const row = reason && reason.closest("tr");
      if (reason && (!here || here === document.body || (row && row.contains(here)))) reason.focus();
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
    if (target.matches("select.rec-att-select") && target.value === "absent_excused") {
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
  const isLivePane = (event) => event.detail.elt && event.detail.elt.id === "live-document";
  document.addEventListener("htmx:responseError", (event) => {
    if (isLivePane(event)) return; // the document beside the editor: the next save tries again
    const xhr = event.detail.xhr;
    let text = msg("msgError", "Không lưu được.");
    // A refusal (403) or an outage (503) explains itself: show the server's sentence.
    if (xhr && (xhr.status === 403 || xhr.status === 503) && xhr.responseText) {
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      text = (doc.body.textContent || text).trim();
    }
    showError(text);
  });
  document.addEventListener("htmx:sendError", (event) => {
    if (isLivePane(event)) return;
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
    const typed = Array.from(
      document.querySelectorAll(".rec-add-form textarea, .rec-add-form input[type='text'], .rec-editing textarea")
    ).some((field) => field.value.trim() !== "" && field.value !== field.defaultValue);
    const pending = Array.from(document.querySelectorAll("form[data-autosave='meeting'], form[data-autosave='item']"))
      .some((form) => isDirty(form) || timers.has(form));
    const inFlight = document.querySelector("form.htmx-request, tr.htmx-request");
    if (typed || pending || inFlight) {
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
