// Search-as-you-type for every search box (input[data-suggest]), as a progressive
// enhancement: without this script the box is a plain search field in a GET form.
// It follows the ARIA 1.2 combobox pattern with a listbox popup: arrow keys move through the
// suggestions, Enter picks one, Escape closes the list, and a polite live region announces
// how many suggestions there are.
(function () {
  "use strict";
  var DELAY_MS = 150;

  function enhance(input, index) {
    var listId = "forslag-" + index;
    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Sökförslag");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var item = items[i];
      if (!item) return;
      if (item.kind === "title" && item.id) {
        window.location.href = "/exempel/" + encodeURIComponent(item.id);
        return;
      }
      input.value = item.text;
      close();
      if (input.form) input.form.submit();
    }

    function render(completions) {
      items = completions;
      list.textContent = "";
      completions.forEach(function (c, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = c.kind === "title" ? "suggestion title" : "suggestion";
        var kind = document.createElement("span");
        kind.className = "visually-hidden";
        kind.textContent = c.kind === "title" ? "Exempel: " : "Sök på: ";
        li.appendChild(kind);
        li.appendChild(document.createTextNode(c.text));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      if (completions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = completions.length + (completions.length === 1 ? " förslag" : " förslag") +
          ". Använd pil upp och pil ner för att välja.";
      } else {
        close();
        status.textContent = "";
      }
      active = -1;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { render([]); return; }
      var ticket = ++latest;
      fetch("/api/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { completions: [] }; })
        .then(function (body) { if (ticket === latest) render(body.completions || []); })
        .catch(function () { if (ticket === latest) render([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length > 0;
      if (e.key === "ArrowDown") {
        if (!open) { fetchSuggestions(); return; }
        e.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp" && open) {
        e.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape" && open) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();

// Copy buttons (button[data-copy]: the id of the element whose text is copied), shown only
// when this script runs; the text itself is always on the page to select by hand.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  if (!buttons.length || !navigator.clipboard) {
    return;
  }
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) {
        return;
      }
      var said = document.createElement("span");
      said.className = "visually-hidden";
      said.setAttribute("role", "status");
      button.parentNode.insertBefore(said, button.nextSibling);
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(function () {
          said.textContent = "Länken är kopierad.";
          button.textContent = "Kopierad";
        });
      });
    })(buttons[i]);
  }
})();


// On organisers' pages (they have the logout form): a warning ten minutes before the session
// ends for want of activity (eight hours; every request moves the end on), with a button that
// keeps the session (GET /admin/session) without leaving the page, so that nothing typed is
// lost (WCAG 2.2.1). A save after the end still keeps what was typed.
(function () {
  "use strict";
  var SESSION_MS = 8 * 60 * 60 * 1000;
  var WARN_MS = 10 * 60 * 1000;
  var main = document.querySelector("main");
  if (!document.querySelector("form.logout") || !main || !window.fetch) {
    return;
  }
  var timer;
  function warn() {
    var warning = document.createElement("div");
    warning.className = "notice";
    warning.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent =
      "Du loggas ut om tio minuter, eftersom sidan har varit öppen länge utan att något har sparats.";
    var keep = document.createElement("button");
    keep.type = "button";
    keep.textContent = "Fortsätt vara inloggad";
    keep.addEventListener("click", function () {
      keep.disabled = true;
      window.fetch("/admin/session", { credentials: "same-origin", redirect: "manual" })
        .then(function (r) {
          if (r.status !== 204) {
            throw new Error("session ended");
          }
          warning.setAttribute("role", "status");
          warning.replaceChildren(document.createElement("p"));
          warning.firstChild.textContent = "Du är inloggad i åtta timmar till.";
          schedule();
        })
        .catch(function () {
          keep.disabled = false;
          text.textContent =
            "Inloggningen gick inte att förlänga. Spara det du skriver: det du skrev finns kvar även om du har blivit utloggad.";
        });
    });
    warning.appendChild(text);
    warning.appendChild(keep);
    main.insertBefore(warning, main.firstChild);
  }
  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(warn, SESSION_MS - WARN_MS);
  }
  schedule();
})();
