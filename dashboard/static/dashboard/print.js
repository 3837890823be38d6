// The "Print" button of the clinic summary (no inline handlers: the page's CSP forbids them).
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
