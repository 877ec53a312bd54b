/* A page still being made (certificates rendered by the task worker) reloads itself every few
   seconds while an element asks for it with data-refresh-after="seconds"; a link does it without
   JavaScript. Replaces <meta http-equiv="refresh">, which screen readers cannot stop. */
(function () {
  "use strict";
  var marker = document.querySelector("[data-refresh-after]");
  if (!marker) return;
  var seconds = parseInt(marker.getAttribute("data-refresh-after"), 10) || 5;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
