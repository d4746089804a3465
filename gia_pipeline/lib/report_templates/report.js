// A click on a figure opens what it is computed from. Everything comes from the JSON above and is
// put into the page as text (textContent), never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("provenance-data").textContent);
  var dialog = document.getElementById("provenance");
  var title = document.getElementById("provenance-title");
  var body = document.getElementById("provenance-body");

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { el.textContent = text; }
    if (cls) { el.className = cls; }
    parent.appendChild(el);
    return el;
  }

  function list(parent, items) {
    var ul = add(parent, "ul");
    items.forEach(function (item) { add(ul, "li", item); });
    return ul;
  }

  function show(fid) {
    var f = data.figures[fid];
    if (!f) { return; }
    title.textContent = f.title;
    body.textContent = "";
    add(body, "p", f.row + " · " + f.col + ": " + f.value, "value");
    add(body, "p", f.key, "muted");
    if (f.missing) { add(body, "p", f.missing); }
    if (f.via) {
      add(body, "p", "Berekend in " + f.via + ", uit de rijen van " + f.tables.join(", ") + ".");
      add(body, "h3", "Aantal rijen");
      list(body, f.counts);
      add(body, "h3", "Ruwe bestanden en rijen");
      if (!f.rows.length) { add(body, "p", "Geen ruwe rijen: dit cijfer komt uit de referentiegegevens.", "muted"); }
      f.rows.forEach(function (group) {
        add(body, "p", group.role + ":");
        var ul = add(body, "ul", null, "rows");
        group.files.forEach(function (file) {
          var li = add(ul, "li");
          add(li, "code", file[0]);
          add(li, "span", " — rij " + file[1]);
        });
        if (group.more) { add(body, "p", group.more, "muted"); }
      });
      var chain = data.chains[f.via];
      if (chain) {
        add(body, "h3", "Modellen en kolommen onderweg (kolom ← bron)");
        chain.forEach(function (step) {
          add(body, "p", step.table + (step.reads && step.reads.length ? " (leest " + step.reads.join(", ") + ")" : ""));
          list(body, step.columns.map(function (c) { return c[0] + " ← " + c[1].join(", "); }));
        });
      }
    }
    if (!dialog.open) { dialog.showModal(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.fig");
    if (button) { show(button.getAttribute("data-f")); }
  });
  document.getElementById("provenance-close").addEventListener("click", function () { dialog.close(); });
})();
