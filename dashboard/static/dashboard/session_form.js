// The supervised-session form: "Add bout" adds a row at once (one tap, nothing sent), copying
// the last bout's speed and grade; each bout's timer stamps onset, chosen pain and rest in
// seconds. Without this script the form still works: "Add bout" asks the server for a row.
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  if (!form) { return; }
  var bouts = document.getElementById("bouts");
  var template = document.getElementById("bout-template");
  var addButton = document.getElementById("add-bout");

  function renumber() {
    bouts.querySelectorAll(".bout-number").forEach(function (span, index) {
      span.textContent = String(index + 1);
    });
  }

  function field(bout, name) { return bout.querySelector('[data-bout-field="' + name + '"]'); }

  function wireTimer(bout) {
    var timer = bout.querySelector(".bout-timer");
    var display = timer.querySelector(".timer-display");
    var startedAt = null, restFrom = null, tick = null;
    timer.hidden = false;
    function seconds(from) { return Math.round((Date.now() - from) / 1000); }
    function show() {
      if (restFrom !== null) { display.textContent = "resting " + seconds(restFrom) + " s"; }
      else if (startedAt !== null) { display.textContent = "walking " + seconds(startedAt) + " s"; }
    }
    timer.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-timer");
      if (!action) { return; }
      if (action === "start") {
        startedAt = Date.now(); restFrom = null;
        if (tick === null) { tick = window.setInterval(show, 1000); }
      } else if (startedAt === null) {
        return;
      } else if (action === "onset") {
        field(bout, "onset_s").value = String(seconds(startedAt));
      } else if (action === "pain") {
        field(bout, "chosen_pain_s").value = String(seconds(startedAt));
        restFrom = Date.now();
      } else if (action === "rest" && restFrom !== null) {
        field(bout, "rest_s").value = String(seconds(restFrom));
        window.clearInterval(tick); tick = null; startedAt = null; restFrom = null;
      }
      show();
    });
  }

  bouts.querySelectorAll(".bout").forEach(wireTimer);
  addButton.addEventListener("click", function (event) {
    event.preventDefault();
    var rows = bouts.querySelectorAll(".bout");
    if (rows.length >= Number(addButton.getAttribute("data-max"))) { return; }
    var bout = template.content.firstElementChild.cloneNode(true);
    var last = rows[rows.length - 1];
    if (last) {
      ["speed_kmh", "grade_pct"].forEach(function (name) {
        field(bout, name).value = field(last, name).value;
      });
    }
    bouts.appendChild(bout);
    renumber();
    wireTimer(bout);
    field(bout, "onset_s").focus();
  });
})();
