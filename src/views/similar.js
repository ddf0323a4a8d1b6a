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
  var body = form.querySelector("#body");

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
    var draft = { title: title.value, summary: summary ? summary.value : "", body: body ? body.value : "" };
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
