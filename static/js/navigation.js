/* Progressive enhancement of the header; everything works without it.
   - one dropdown open at a time; a click outside or Escape closes them;
   - the language applies as soon as it is chosen (the <noscript> button does it otherwise);
   - on a wide screen the menu's panel is always shown (browsers without ::details-content). */
(function () {
  "use strict";
  var groups = function () { return document.querySelectorAll("details[data-nav-group]"); };

  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches("details[data-nav-group]") || !opened.open) return;
    groups().forEach(function (other) { if (other !== opened) other.open = false; });
  }, true);

  document.addEventListener("click", function (event) {
    groups().forEach(function (group) {
      if (group.open && !group.contains(event.target)) group.open = false;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups().forEach(function (group) {
      if (group.open) {
        group.open = false;
        var summary = group.querySelector("summary");
        if (summary && group.contains(document.activeElement)) summary.focus();
      }
    });
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-submit-on-change]") && select.form) {
      if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
    }
  });

  var wide = window.matchMedia("(min-width: 75rem)");
  var menu = document.querySelector("details[data-site-menu]");
  var sync = function () { if (menu && wide.matches) menu.open = true; };
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
