/* zhenggai review report: the collapsible outline of a notice page, and the sortable, filterable,
   paginated notices table of the batch page (rows come from the JSON array in #notices-data).
   Plain DOM, no library, no network. */
(function () {
  "use strict";

  // --- notice page: outline --------------------------------------------------------------------
  function setExpanded(button, expanded) {
    button.setAttribute("aria-expanded", String(expanded));
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (list) list.hidden = !expanded;
  }

  function initOutline(nav) {
    var toggles = Array.prototype.slice.call(nav.querySelectorAll("button.toggle"));
    toggles.forEach(function (button) {
      button.hidden = false;
      setExpanded(button, !button.closest("li").hasAttribute("data-collapsed"));
      button.addEventListener("click", function () {
        setExpanded(button, button.getAttribute("aria-expanded") !== "true");
      });
    });
    var tools = nav.querySelector(".tools");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var action = event.target.getAttribute("data-action");
        if (action) toggles.forEach(function (b) { setExpanded(b, action === "expand"); });
      });
    }
    // following a link moves keyboard focus to the heading it points to
    nav.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (target) setTimeout(function () { target.focus({ preventScroll: true }); }, 0);
    });
  }

  // a tooltip near the right edge moves left so that it stays on screen (26rem wide at most)
  function placeTip(event) {
    var mark = event.target.closest && event.target.closest(".hl, .flag");
    if (!mark) return;
    var room = document.documentElement.clientWidth - 16 - mark.getBoundingClientRect().left;
    var width = Math.min(26 * 16, document.documentElement.clientWidth - 32);
    mark.style.setProperty("--tip-shift", Math.min(0, room - width) + "px");
  }

  // --- batch page: notices table ---------------------------------------------------------------
  function compare(a, b, type) {
    var blankA = a === null || a === undefined || a === "", blankB = b === null || b === undefined || b === "";
    if (blankA || blankB) return blankA === blankB ? 0 : (blankA ? 1 : -1);  // blanks last either way
    if (type === "num") return a - b;
    return String(a).localeCompare(String(b), "zh-Hans-CN");
  }

  function cell(row, column) {
    var td = document.createElement("td");
    var value = row[column.key];
    if (column.key === "title") {
      td.className = "title";
      var link = document.createElement("a");
      link.href = row.href;
      link.textContent = value || row.source.split(/[\\/]/).pop();
      td.appendChild(link);
      var path = document.createElement("div");
      path.className = "path";
      path.textContent = row.source;
      td.appendChild(path);
      return td;
    }
    if (column.type === "num") td.className = "num";
    if (column.key === "feedback" || column.key === "published") td.className = "date";
    if (column.key === "warnings" && value > 0) td.className += " warn";
    td.textContent = value === null || value === undefined ? "" : (column.key === "done" ? value + "%" : value);
    if (column.key === "measures" && row.measures_stated !== null && row.measures_stated !== row.measures) {
      td.textContent += " / " + row.measures_stated + " stated";
    }
    return td;
  }

  function initTable(table, rows) {
    var columns = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return { key: th.getAttribute("data-key"), type: th.getAttribute("data-type"), th: th };
    });
    var state = { key: null, dir: 1, page: 0, size: 50, query: "", kind: "", warnedOnly: false };
    var body = table.querySelector("tbody");
    var status = document.getElementById("table-status");
    var pageLabel = document.getElementById("page-label");
    var prev = document.getElementById("prev-page"), next = document.getElementById("next-page");

    function visible() {
      var query = state.query.toLowerCase();
      var shown = rows.filter(function (row) {
        if (state.kind && row.kind !== state.kind) return false;
        if (state.warnedOnly && !(row.warnings > 0)) return false;
        return !query || row.search.indexOf(query) !== -1;
      });
      if (state.key) {
        var column = columns.filter(function (c) { return c.key === state.key; })[0];
        shown.sort(function (a, b) { return state.dir * compare(a[state.key], b[state.key], column.type); });
      }
      return shown;
    }

    function render() {
      var shown = visible();
      var pages = Math.max(1, Math.ceil(shown.length / state.size));
      state.page = Math.min(state.page, pages - 1);
      var first = state.page * state.size;
      var fragment = document.createDocumentFragment();
      shown.slice(first, first + state.size).forEach(function (row) {
        var tr = document.createElement("tr");
        columns.forEach(function (column) { tr.appendChild(cell(row, column)); });
        fragment.appendChild(tr);
      });
      body.replaceChildren(fragment);
      status.textContent = shown.length
        ? "Showing " + (first + 1) + "–" + Math.min(first + state.size, shown.length) + " of " + shown.length +
          " notices" + (shown.length < rows.length ? " (filtered from " + rows.length + ")" : "")
        : "No notice matches the filters.";
      pageLabel.textContent = "Page " + (state.page + 1) + " of " + pages;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      columns.forEach(function (c) {
        if (c.key === state.key) c.th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        else c.th.removeAttribute("aria-sort");
      });
    }

    columns.forEach(function (column) {
      column.th.querySelector("button").addEventListener("click", function () {
        state.dir = state.key === column.key ? -state.dir : (column.type === "num" ? -1 : 1);
        state.key = column.key;
        state.page = 0;
        render();
      });
    });
    function bind(id, event, update) {
      document.getElementById(id).addEventListener(event, function (e) { update(e.target); state.page = 0; render(); });
    }
    bind("filter-text", "input", function (el) { state.query = el.value.trim(); });
    bind("filter-kind", "change", function (el) { state.kind = el.value; });
    bind("filter-warned", "change", function (el) { state.warnedOnly = el.checked; });
    bind("page-size", "change", function (el) { state.size = parseInt(el.value, 10); });
    prev.addEventListener("click", function () { state.page -= 1; render(); });
    next.addEventListener("click", function () { state.page += 1; render(); });
    rows.forEach(function (row) {
      row.search = [row.title, row.issuer, row.region, row.source, row.kind].join(" ").toLowerCase();
    });
    document.getElementById("table-controls").hidden = false;
    render();
  }

  document.querySelectorAll("nav.outline").forEach(initOutline);
  document.addEventListener("focusin", placeTip);
  document.addEventListener("mouseover", placeTip);
  var data = document.getElementById("notices-data");
  if (data) initTable(document.getElementById("notices-table"), JSON.parse(data.textContent));
})();
