/*
 * portal.js — small progressive enhancements, no inline scripts needed (strict CSP).
 * Load after htmx (and Chart.js on pages with charts), e.g. all with `defer`, in that order:
 *   vendor/htmx/htmx.min.js, vendor/chartjs/chart.umd.min.js, js/portal.js
 *
 *   <form data-confirm="确定要删除吗？">          confirm() before submitting (also on a submit button)
 *   (no control submits its form on change: one arrow key in a menu must not reload the page;
 *    every filter has its button)
 *   <meta name="csrf-token" content="{{ csrf_token }}">                 sent as X-CSRFToken by htmx
 *   <canvas data-chart="stats-data"></canvas> + {{ cfg|json_script:"stats-data" }}
 *       cfg = {"type": "bar", "labels": [...], "datasets": [{"label": "...", "data": [...]}],
 *              "options": {...}}   (a full Chart.js config {"type", "data", "options"} also works)
 *   <select data-picker="search"> / <select multiple data-picker="tags">   a searchable picker
 *       (vendor/tom-select, loaded by the pages that have one); data-no-results: its "none" text
 *   <input type="checkbox" data-select-all="bulk-form">   ticks or unticks every
 *       input[name=ids] that belongs to the form with that id (a queue's bulk decisions)
 */
(function () {
  "use strict";

  // ---- (a) Confirmation before submitting ---------------------------------
  // Capture phase on document so a refusal also stops htmx (which listens on the form itself).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      var submitter = event.submitter;
      var message =
        (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // ---- (c) htmx: CSRF header + CSP-friendly config -------------------------
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken(); // read on each request: the token rotates at login
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });

  if (window.htmx) {
    // htmx would inject an inline <style> for indicators (blocked by CSP); portal.css has them.
    window.htmx.config.includeIndicatorStyles = false;
    // No eval()/new Function(): hx-on, hx-vars and js: values are unavailable under strict CSP anyway.
    window.htmx.config.allowEval = false;
  }

  // ---- (d) Chart.js from json_script data ----------------------------------
  var PALETTE = ["#b3191f", "#1d3a6e", "#d9a441", "#2f7d6d", "#6c757d", "#8e5ea2", "#e07a5f"];

  function withAlpha(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  // Fill in colours for datasets that do not specify any.
  function applyPalette(type, datasets) {
    var perPoint = type === "pie" || type === "doughnut" || type === "polarArea";
    datasets.forEach(function (ds, i) {
      if (ds.backgroundColor || ds.borderColor) return;
      if (perPoint) {
        ds.backgroundColor = (ds.data || []).map(function (_, j) {
          return PALETTE[j % PALETTE.length];
        });
        ds.borderColor = "#fff";
      } else {
        var colour = PALETTE[i % PALETTE.length];
        ds.borderColor = colour;
        ds.backgroundColor = (ds.type || type) === "line" ? withAlpha(colour, 0.15) : withAlpha(colour, 0.8);
      }
    });
  }

  function buildChart(canvas) {
    if (!window.Chart || window.Chart.getChart(canvas)) return;
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      console.error("portal.js: invalid chart JSON in #" + source.id, e);
      return;
    }
    var data = spec.data || { labels: spec.labels || [], datasets: spec.datasets || [] };
    applyPalette(spec.type || "bar", data.datasets || []);
    var options = Object.assign({ responsive: true, maintainAspectRatio: false }, spec.options);
    if (!canvas.hasAttribute("role")) canvas.setAttribute("role", "img");
    new window.Chart(canvas, { type: spec.type || "bar", data: data, options: options });
  }

  function initCharts(root) {
    if (!window.Chart || !root || !root.querySelectorAll) return;
    if (root.matches && root.matches("canvas[data-chart]")) buildChart(root);
    root.querySelectorAll("canvas[data-chart]").forEach(buildChart);
  }

  if (window.Chart) {
    var defaults = window.Chart.defaults;
    // Same CJK font stack as the page (custom property from portal.css).
    var stack = getComputedStyle(document.documentElement).getPropertyValue("--portal-font");
    if (stack.trim()) defaults.font.family = stack.replace(/\s+/g, " ").trim();
    defaults.color = "#5f656d";
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      defaults.animation = false;
    }
  }

  // ---- (e) Searchable pickers (Tom Select) -----------------------------------
  // One item or tags, typed to search: no Ctrl-click, and a phone's keyboard works.
  function initPickers(root) {
    if (!window.TomSelect || !root || !root.querySelectorAll) return;
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) return;
      var tags = select.getAttribute("data-picker") === "tags";
      var none = document.createElement("div");
      none.className = "no-results";
      none.textContent = select.getAttribute("data-no-results") || "";
      new window.TomSelect(select, {
        plugins: tags ? ["remove_button"] : [],
        maxOptions: 60,
        closeAfterSelect: !tags,
        hidePlaceholder: true,
        onItemAdd: function () {
          // The words typed found this tag; the next tag starts from an empty box.
          if (tags) {
            this.setTextboxValue("");
            this.refreshOptions(false);
          }
        },
        render: {
          no_results: function () {
            return none.cloneNode(true);
          },
        },
      });
      // The label now names the picker's own box; the select it fills stays out of the
      // accessibility tree (it is hidden on screen too).
      select.setAttribute("aria-hidden", "true");
    });
  }

  // Initial page, content swapped in by htmx, and pages restored from htmx history.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initCharts(document);
      initPickers(document);
    });
  } else {
    initCharts(document);
    initPickers(document);
  }
  document.addEventListener("htmx:load", function (event) {
    initCharts(event.target);
    initPickers(event.target);
  });
  document.addEventListener("htmx:historyRestore", function () {
    initCharts(document);
  });
  // Free Chart.js instances when htmx removes their canvas.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var el = event.target;
    if (window.Chart && el instanceof HTMLCanvasElement) {
      var chart = window.Chart.getChart(el);
      if (chart) chart.destroy();
    }
  });
  // ---- (f) Tick every row of a queue for a bulk decision ---------------------
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-select-all")) return;
    var form = box.getAttribute("data-select-all");
    document.querySelectorAll('input[name="ids"][form="' + form + '"]').forEach(function (row) {
      row.checked = box.checked;
    });
  });
})();
