// The search page's filters and sort as a progressive enhancement: without this script they
// are GET forms with a "Visa resultat" and a "Sortera" button. With it, ticking a filter or
// choosing an order fetches the new results at once, replaces the results and the filter
// counts, puts the new address in the history, and a polite live region says how many
// examples were found. On wide screens the filter panel starts open.
(function () {
  "use strict";
  var WIDE = "(min-width: 60rem)";

  var panel = document.getElementById("filter-panel");
  var results = document.getElementById("resultat");
  if (!panel || !results || !window.fetch || !window.DOMParser) {
    return;
  }
  if (window.matchMedia && window.matchMedia(WIDE).matches) {
    panel.open = true;
  }

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  results.parentNode.insertBefore(status, results);

  function hideButtons(root) {
    var buttons = root.querySelectorAll("[data-without-script]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = true;
    }
  }

  // The address of the search the forms describe now: the filters, and the order chosen.
  function address() {
    var params = new URLSearchParams(new FormData(panel.querySelector("form.filters")));
    var sort = document.getElementById("sort");
    params.delete("sort");
    if (sort && sort.value !== "relevance") {
      params.set("sort", sort.value);
    }
    var query = params.toString();
    return "/sok" + (query ? "?" + query : "");
  }

  var pending = null;

  // The control that was changed, found again after the forms were replaced (ids of facet
  // values follow their order, which the new counts may change).
  function findAgain(name, value) {
    var inputs = document.querySelectorAll("form.filters input, form.sort-form select");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.name === name && (input.tagName === "SELECT" || input.value === value)) {
        return input;
      }
    }
    return null;
  }

  function update(changed) {
    var url = address();
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "text/html" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var newResults = page.getElementById("resultat");
        var newPanel = page.getElementById("filter-panel");
        if (!newResults || !newPanel) {
          window.location.assign(url);
          return;
        }
        results.innerHTML = newResults.innerHTML;
        var open = panel.open;
        panel.innerHTML = newPanel.innerHTML;
        panel.open = open;
        hideButtons(document);
        document.title = page.title;
        window.history.pushState(null, "", url);
        var heading = document.getElementById("resultat-rubrik");
        status.textContent = heading ? heading.textContent : "";
        var again = changed && findAgain(changed.name, changed.value);
        if (again) {
          again.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          // Something went wrong: the ordinary page load shows it, with the forms as sent.
          window.location.assign(url);
        }
      })
      .then(function () {
        results.removeAttribute("aria-busy");
      });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || !target.form) {
      return;
    }
    var form = target.form;
    if (form.classList.contains("filters") || form.classList.contains("sort-form")) {
      update({ name: target.name, value: target.value });
    }
  });
  // The forms still work by Enter or a button some browser shows anyway.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && (form.classList.contains("filters") || form.classList.contains("sort-form"))) {
      event.preventDefault();
      update(null);
    }
  });
  window.addEventListener("popstate", function () {
    window.location.reload();
  });
  hideButtons(document);
})();
