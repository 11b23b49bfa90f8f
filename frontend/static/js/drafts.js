// Staff never lose typed work. Every form marked data-draft keeps what is typed in
// localStorage (one draft per page and record, with the version the form was loaded
// at), restores it on return with a note, and drops it once a save went through. While
// a form holds unsaved typing, leaving the page asks first. Without JavaScript the
// forms work as before; the server still refuses stale saves.
(function () {
  "use strict";
  var PREFIX = "oogst-draft:";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft]"));
  if (!forms.length) return;
  var dirty = {};
  var leaving = false;

  function storage(kind) {
    try { return window[kind]; } catch (e) { return null; }
  }
  var local = storage("localStorage"), session = storage("sessionStorage");

  // Fields worth keeping: not the CSRF token or other hidden values, not buttons or files.
  function fields(f) {
    return Array.prototype.filter.call(f.elements, function (el) {
      return el.name && !el.disabled && ["hidden", "submit", "button", "reset", "file", "image"].indexOf(el.type) < 0;
    });
  }

  // A form's values by name and position (repeated names such as option rows) or, for
  // check boxes and radio buttons, by name and value.
  function walk(f, fn) {
    var seen = {};
    fields(f).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        fn(el.name + "=" + el.value, el);
        return;
      }
      seen[el.name] = (seen[el.name] || 0) + 1;
      fn(el.name + "#" + seen[el.name], el);
    });
  }

  function snapshot(f) {
    var out = {};
    walk(f, function (k, el) {
      if (el.type === "checkbox" || el.type === "radio") out[k] = el.checked;
      else if (el.type === "select-multiple") out[k] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }).join("\n");
      else out[k] = el.value;
    });
    return out;
  }

  function apply(f, vals) {
    walk(f, function (k, el) {
      if (!(k in vals)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = !!vals[k];
      else if (el.type === "select-multiple") {
        var want = String(vals[k]).split("\n");
        Array.prototype.forEach.call(el.options, function (o) { o.selected = want.indexOf(o.value) >= 0; });
      } else el.value = vals[k];
    });
  }

  function versionField(f) { return f.querySelector("[data-draft-version]"); }
  function version(f) { var v = versionField(f); return v ? v.value : ""; }

  function read(key) {
    if (!local) return null;
    try { return JSON.parse(local.getItem(key) || "null"); } catch (e) { return null; }
  }

  function note(f, key) {
    var p = document.createElement("p");
    p.className = "draft-note";
    p.setAttribute("role", "status");
    p.textContent = f.getAttribute("data-draft-restored") + " ";
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn secondary small";
    b.textContent = f.getAttribute("data-draft-discard");
    b.addEventListener("click", function () {
      if (local) local.removeItem(key);
      dirty[key] = false;
      leaving = true;
      window.location.reload();
    });
    p.appendChild(b);
    f.parentNode.insertBefore(p, f);
  }

  forms.forEach(function (f) {
    var key = PREFIX + f.getAttribute("data-draft");
    var initial = JSON.stringify(snapshot(f));
    function save() {
      var vals = snapshot(f);
      dirty[key] = JSON.stringify(vals) !== initial;
      if (!local) return;
      if (dirty[key]) local.setItem(key, JSON.stringify({ v: version(f), at: Date.now(), vals: vals }));
      else local.removeItem(key);
    }
    var sentKey = "sent:" + key;
    var sent = session ? session.getItem(sentKey) : null;
    if (session) session.removeItem(sentKey);
    if (f.hasAttribute("data-draft-fresh")) {
      // The server sent the typed values back (refused save): they are unsaved.
      initial = "";
      save();
    } else {
      var d = read(key);
      if (d && d.vals) {
        if (sent !== null && sent === d.v && version(f) !== d.v) {
          local.removeItem(key); // the save went through: the version moved on
        } else {
          apply(f, d.vals);
          if (JSON.stringify(snapshot(f)) === initial) {
            local.removeItem(key);
          } else {
            // Saving a draft taken from an older version must not overwrite what was
            // saved since: it goes back with the version it was typed on.
            if (versionField(f) && d.v) versionField(f).value = d.v;
            dirty[key] = true;
            note(f, key);
          }
        }
      }
    }
    f.addEventListener("input", save);
    f.addEventListener("change", save);
    f.addEventListener("submit", function (ev) {
      if (ev.defaultPrevented) return;
      if (session) session.setItem(sentKey, version(f));
      dirty[key] = false;
      leaving = true; // other forms' drafts stay in storage and come back after the reload
    });
  });

  function anyDirty() {
    for (var k in dirty) if (dirty[k]) return true;
    return false;
  }
  function message() { return forms[0].getAttribute("data-draft-leave"); }

  window.addEventListener("beforeunload", function (ev) {
    if (leaving || !anyDirty()) return undefined;
    ev.preventDefault();
    ev.returnValue = message();
    return message();
  });

  // Links inside the app ask in words of our own (browsers show a generic text on
  // beforeunload, or none without a user gesture).
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    if (a.target && a.target !== "_self") return;
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#" || a.hasAttribute("download")) return;
    if (!anyDirty()) return;
    if (window.confirm(message())) leaving = true;
    else ev.preventDefault();
  });
  // A form not kept as a draft (say, a search) navigates away too.
  document.addEventListener("submit", function (ev) {
    if (!ev.target.hasAttribute("data-draft") && !ev.defaultPrevented && anyDirty() && !window.confirm(message())) ev.preventDefault();
    else if (!ev.defaultPrevented) leaving = true;
  });
})();
