// "Min mässa": a visitor marks sessions and stands in a Goda exempelmässa catalogue and sees
// them as a personal programme, with clashes named. Kept in localStorage, per edition; no
// login and nothing sent to the server. Without JavaScript the catalogue reads the same,
// only without the buttons.
(function () {
  "use strict";
  var root = document.querySelector("[data-massa]");
  if (!root) return;
  var key = "goda-min-massa-" + root.getAttribute("data-massa");
  var section = document.getElementById("min-massa");
  var list = section.querySelector("[data-min-massa]");
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  section.appendChild(status);

  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(ids) ? ids.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }
  function store(ids) {
    try {
      window.localStorage.setItem(key, JSON.stringify(ids));
    } catch (e) {
      status.textContent = "Webbläsaren kunde inte spara listan.";
    }
  }
  var saved = load();

  var entries = Array.prototype.slice.call(root.querySelectorAll("[data-entry]"));
  var buttons = [];
  entries.forEach(function (el) {
    var id = el.getAttribute("data-entry");
    var actions = el.querySelector(".entry-actions");
    if (!actions) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary favourite";
    button.setAttribute("data-id", id);
    button.appendChild(document.createTextNode("Spara i Min mässa"));
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ": " + el.getAttribute("data-title");
    button.appendChild(hidden);
    button.addEventListener("click", function () { toggle(id, el.getAttribute("data-title")); });
    actions.appendChild(button);
    buttons.push(button);
  });

  function toggle(id, title) {
    var i = saved.indexOf(id);
    if (i >= 0) {
      saved.splice(i, 1);
      status.textContent = title + " är borttaget ur Min mässa.";
    } else {
      saved.push(id);
      status.textContent = title + " är sparat i Min mässa." + clashText(id);
    }
    store(saved);
    render();
  }

  // " Krockar med …" when the session of `id` overlaps another saved session, for the
  // announcement of a save (the list shows the same beside the session).
  function clashText(id) {
    var mine = describe(id);
    if (!mine.start) return "";
    var others = saved.map(describe).filter(function (o) {
      return o.id !== id && o.start && o.start < mine.end && mine.start < o.end;
    });
    if (others.length === 0) return "";
    return " Krockar med " + others.map(function (o) { return o.title; }).join(" och ") + ".";
  }

  // What the catalogue says of an example: its session (if any) and its stand (if any).
  function describe(id) {
    var item = { id: id, title: id };
    entries.forEach(function (el) {
      if (el.getAttribute("data-entry") !== id) return;
      item.title = el.getAttribute("data-title");
      if (el.hasAttribute("data-start")) {
        item.start = el.getAttribute("data-start");
        item.end = el.getAttribute("data-end");
        item.when = el.getAttribute("data-when");
        item.href = "#" + el.id;
      }
      if (el.hasAttribute("data-stand")) {
        item.stand = el.getAttribute("data-stand");
        item.href = item.href || "#" + el.id;
      }
    });
    return item;
  }

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function render() {
    buttons.forEach(function (b) {
      var on = saved.indexOf(b.getAttribute("data-id")) >= 0;
      // The name stays; aria-pressed says whether it is saved (and the style shows it).
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var items = saved.map(describe);
    var sessions = items.filter(function (x) { return x.start; });
    sessions.sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : 0; });
    var stands = items.filter(function (x) { return x.stand && !x.start; });
    list.textContent = "";
    if (items.length === 0) {
      list.appendChild(text("p", "Du har inte sparat något än."));
    }
    if (sessions.length > 0) {
      list.appendChild(text("h3", "Mina pass"));
      var ol = document.createElement("ol");
      ol.className = "my-programme";
      sessions.forEach(function (s) {
        var li = document.createElement("li");
        var a = text("a", s.title);
        a.href = s.href;
        li.appendChild(text("span", s.when + ": ", "when"));
        li.appendChild(a);
        var clashes = sessions.filter(function (o) {
          return o !== s && o.start < s.end && s.start < o.end;
        });
        if (clashes.length > 0) {
          li.className = "clash";
          li.appendChild(text("strong", " Krockar med " + clashes.map(function (o) { return o.title; }).join(" och ") + "."));
        }
        ol.appendChild(li);
      });
      list.appendChild(ol);
    }
    if (stands.length > 0) {
      list.appendChild(text("h3", "Mina montrar"));
      var ul = document.createElement("ul");
      stands.sort(function (a, b) { return Number(a.stand) - Number(b.stand); });
      stands.forEach(function (s) {
        var li = document.createElement("li");
        var a = text("a", "Monter " + s.stand + ": " + s.title);
        a.href = "#monter-" + s.stand;
        li.appendChild(a);
        ul.appendChild(li);
      });
      list.appendChild(ul);
    }
  }

  section.hidden = false;
  render();
})();
