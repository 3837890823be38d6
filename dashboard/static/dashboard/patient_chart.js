// Draws the patient's walking-distance chart from the JSON data island #trend-data.
// No inline script: the page's Content-Security-Policy allows only same-origin script files.
(function () {
  "use strict";
  var island = document.getElementById("trend-data");
  var canvas = document.getElementById("trend-chart");
  if (!island || !canvas || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(island.textContent);

  var INK = "#1a1a1a";
  var PAIN_FREE = "#0b57d0";
  var MAX_WALK = "#6a1b9a";
  var BAND = "rgba(27, 94, 32, 0.15)";
  var BAND_LINE = "#1b5e20";
  var ALERT = "#b3261e";

  function shortDate(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  }
  function constant(value) {
    return data.labels.map(function () { return value; });
  }
  // A censored median is a lower bound: drawn as a hollow triangle pointing up ("at least").
  function styles(censored) {
    return censored.map(function (c) { return c ? "triangle" : "circle"; });
  }
  function fills(censored, colour) {
    return censored.map(function (c) { return c ? "#ffffff" : colour; });
  }

  var datasets = [
    {
      label: "Pain-free distance (m)", data: data.pain_free_m, borderColor: PAIN_FREE,
      backgroundColor: fills(data.pain_free_censored, PAIN_FREE), pointStyle: styles(data.pain_free_censored),
      pointRadius: 5, pointBorderWidth: 2, borderWidth: 2, spanGaps: true, order: 1,
      censored: data.pain_free_censored
    },
    {
      label: "Maximal walking distance (m)", data: data.max_walking_m, borderColor: MAX_WALK,
      backgroundColor: fills(data.max_walking_censored, MAX_WALK), pointStyle: styles(data.max_walking_censored),
      pointRadius: 4, pointBorderWidth: 2, borderWidth: 2, borderDash: [6, 3], spanGaps: true, order: 2,
      censored: data.max_walking_censored
    }
  ];
  if (data.baseline && data.baseline.q25 !== null && data.baseline.q75 !== null) {
    datasets.push(
      { label: "Baseline 25th percentile", data: constant(data.baseline.q25), borderColor: BAND_LINE,
        borderWidth: 1, pointRadius: 0, fill: "+1", backgroundColor: BAND, order: 4, band: true },
      { label: "Baseline 75th percentile", data: constant(data.baseline.q75), borderColor: BAND_LINE,
        borderWidth: 1, pointRadius: 0, fill: false, order: 4, band: true }
    );
  }
  if (data.alerts.length) {
    var markers = constant(null);
    var titles = constant(null);
    data.alerts.forEach(function (alert) {
      var y = data.pain_free_m[alert.index];
      if (y === null) { y = data.max_walking_m[alert.index]; }
      markers[alert.index] = y === null ? 0 : y;
      titles[alert.index] = (titles[alert.index] ? titles[alert.index] + "; " : "") + alert.label;
    });
    datasets.push({
      label: "Alert", data: markers, showLine: false, pointStyle: "rectRot", pointRadius: 9,
      pointHoverRadius: 11, borderColor: ALERT, backgroundColor: "rgba(179, 38, 30, 0.35)",
      borderWidth: 2, order: 0, titles: titles
    });
  }

  new window.Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "nearest", intersect: false, axis: "x" },
      scales: {
        x: { ticks: { color: INK, callback: function (value) { return shortDate(data.labels[value]); } } },
        y: { beginAtZero: true, ticks: { color: INK }, title: { display: true, text: "metres", color: INK } }
      },
      plugins: {
        legend: {
          labels: {
            color: INK, usePointStyle: true,
            filter: function (item, chart) { return item.text !== "Baseline 75th percentile"; },
            generateLabels: function (chart) {
              var items = window.Chart.defaults.plugins.legend.labels.generateLabels(chart);
              items.forEach(function (item) {
                if (item.text === "Baseline 25th percentile") { item.text = "Baseline band (25th–75th percentile)"; }
              });
              return items;
            }
          }
        },
        tooltip: {
          callbacks: {
            title: function (items) { return items.length ? "From " + shortDate(data.labels[items[0].dataIndex]) : ""; },
            label: function (ctx) {
              var ds = ctx.dataset;
              if (ds.titles) { return "Alert: " + ds.titles[ctx.dataIndex]; }
              if (ds.band) { return ds.label + ": " + Math.round(ctx.parsed.y) + " m"; }
              var bound = ds.censored && ds.censored[ctx.dataIndex] ? "≥ " : "";
              return ds.label + ": " + bound + Math.round(ctx.parsed.y) + " m (" + data.walks[ctx.dataIndex] + " walks)";
            }
          }
        }
      }
    }
  });
  canvas.setAttribute("data-chart-ready", "true");
})();
