/**
 * The page's only script, inlined. Plain browser JavaScript kept as text (not a compiled function's toString), so
 * the bytes do not depend on which compiler built keelson. It reads the data-* attributes the renderer wrote once,
 * then filters by flipping `hidden`: 10,000 findings filter in a few milliseconds.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var resetFilters = function () {};
  if (form) {
    var groups = document.getElementById('f-groups');
    var status = document.getElementById('f-status');
    var search = document.getElementById('f-search');
    var items = groups.querySelectorAll('li.f');
    var n = items.length;
    var sev = [], out = [], area = [], src = [], text = [], ruleOf = [], areaOf = [];
    var rules = groups.querySelectorAll('.rule');
    var areas = groups.querySelectorAll('.area-group');
    var i, j;
    for (i = 0; i < n; i++) {
      sev.push(items[i].getAttribute('data-sev'));
      out.push(items[i].getAttribute('data-out'));
      src.push(items[i].getAttribute('data-src'));
    }
    var pos = 0;
    for (j = 0; j < rules.length; j++) {
      var count = rules[j].querySelectorAll('li.f').length;
      var a = Array.prototype.indexOf.call(areas, rules[j].parentNode);
      var areaName = areas[a].getAttribute('data-area');
      for (i = 0; i < count; i++) { ruleOf[pos] = j; areaOf[pos] = a; area[pos] = areaName; pos++; }
    }
    var areaCount = [];
    for (j = 0; j < areas.length; j++) areaCount.push(areas[j].querySelector('.ac'));
    var areaTotal = [];
    for (j = 0; j < areas.length; j++) areaTotal.push(areas[j].querySelectorAll('li.f').length);
    var checked = function (dim) {
      var set = {}, all = true;
      var boxes = form.querySelectorAll('input[data-filter="' + dim + '"]');
      for (var k = 0; k < boxes.length; k++) { if (boxes[k].checked) set[boxes[k].value] = true; else all = false; }
      return { set: set, all: all };
    };
    var apply = function () {
      var s = checked('sev'), o = checked('out'), a = checked('area'), f = checked('src');
      var q = search.value.trim().toLowerCase();
      var perRule = new Array(rules.length).fill(0), perArea = new Array(areas.length).fill(0);
      var shown = 0;
      for (var k = 0; k < n; k++) {
        var ok = !!(s.set[sev[k]] && o.set[out[k]] && a.set[area[k]] && f.set[src[k]]);
        if (ok && q) {
          if (text[k] === undefined) text[k] = items[k].textContent.toLowerCase();
          ok = text[k].indexOf(q) >= 0;
        }
        if (items[k].hidden === ok) items[k].hidden = !ok;
        if (ok) { shown++; perRule[ruleOf[k]]++; perArea[areaOf[k]]++; }
      }
      for (var r = 0; r < rules.length; r++) rules[r].hidden = perRule[r] === 0;
      for (var g = 0; g < areas.length; g++) {
        areas[g].hidden = perArea[g] === 0;
        if (areaCount[g]) areaCount[g].textContent = perArea[g] === areaTotal[g] ? '(' + areaTotal[g] + (areaTotal[g] === 1 ? ' finding)' : ' findings)') : '(' + perArea[g] + ' of ' + areaTotal[g] + ' shown)';
      }
      // A search opens the collapsed rest of a rule when it matches there; nothing else opens it on its own.
      if (q) {
        var more = groups.querySelectorAll('details.more');
        for (var d = 0; d < more.length; d++) if (!more[d].open && more[d].querySelector('li.f:not([hidden])')) more[d].open = true;
      }
      var filtered = !(s.all && o.all && a.all && f.all) || q !== '';
      status.textContent = 'Showing ' + shown.toLocaleString('en-US') + ' of ' + n.toLocaleString('en-US') + ' open findings.' + (filtered ? ' Filters are on.' : '');
    };
    var timer = 0;
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
    search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
    resetFilters = function () {
      var boxes = form.querySelectorAll('input[data-filter]');
      for (var k = 0; k < boxes.length; k++) boxes[k].checked = true;
      search.value = '';
      apply();
    };
    document.getElementById('f-reset').addEventListener('click', resetFilters);
    document.addEventListener('click', function (e) {
      var link = e.target.closest ? e.target.closest('a[href^="#"]') : null;
      if (!link) return;
      var rule = link.getAttribute('data-show-rule');
      if (rule) {
        resetFilters();
        search.value = rule;
        apply();
        return;
      }
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (target && target.closest('[hidden]')) resetFilters();
    });
  }
  var scButtons = document.querySelectorAll('button[data-sc]');
  var scRows = document.querySelectorAll('table.scorecard tbody tr');
  for (var b = 0; b < scButtons.length; b++) {
    scButtons[b].addEventListener('click', function (e) {
      var want = e.currentTarget.getAttribute('data-sc');
      for (var k = 0; k < scButtons.length; k++) scButtons[k].setAttribute('aria-pressed', scButtons[k] === e.currentTarget ? 'true' : 'false');
      for (var m = 0; m < scRows.length; m++) scRows[m].hidden = !(want === 'all' || scRows[m].getAttribute('data-status') === want);
    });
  }
  // Printing shows every collapsed section, and closes again what it opened.
  window.addEventListener('beforeprint', function () {
    var ds = document.querySelectorAll('details:not([open])');
    for (var k = 0; k < ds.length; k++) { ds[k].open = true; ds[k].setAttribute('data-print-opened', ''); }
  });
  window.addEventListener('afterprint', function () {
    var ds = document.querySelectorAll('details[data-print-opened]');
    for (var k = 0; k < ds.length; k++) { ds[k].open = false; ds[k].removeAttribute('data-print-opened'); }
  });
})();
`;
