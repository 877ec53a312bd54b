// Long forms: the section list beside the form recounts, as the person types, how many of
// the fields each section needs are filled (the server counted them when the page was made,
// so the list is right without this script), and marks the section being filled in.
(function () {
  "use strict";
  var form = document.querySelector("form[data-form-sections]");
  var nav = document.getElementById("form-sections");
  if (!form || !nav) { return; }

  function isFilled(input) {
    if (input.type === "checkbox" || input.type === "radio") { return input.checked; }
    if (input.type === "file") { return input.files.length > 0; }
    return input.value.trim() !== "";
  }

  function update() {
    var allFilled = 0;
    var allTotal = 0;
    form.querySelectorAll("[data-section]").forEach(function (section) {
      var entry = nav.querySelector('[data-progress-for="' + section.getAttribute("data-section") + '"]');
      var count = entry && entry.querySelector("[data-progress-count]");
      if (!count) { return; }
      // One item may be several inputs (an author named by account or by name, in any row).
      var items = {};
      section.querySelectorAll("[data-progress-item]").forEach(function (input) {
        var key = input.getAttribute("data-progress-item");
        items[key] = items[key] || isFilled(input);
      });
      var keys = Object.keys(items);
      var filled = keys.filter(function (key) { return items[key]; }).length;
      count.textContent = filled + "/" + keys.length;
      var complete = keys.length > 0 && filled === keys.length;
      entry.classList.toggle("is-complete", complete);
      entry.querySelector("[data-progress-done]").hidden = !complete;
      allFilled += filled;
      allTotal += keys.length;
    });
    var summary = nav.querySelector("[data-progress-summary]");
    if (summary) { summary.textContent = allFilled + "/" + allTotal; }
  }

  function markCurrent(event) {
    var section = event.target.closest && event.target.closest("[data-section]");
    if (!section) { return; }
    nav.querySelectorAll("a[aria-current]").forEach(function (link) { link.removeAttribute("aria-current"); });
    var link = nav.querySelector('a[href="#' + section.id + '"]');
    if (link) { link.setAttribute("aria-current", "step"); }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("focusin", markCurrent);
  // Rows added by "Add an author" hold counted inputs too.
  var rows = document.getElementById("author-rows");
  if (rows && window.MutationObserver) { new MutationObserver(update).observe(rows, { childList: true }); }
  update();
})();
