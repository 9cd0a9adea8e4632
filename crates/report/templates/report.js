// Sort a table by a column (click its heading) and filter a table's rows (type in the
// box). The tables are plain HTML: without this script the page reads the same.
(function () {
  "use strict";
  function cellValue(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }
  function isNumber(s) {
    return s !== "" && !isNaN(Number(s));
  }
  function sortBy(table, i, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    // Numbers compare as numbers and come before text (a yes/no measure, an empty cell).
    rows.sort(function (a, b) {
      var x = cellValue(a, i), y = cellValue(b, i);
      var nx = isNumber(x), ny = isNumber(y);
      var d = nx && ny ? Number(x) - Number(y) : nx ? -1 : ny ? 1 : x.localeCompare(y, "zh");
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies[0]) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, i, th); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("table.filterable"), function (table) {
    var box = document.createElement("div");
    box.className = "filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var count = document.createElement("span");
    input.type = "search";
    input.placeholder = "code, name, province, outcome, rule";
    label.textContent = "Filter rows: ";
    label.appendChild(input);
    box.appendChild(label);
    box.appendChild(count);
    table.parentNode.insertBefore(box, table);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var hit = q === "" || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = " " + shown + " of " + rows.length + " rows";
    }
    input.addEventListener("input", apply);
    apply();
  });
})();
