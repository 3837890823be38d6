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
  var PROGRAM = "#00695c";
  var PAUSE_FILL = "rgba(230, 145, 0, 0.20)";
  var PAUSE_EDGE = "#8a5a00";
  var marks = data.program_marks || [];
  var pauses = data.pauses || [];
  // Robust axis (dashboard/charts.py robust_y_limit): values above yMax are drawn on the top
  // edge as a filled upward arrowhead with their number beside it; tooltips give the real value.
  var yMax = data.y_max_m;
  var OUTLIER = "#b3261e";
  function clamp(values) {
    if (!yMax) { return values; }
    return values.map(function (v) { return v === null ? null : Math.min(v, yMax); });
  }
  function isOutlier(v) { return !!yMax && v !== null && v > yMax; }

  function shortDate(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  }
  function constant(value) {
    return data.labels.map(function () { return value; });
  }
  // A censored median is a lower bound: drawn as a hollow triangle pointing up ("at least").
  function styles(censored, raw) {
    return censored.map(function (c, i) { return isOutlier(raw[i]) ? "triangle" : (c ? "triangle" : "circle"); });
  }
  function fills(censored, colour, raw) {
    return censored.map(function (c, i) { return isOutlier(raw[i]) ? OUTLIER : (c ? "#ffffff" : colour); });
  }

  var datasets = [
    {
      label: "Pain-free distance (m)", data: clamp(data.pain_free_m), raw: data.pain_free_m, borderColor: PAIN_FREE,
      backgroundColor: fills(data.pain_free_censored, PAIN_FREE, data.pain_free_m), pointStyle: styles(data.pain_free_censored, data.pain_free_m),
      pointRadius: 5, pointBorderWidth: 2, borderWidth: 2, spanGaps: true, order: 1,
      censored: data.pain_free_censored
    },
    {
      label: "Maximal walking distance (m)", data: clamp(data.max_walking_m), raw: data.max_walking_m, borderColor: MAX_WALK,
      backgroundColor: fills(data.max_walking_censored, MAX_WALK, data.max_walking_m), pointStyle: styles(data.max_walking_censored, data.max_walking_m),
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
      markers[alert.index] = y === null ? 0 : (yMax ? Math.min(y, yMax) : y);
      titles[alert.index] = (titles[alert.index] ? titles[alert.index] + "; " : "") + alert.label;
    });
    datasets.push({
      label: "Alert", data: markers, showLine: false, pointStyle: "rectRot", pointRadius: 9,
      pointHoverRadius: 11, borderColor: ALERT, backgroundColor: "rgba(179, 38, 30, 0.35)",
      borderWidth: 2, order: 0, titles: titles
    });
  }

  // Program start and end as vertical lines, planned pauses as shaded spans, drawn behind the
  // data; positions are bucket indexes (dashboard/charts.py), clipped to the plot area. What was
  // drawn is kept on the chart ($programDrawn) for the browser test.
  var programPlugin = {
    id: "programMarks",
    beforeDatasetsDraw: function (chart) {
      var area = chart.chartArea, x = chart.scales.x, ctx = chart.ctx;
      var drawn = { spans: [], lines: [] };
      function px(at) { return Math.min(area.right, Math.max(area.left, x.getPixelForValue(at))); }
      ctx.save();
      ctx.font = "12px system-ui, sans-serif";
      ctx.textBaseline = "top";
      pauses.forEach(function (pause) {
        var left = px(pause.from), right = px(pause.to);
        if (right - left < 2) { right = left + 2; }
        ctx.fillStyle = PAUSE_FILL;
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        ctx.strokeStyle = PAUSE_EDGE;
        ctx.setLineDash([2, 3]);
        ctx.lineWidth = 1;
        ctx.strokeRect(left + 0.5, area.top + 0.5, right - left - 1, area.bottom - area.top - 1);
        ctx.setLineDash([]);
        if (right - left > 40) {
          ctx.fillStyle = PAUSE_EDGE;
          ctx.textAlign = "center";
          ctx.fillText("Paused", (left + right) / 2, area.top + 4);
        }
        drawn.spans.push([left, right]);
      });
      marks.forEach(function (mark) {
        var at = px(mark.at);
        var start = mark.kind === "program_start";
        ctx.strokeStyle = PROGRAM;
        ctx.lineWidth = 2;
        ctx.setLineDash(start ? [] : [6, 4]);
        ctx.beginPath();
        ctx.moveTo(at, area.top);
        ctx.lineTo(at, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = PROGRAM;
        ctx.textAlign = start ? "left" : "right";
        ctx.fillText(start ? "Program start" : "Program end", at + (start ? 4 : -4), area.top + 18);
        drawn.lines.push(at);
      });
      ctx.restore();
      chart.$programDrawn = drawn;
    }
  };
  // The number of each value beyond the axis, written at the top edge (kept as $outliersDrawn).
  var outlierPlugin = {
    id: "outlierLabels",
    afterDatasetsDraw: function (chart) {
      var outliers = data.outliers || [];
      if (!yMax || !outliers.length) { return; }
      var area = chart.chartArea, x = chart.scales.x, ctx = chart.ctx;
      ctx.save();
      ctx.font = "bold 12px system-ui, sans-serif";
      ctx.fillStyle = OUTLIER;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      var drawn = [], used = {};
      outliers.forEach(function (o) {
        var at = x.getPixelForValue(o.index);
        // Two series beyond the axis in one bucket: the second label goes below the first.
        var row = used[o.index] || 0;
        used[o.index] = row + 1;
        ctx.fillText("↑ " + Math.round(o.value).toLocaleString("en-GB") + " m", at + 7, area.top + 2 + row * 14);
        drawn.push(o.value);
      });
      ctx.restore();
      chart.$outliersDrawn = drawn;
    }
  };
  var extraLegend = [];
  if (yMax && (data.outliers || []).length) {
    extraLegend.push({ text: "Beyond the axis (value written)", strokeStyle: OUTLIER, fillStyle: OUTLIER,
                       lineWidth: 1, pointStyle: "triangle", fontColor: INK });
  }
  if (marks.length) {
    extraLegend.push({ text: "Exercise program start (solid) / end (dashed)", strokeStyle: PROGRAM,
                       fillStyle: PROGRAM, lineWidth: 2, pointStyle: "line", fontColor: INK });
  }
  if (pauses.length) {
    extraLegend.push({ text: "Planned pause", strokeStyle: PAUSE_EDGE, fillStyle: PAUSE_FILL,
                       lineWidth: 1, pointStyle: "rect", fontColor: INK });
  }

  new window.Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    plugins: [programPlugin, outlierPlugin],
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "nearest", intersect: false, axis: "x" },
      scales: {
        x: { ticks: { color: INK, callback: function (value) { return shortDate(data.labels[value]); } } },
        y: { beginAtZero: true, max: yMax || undefined, ticks: { color: INK }, title: { display: true, text: "metres", color: INK } }
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
              return items.concat(extraLegend);
            }
          },
          onClick: function (event, item, legend) {
            // The program's marks are not datasets: nothing to hide.
            if (item.datasetIndex === undefined) { return; }
            window.Chart.defaults.plugins.legend.onClick.call(this, event, item, legend);
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
              var value = ds.raw ? ds.raw[ctx.dataIndex] : ctx.parsed.y;
              var walks = data.walks[ctx.dataIndex];
              return ds.label + ": " + bound + Math.round(value).toLocaleString("en-GB") + " m (" + walks + " walk" + (walks === 1 ? "" : "s") + ")";
            }
          }
        }
      }
    }
  });
  canvas.setAttribute("data-y-max", yMax ? String(yMax) : "");
  canvas.setAttribute("data-chart-ready", "true");
})();
