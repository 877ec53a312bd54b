// The dossier form: "Add an author" copies the empty author row (the form works without it:
// the server always offers one empty row).
(function () {
  "use strict";
  var button = document.getElementById("add-author");
  var template = document.getElementById("author-template");
  var total = document.getElementById("id_authors-TOTAL_FORMS");
  if (!button || !template || !total) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    document.getElementById("author-rows").insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
  });
})();
