/**
 * The page's own script (browser JavaScript, as text): draws every chart
 * with vega-embed from the specs in #report-charts, and wires the checkbox
 * that shows or hides the published overlay in all of them. It marks its
 * progress on the DOM for tests and readers alike: each chart container gets
 * data-rendered="true" (or "error"), <body> gets data-charts="drawn/total"
 * when all are done and data-published="true|false" after each toggle.
 */
import { SHOW_PUBLISHED } from "./interactive-spec.js";

export const CHARTS_JSON_ID = "report-charts";
export const TOGGLE_ID = "show-published";

export const PAGE_SCRIPT = `(function () {
  "use strict";
  var SHOW = ${JSON.stringify(SHOW_PUBLISHED)};
  var charts = JSON.parse(document.getElementById(${JSON.stringify(CHARTS_JSON_ID)}).textContent);
  var toggle = document.getElementById(${JSON.stringify(TOGGLE_ID)});
  var views = [];
  function show(view) {
    return view.signal(SHOW, toggle.checked).runAsync();
  }
  function embed(chart) {
    var el = document.getElementById(chart.target);
    return vegaEmbed(el, chart.spec, {
      mode: "vega-lite",
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: chart.target
    }).then(
      function (result) {
        views.push(result.view);
        // Hiding the overlay empties its layers, which vega would warn about.
        result.view.logLevel(vega.Error);
        el.setAttribute("data-rendered", "true");
        return toggle.checked ? undefined : show(result.view);
      },
      function (error) {
        el.setAttribute("data-rendered", "error");
        el.textContent = "This chart could not be drawn: " + error;
        console.error("chart " + chart.target + ": " + error);
      }
    );
  }
  toggle.addEventListener("change", function () {
    Promise.all(views.map(show)).then(function () {
      document.body.setAttribute("data-published", String(toggle.checked));
    });
  });
  Promise.all(charts.map(embed)).then(function () {
    document.body.setAttribute("data-charts", views.length + "/" + charts.length);
  });
})();
`;
