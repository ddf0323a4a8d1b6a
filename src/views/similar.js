// "Liknande exempel som redan finns": while a unit writes its title and summary, the
// published examples most like the draft appear beside the form, after a short pause in
// typing. It only advises: nothing is blocked. Without JavaScript the preview shows them.
(function () {
  "use strict";
  var PAUSE_MS = 700;
  var form = document.querySelector("form.submission");
  if (!form || !form.querySelector("#title") || !window.fetch) return;
  var title = form.querySelector("#title");
  var summary = form.querySelector("#summary");
  // The description: one field per section (their texts together), or one field.
  var sections = form.querySelectorAll("textarea[data-section]");
  var bodyField = form.querySelector("textarea#body");
  function bodyText() {
    if (sections.length) {
      return Array.prototype.map.call(sections, function (t) { return t.value; }).join("\n\n");
    }
    return bodyField ? bodyField.value : "";
  }

  var panel = document.createElement("section");
  panel.className = "similar-live";
  panel.setAttribute("aria-labelledby", "liknande-live");
  panel.hidden = true;
  var heading = document.createElement("h2");
  heading.id = "liknande-live";
  heading.textContent = "Liknande exempel som redan finns";
  var intro = document.createElement("p");
  intro.textContent = "Läs gärna dem – kanske kan ni lära av varandra. Du kan ändå skicka in ditt exempel.";
  var list = document.createElement("ul");
  panel.appendChild(heading);
  panel.appendChild(intro);
  panel.appendChild(list);
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  var anchor = summary ? summary.closest(".form-field") : title.closest(".form-field");
  anchor.parentNode.insertBefore(panel, anchor.nextSibling);
  anchor.parentNode.insertBefore(status, panel);

  var timer = null;
  var latest = 0;
  var lastShown = "";

  function render(hits) {
    var ids = hits.map(function (h) { return h.id; }).join(",");
    if (ids === lastShown) return;
    lastShown = ids;
    list.textContent = "";
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/exempel/" + encodeURIComponent(h.id);
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = h.title;
      var note = document.createElement("span");
      note.className = "visually-hidden";
      note.textContent = " (öppnas i en ny flik)";
      a.appendChild(note);
      li.appendChild(a);
      li.appendChild(document.createTextNode(" – " + h.unit));
      list.appendChild(li);
    });
    panel.hidden = hits.length === 0;
    status.textContent = hits.length ? hits.length + " liknande exempel finns redan." : "";
  }

  function lookup() {
    var draft = { title: title.value, summary: summary ? summary.value : "", body: bodyText() };
    if ((draft.title + draft.summary).trim().length < 4) { render([]); return; }
    var ticket = ++latest;
    fetch("/api/similar", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(draft),
    })
      .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
      .then(function (j) { if (ticket === latest) render(j.hits || []); })
      .catch(function () {});
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(lookup, PAUSE_MS);
  }
  title.addEventListener("input", later);
  if (summary) summary.addEventListener("input", later);
})();

// Writing aids for the description's fields: a count of characters under each, and buttons
// that format without typing Markdown (a bulleted list, bold, a link). Without JavaScript the
// hint says how to write the same by hand.
(function () {
  "use strict";
  var fields = document.querySelectorAll("form.submission textarea[data-section]");
  if (!fields.length) return;

  function wrap(field, before, after, placeholder) {
    var start = field.selectionStart, end = field.selectionEnd;
    var chosen = field.value.slice(start, end) || placeholder;
    field.setRangeText(before + chosen + after, start, end, "select");
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function list(field) {
    var start = field.value.lastIndexOf("\n", field.selectionStart - 1) + 1;
    var end = field.selectionEnd;
    var lines = field.value.slice(start, end).split("\n").map(function (line) {
      return line.indexOf("- ") === 0 ? line : "- " + line;
    });
    field.setRangeText(lines.join("\n"), start, end, "end");
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  Array.prototype.forEach.call(fields, function (field) {
    var label = field.labels && field.labels[0] ? field.labels[0].textContent : "";
    var bar = document.createElement("div");
    bar.className = "format-bar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Formatering: " + label);
    [
      ["Punktlista", function () { list(field); }],
      ["Fetstil", function () { wrap(field, "**", "**", "fet text"); }],
      ["Länk", function () {
        var address = window.prompt("Adressen som länken går till (https://…):", "https://");
        if (address && /^https?:\/\/\S+$/.test(address)) wrap(field, "[", "](" + address + ")", "länktext");
      }],
    ].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary small";
      button.textContent = b[0];
      button.addEventListener("click", b[1]);
      bar.appendChild(button);
    });
    field.parentNode.insertBefore(bar, field);

    var count = document.createElement("p");
    count.className = "hint count";
    function update() {
      var n = field.value.trim().length;
      count.textContent = n === 1 ? "1 tecken" : n + " tecken";
    }
    field.addEventListener("input", update);
    update();
    field.parentNode.insertBefore(count, field.nextSibling);
  });
})();
