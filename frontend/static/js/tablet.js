// Oogst tablet flow: one cursist at a time tells which change she saw in herself.
// No framework; the server hands texts over in a JSON data island (the CSP forbids
// inline script). Nothing typed may be lost: the draft is written to IndexedDB on every
// keystroke, sent reflections wait in an IndexedDB outbox until the server confirms.
(function () {
  "use strict";
  var island = document.getElementById("tablet-data");
  if (!island) return; // a one-message screen (a spent personal link)
  var D = JSON.parse(island.textContent);
  // P: opened through a cursist's personal link (who she is is known; her reflection
  // spends the link, so the page is not kept for offline use nor offered to a next person).
  var P = D.personal || null;
  var CODE = D.code, LANG = D.lang;
  var API = "/api/v1/rounds/" + encodeURIComponent(CODE);
  var FB = {};
  (D.nl || []).forEach(function (id) { FB[id] = 1; });
  var UI = window.OogstUI;
  // Options may name a picture (the sign of a change, the building blocks): inline SVG
  // from tablet-ui.js, the same on every tablet, unlike emoji.
  // Labels for a sign question that comes without options.
  var SIGNS = { positive: "tablet.sign_positive", negative: "tablet.sign_negative", both: "tablet.sign_both" };

  // ---- texts ----
  function fill(s, data) {
    return String(s).replace(/\{\{\s*\.(\w+)\s*\}\}/g, function (_, k) { return data && k in data ? data[k] : ""; });
  }
  function t(id, data) { return fill(D.msgs[id] || (D.plurals[id] || {}).other || id, data); }
  function plural(id, n) {
    var forms = D.plurals[id] || {}, cat = "other";
    try { cat = new Intl.PluralRules(LANG).select(n); } catch (e) { /* old browser: "other" */ }
    return fill(forms[cat] || forms.other || "", { Count: n });
  }
  // h builds an element: h("p", {class: "x"}, [children or text]).
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    });
    [].concat(kids === undefined ? [] : kids).forEach(function (k) {
      if (k !== null && k !== undefined && k !== false) e.appendChild(typeof k === "object" ? k : document.createTextNode(k));
    });
    return e;
  }
  // m is a UI text as an element; a text not yet translated is shown in Dutch, marked.
  function m(tag, id, attrs, data) {
    var e = h(tag, attrs, t(id, data));
    if (FB[id]) { e.setAttribute("lang", "nl"); e.classList.add("fb"); }
    return e;
  }
  function btn(id, cls, fn, attrs, icon) {
    var a = attrs || {};
    a.type = "button"; a["class"] = cls; a.onclick = fn;
    var b = m("button", id, a);
    return icon ? UI.decorate(b, icon) : b;
  }
  // word is one of the tablet's texts for the Listen button.
  function word(id, data) { return UI.word(id, t(id, data)); }
  function listen(items) { return UI.listenButton(t("tablet.listen"), items); }

  // ---- IndexedDB: "draft" (one per round code) and "outbox" (by client uuid) ----
  var dbp;
  function idb() {
    if (!dbp) dbp = new Promise(function (res, rej) {
      var r = indexedDB.open("oogst-tablet", 1);
      r.onupgradeneeded = function () {
        r.result.createObjectStore("draft");
        r.result.createObjectStore("outbox", { keyPath: "id" });
      };
      r.onsuccess = function () { res(r.result); };
      r.onerror = function () { rej(r.error); };
    });
    return dbp;
  }
  function store(name, mode, fn) {
    return idb().then(function (db) {
      return new Promise(function (res, rej) {
        var tx = db.transaction(name, mode), req = fn(tx.objectStore(name));
        tx.oncomplete = function () { res(req && req.result); };
        tx.onerror = tx.onabort = function () { rej(tx.error); };
      });
    });
  }

  // ---- outbox: sent in the background, with backoff, until the server answers ----
  var flushing = false, retryTimer = 0, backoff = 2000;
  function countOutbox() {
    return store("outbox", "readonly", function (s) { return s.getAll(); }).then(function (items) {
      var n = items.filter(function (i) { return !i.rejected; }).length, bad = items.length - n;
      var el = document.getElementById("outbox");
      el.hidden = n + bad === 0;
      el.textContent = [n ? plural("tablet.outbox_count", n) : "", bad ? plural("tablet2.undelivered_count", bad) : ""].join(" ").trim();
      return n;
    });
  }
  // report hands a refused reflection to the round's coordinator (with the reason), so
  // that it is never lost silently; it stays in the outbox, marked reported.
  function report(item) {
    var reason = Object.keys(item.rejected || {}).map(function (k) { return (k ? k + ": " : "") + item.rejected[k]; }).join("; ");
    return fetch(API + "/undeliverable", {
      method: "POST", body: JSON.stringify({ id: item.id, reason: "HTTP " + (item.status || "?") + " " + reason, payload: item.body }),
      headers: { "Content-Type": "application/json", "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) throw r;
      item.reported = Date.now();
      return store("outbox", "readwrite", function (s) { return s.put(item); });
    });
  }
  function upload(item) {
    // Voice answers first (idempotent by their own uuid), then the response.
    var audio = item.audio || [];
    var p = Promise.resolve(), refused = null;
    audio.forEach(function (a) {
      p = p.then(function () {
        if (refused) return;
        var f = new FormData();
        f.append("id", a.id);
        f.append("file", a.blob, "answer");
        return fetch(API + "/audio", { method: "POST", body: f, headers: { "Accept-Language": item.body.language } })
          .then(function (r) {
            // Past a quota the server says why, in the cursist's language: 413 (the
            // round has no room left) will not change, 429 (this place sent too much
            // this hour) is tried again later.
            if (r.status === 413 || r.status === 429) {
              return r.json().catch(function () { return {}; }).then(function (j) {
                var msg = j.error || String(r.status);
                if (r.status === 413) { refused = { "": msg }; return; }
                throw { quota: msg };
              });
            }
            if (!r.ok && r.status !== 409) throw r;
          });
      });
    });
    return p.then(function () {
      if (refused) return { rejected: refused, status: 413 };
      return fetch(API + "/responses", {
        method: "POST", body: JSON.stringify(item.body),
        headers: { "Content-Type": "application/json", "Accept": "application/json", "Accept-Language": item.body.language }
      });
    }).then(function (r) {
      if (r.rejected) return r;
      if (r.status === 200 || r.status === 201) return { ok: true };
      if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
        return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, rejected: j.errors || { "": j.error || String(r.status) } }; });
      }
      throw r;
    });
  }
  // send tries one outbox item; resolves {ok}, {rejected: errors} or {later: true}.
  function send(item) {
    return upload(item).then(function (res) {
      if (res.ok) return store("outbox", "readwrite", function (s) { return s.delete(item.id); }).then(function () { return res; });
      item.rejected = res.rejected;
      item.status = res.status;
      return store("outbox", "readwrite", function (s) { return s.put(item); }).then(function () { return res; });
    }, function (e) { return { later: true, quota: e && e.quota }; });
  }
  function flush() {
    if (flushing) return Promise.resolve();
    flushing = true;
    clearTimeout(retryTimer);
    return store("outbox", "readonly", function (s) { return s.getAll(); }).then(function (items) {
      var later = false, p = Promise.resolve();
      items.forEach(function (i) {
        if (i.rejected) {
          // Refused for good: told to the coordinator once, then kept a while with its reason.
          if (!i.reported) p = p.then(function () { return report(i); }).catch(function () { later = true; });
          else if (Date.now() - i.reported > 14 * 864e5) p = p.then(function () { return store("outbox", "readwrite", function (s) { return s.delete(i.id); }); });
          return;
        }
        p = p.then(function () { return send(i); }).then(function (r) {
          if (r.later) later = true;
          if (r.rejected) return report(i).catch(function () { later = true; });
        });
      });
      return p.then(function () {
        backoff = later ? Math.min(backoff * 2, 300000) : 2000;
        if (later) retryTimer = setTimeout(flush, backoff);
      });
    }).catch(function () { /* storage trouble: try again later */ }).then(function () {
      flushing = false;
      return countOutbox();
    });
  }
  window.addEventListener("online", function () { backoff = 2000; flush(); });

  // ---- offline shell: service worker and persistent storage ----
  function offlineReady() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/r/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // After the first screen is drawn: every language of the round (its page and
      // questions), the recorder and, by the worker, every recorded prompt.
      var urls = D.cache.concat([location.pathname + location.search, "/r/" + encodeURIComponent(CODE), API + "/cursists"]);
      var rounds = [];
      (D.langs || [LANG]).forEach(function (l) {
        urls.push("/r/" + encodeURIComponent(CODE) + "?lang=" + encodeURIComponent(l));
        rounds.push(API + "?lang=" + encodeURIComponent(l));
      });
      var go = function () { if (reg.active) reg.active.postMessage({ cache: urls, rounds: rounds }); };
      if (document.readyState === "complete") setTimeout(go, 6000);
      else window.addEventListener("load", function () { setTimeout(go, 6000); });
    }).catch(function () { /* no offline shell; the outbox still works */ });
  }

  // ---- the flow ----
  var R = null, S = null, people = null, errors = {}, touchedAt = 0;
  var OS = window.OogstSession;
  var screen = document.getElementById("screen");
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var x = Array.prototype.map.call(b, function (v) { return (v + 256).toString(16).slice(1); }).join("");
    return x.slice(0, 8) + "-" + x.slice(8, 12) + "-" + x.slice(12, 16) + "-" + x.slice(16, 20) + "-" + x.slice(20);
  }
  function save() {
    // A finished or declined reflection leaves no draft behind.
    if (!S || S.step === "done" || S.step === "declined" || S.step === "closed") return Promise.resolve();
    S.lang = LANG;
    S.touched = touchedAt || Date.now();
    return store("draft", "readwrite", function (s) { return s.put(S, CODE); }).catch(function () {});
  }
  function consentOf(r) {
    if (r.consent && typeof r.consent === "object" && r.consent.text) return r.consent;
    if (typeof r.consent === "string" && r.consent) return { text: r.consent, version: r.consent_version };
    if (r.consent_text) return { text: r.consent_text, version: r.consent_version };
    return null;
  }
  function questions() { return (R.form && R.form.questions) || []; }
  function go(step, qi) {
    S.step = step;
    if (qi !== undefined) S.qi = qi;
    save();
    render();
  }
  function show(nodes) {
    UI.stop();
    screen.textContent = "";
    [].concat(nodes).forEach(function (n) { if (n) screen.appendChild(n); });
    var h1 = screen.querySelector("h1");
    if (h1) { h1.setAttribute("tabindex", "-1"); h1.focus(); }
  }
  function render() {
    var step = S.step;
    if (step === "closed") return OS.closed(kit, show, S.undelivered, nextPerson);
    if (step === "consent") return showConsent();
    if (step === "who") return showWho();
    if (step === "review") return showReview();
    if (step === "done") return showDone();
    if (step === "declined") return showDeclined();
    return showQuestion();
  }
  function firstStep() {
    if (consentOf(R)) return "consent";
    return "who";
  }

  // Oogst's own consent text (this version) has a summary in pictures; a partnership's
  // own text is shown as it is.
  var DEFAULT_CONSENT = "oogst-1";
  var POINTS = [["box", "tablet3.consent_keep"], ["lock", "tablet3.consent_who"], ["eye", "tablet3.consent_rights"]];
  function showConsent() {
    var c = consentOf(R), short = String(c.version) === DEFAULT_CONSENT && !c.fallback;
    var full = h("p", { "class": "tb-consent", id: "consent-text", lang: c.fallback ? "nl" : null }, c.text);
    show([
      h("div", { "class": "tb-welcome" }, [UI.scene("welcome"), h("div", {}, [
        m("p", "tablet3.welcome_title", { "class": "tb-welcome-title" }), m("p", "tablet3.welcome_text")])]),
      m("h1", "tablet.consent_title"),
      listen(function () {
        var items = [word("tablet3.welcome_title"), word("tablet3.welcome_text"), word("tablet.consent_title"),
          { audio: (R.prompts || {})["_consent." + c.version] || "", text: c.text, lang: c.fallback ? "nl" : LANG }];
        return items.concat([word("tablet.consent_yes"), word("tablet.consent_no")]);
      }),
      short ? h("ul", { "class": "tb-points" }, POINTS.map(function (p) {
        return h("li", {}, [UI.svg(p[0], "tb-picon"), m("span", p[1])]);
      })) : null,
      short ? h("details", { "class": "tb-more" }, [m("summary", "tablet3.consent_more"), full]) : full,
      h("div", { "class": "tb-nav" }, [
        btn("tablet.consent_no", "tb-btn tb-ghost tb-no", function () { S.consent = null; clearDraft().then(function () { go("declined"); }); }, { id: "consent-no" }, "no"),
        btn("tablet.consent_yes", "tb-btn tb-yes", function () { S.consent = String(c.version || ""); go("who"); }, { id: "consent-yes" }, "yes")
      ])
    ]);
  }
  function showDeclined() {
    show([UI.scene("thanks"), m("h1", "tablet.thanks_title"),
      listen(function () { return [word("tablet.thanks_title"), { text: t("tablet.consent_declined") }, word("tablet.next_person")]; }),
      m("p", "tablet.consent_declined"),
      h("div", { "class": "tb-nav" }, [btn("tablet.next_person", "tb-btn", nextPerson, {}, "next")])]);
  }

  function loadPeople() {
    if (people) return Promise.resolve(people);
    return fetch(API + "/cursists", { headers: { Accept: "application/json" } }).then(function (r) {
      return r.ok ? r.json() : [];
    }).catch(function () { return []; }).then(function (j) {
      people = Array.isArray(j) ? j : (j.items || []);
      return people;
    });
  }
  // showWho asks who is answering, as the round's coordinator chose: a list of names
  // (a tap asks "are you …?"), a personal code, or nobody (anonymous only).
  function showWho() {
    var mode = R.identify || "list";
    if (P) { S.cursist = P.code; S.name = P.name; S.anon = false; return go("q", S.qi || 0); }
    if (mode === "anonymous") { S.cursist = null; S.name = null; S.anon = true; return go("q", S.qi || 0); }
    var list = h("ul", { "class": "tb-people", "aria-labelledby": "who-title" });
    var err = h("p", { "class": "tb-error", id: "code-error", role: "alert" });
    var input = h("input", { id: "who-code", type: "text", autocomplete: "off", autocapitalize: "characters", spellcheck: "false",
      maxlength: "16", "class": "tb-input", "aria-describedby": "code-error" });
    function pick(code, name) { S.cursist = code; S.name = name || code; S.anon = false; go("q", S.qi || 0); }
    var form = h("form", { "class": "tb-codeform", onsubmit: function (ev) {
      ev.preventDefault();
      var code = input.value.trim().toUpperCase().replace(/[\s-]/g, "");
      var known = !people.length || people.some(function (p) { return p.code === code; });
      if (!code || !known) {
        err.textContent = t("tablet.who_code_unknown");
        input.setAttribute("aria-invalid", "true");
        return;
      }
      var hit = people.filter(function (p) { return p.code === code; })[0];
      pick(code, hit && hit.first_name);
    } }, [m("label", mode === "code" ? "tablet3.who_code" : "tablet.who_type", { "for": "who-code" }), input, err,
      UI.decorate(m("button", "tablet.next", { type: "submit", "class": "tb-btn tb-next" }), "next")]);
    // "Without a name" comes first, so that it is on screen without scrolling.
    var anon = R.anonymous_allowed ? btn("tablet.who_anonymous", "tb-btn tb-ghost tb-anon", function () {
      S.cursist = null; S.name = null; S.anon = true; go("q", S.qi || 0);
    }, { id: "anon" }, "person") : null;
    show([m("h1", "tablet.who_title", { id: "who-title" }),
      listen(function () {
        var items = [word("tablet.who_title")];
        if (anon) items.push(word("tablet.who_anonymous"));
        items.push(mode === "code" ? word("tablet3.who_code") : word("tablet.who_pick"));
        return items;
      }),
      anon, mode === "list" ? m("p", "tablet.who_pick") : null, mode === "list" ? list : null, form]);
    loadPeople().then(function (ps) {
      if (mode !== "list") return;
      ps.forEach(function (p) {
        var name = p.first_name || p.code;
        list.appendChild(h("li", {}, h("button", { type: "button", "class": "tb-choice", "data-code": p.code, onclick: function () { confirmWho(p, name); } }, [
          h("span", { "class": "tb-name" }, name),
          p.display_name_native ? h("span", { "class": "tb-native", dir: "auto" }, p.display_name_native) : null,
          p.first_name ? h("span", { "class": "tb-code" }, p.code) : null])));
      });
    });
  }
  // confirmWho: a tap on a name is not yet a choice; "Are you Fatima?" Yes / No.
  function confirmWho(p, name) {
    var label = p.display_name_native ? name + " · " + p.display_name_native : name;
    show([h("div", { "class": "tb-confirm" }, [UI.svg("person", "tb-pic"),
      m("h1", "tablet3.who_confirm", { id: "who-confirm" }, { Name: label }),
      listen(function () { return [{ text: t("tablet3.who_confirm", { Name: name }) }, word("tablet3.who_yes"), word("tablet3.who_no")]; }),
      h("div", { "class": "tb-nav" }, [
        btn("tablet3.who_no", "tb-btn tb-ghost tb-no", function () { render(); }, { id: "who-no" }, "no"),
        btn("tablet3.who_yes", "tb-btn tb-yes", function () { S.cursist = p.code; S.name = name; S.anon = false; go("q", S.qi || 0); }, { id: "who-yes" }, "yes")
      ])])]);
  }

  function answered(q) {
    var v = S.answers[q.id];
    if (v === undefined || v === null) return false;
    if (typeof v === "string") return v.trim() !== "";
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === "object") return !!((v.text || "").trim() || v.voice);
    return true;
  }
  function setAnswer(q, v) {
    S.answers[q.id] = v;
    delete errors[q.id];
    // "Give an answer first" goes once there is one.
    var e = document.getElementById("q-error");
    if (e && answered(q)) e.textContent = "";
    save();
  }
  function tooLong(q) { return q.max_length && OS.chars(textOf(q)) > q.max_length; }
  function textOf(q) { var v = S.answers[q.id]; return typeof v === "object" && v ? v.text || "" : v || ""; }
  function voiceOf(q) { var v = S.answers[q.id]; return q.type === "voice" ? v : v && typeof v === "object" ? v.voice : ""; }

  // questionItems: what Listen reads on a question screen.
  function questionItems(q) {
    var l = q.fallback ? "nl" : LANG;
    var items = [{ audio: q.audio_url || "", text: q.text + (q.help ? ". " + q.help : ""), lang: l }];
    optionsOf(q).forEach(function (o) { items.push({ audio: o.audio_url || "", text: o.text, lang: o.fallback ? "nl" : LANG }); });
    if (q.type === "voice" || q.allow_voice) items.push(word("tablet.voice_start"));
    return items.concat([word("tablet.next"), word("tablet.back")]);
  }

  function optionsOf(q) {
    return q.options && q.options.length ? q.options : q.type === "sign" ? ["positive", "negative", "both"].map(function (id) {
      return { id: id, text: t(SIGNS[id]), icon: id };
    }) : [];
  }
  function choiceList(q, multi) {
    var opts = optionsOf(q);
    var cur = S.answers[q.id];
    return h("div", { "class": "tb-options", role: multi ? "group" : "radiogroup", "aria-labelledby": "qtext" }, opts.map(function (o, i) {
      var checked = multi ? Array.isArray(cur) && cur.indexOf(o.id) >= 0 : cur === o.id;
      var input = h("input", { type: multi ? "checkbox" : "radio", name: "q-" + q.id, id: "o-" + i, value: o.id, checked: checked,
        onchange: function () {
          if (multi) {
            setAnswer(q, Array.prototype.filter.call(screen.querySelectorAll("input[name='q-" + q.id + "']"), function (x) { return x.checked; })
              .map(function (x) { return x.value; }));
          } else setAnswer(q, o.id);
        } });
      return h("label", { "class": "tb-option", "for": "o-" + i }, [input,
        o.icon && UI.has(o.icon) ? UI.svg(o.icon, "tb-pic") : null,
        h("span", { lang: o.fallback ? "nl" : null, "class": o.fallback ? "fb" : null }, o.text)]);
    }));
  }
  function scale(q) {
    var lo = q.min == null ? 1 : q.min, hi = q.max == null ? 5 : q.max, out = [];
    for (var n = lo; n <= hi; n++) out.push({ id: n, text: String(n) });
    var cur = S.answers[q.id];
    return h("div", { "class": "tb-options tb-scale", role: "radiogroup", "aria-labelledby": "qtext" }, out.map(function (o) {
      return h("label", { "class": "tb-option", "for": "s-" + o.id }, [h("input", { type: "radio", name: "q-" + q.id, id: "s-" + o.id, value: o.id,
        checked: cur === o.id, onchange: function () { setAnswer(q, o.id); } }), h("span", {}, o.text)]);
    }));
  }
  function textField(q) {
    var long = q.type === "long_text";
    // No maxlength: the browser would cut a pasted text silently. The counter says
    // the limit and Next refuses a text that is too long.
    var f = h(long ? "textarea" : "input", { id: "answer", "class": "tb-input", "aria-labelledby": "qtext",
      "aria-describedby": "q-error answer-count", dir: "auto", rows: long ? 6 : null, type: long ? null : "text" });
    f.value = textOf(q);
    f.addEventListener("input", function () {
      var voice = voiceOf(q);
      setAnswer(q, q.allow_voice && voice ? { text: f.value, voice: voice } : f.value);
    });
    return f;
  }
  // voiceBox offers recording; the recorder code loads only when it is used.
  function voiceBox(q) {
    var box = h("div", { "class": "tb-voice", id: "voice" });
    var id = voiceOf(q);
    var start = btn(id ? "tablet.voice_again" : "tablet.voice_start", "tb-btn tb-record", function () {
      loadVoice().then(function (V) {
        V.record({ box: box, t: t, m: m, btn: function (id, cls, fn, a) { return btn(id, cls, fn, a, "stop"); }, h: h, onDone: function (blob) { keepVoice(q, blob).then(function () { render(); }); } });
      }, function () { box.appendChild(m("p", "tablet.voice_denied", { "class": "tb-error", role: "alert" })); });
    }, { id: "voice-start", hidden: !window.MediaRecorder }, "mic");
    box.appendChild(start);
    if (id && S.audio[id]) {
      box.appendChild(m("p", "tablet.voice_ready"));
      box.appendChild(h("audio", { controls: true, src: URL.createObjectURL(S.audio[id].blob), id: "voice-play" }));
    }
    return box;
  }
  var voiceP = null;
  function loadVoice() {
    if (!voiceP) voiceP = new Promise(function (res, rej) {
      var s = h("script", { src: D.voice });
      s.onload = function () { res(window.OogstVoice); };
      s.onerror = function () { voiceP = null; rej(); };
      document.head.appendChild(s);
    });
    return voiceP;
  }
  function keepVoice(q, blob) {
    var old = voiceOf(q);
    if (old) delete S.audio[old];
    var id = uuid();
    S.audio[id] = { id: id, blob: blob };
    setAnswer(q, q.type === "voice" ? id : { text: textOf(q), voice: id });
    return save();
  }

  function progress(i, n) {
    var dots = [];
    for (var k = 0; k < n; k++) dots.push(h("li", { "class": k < i ? "done" : k === i ? "now" : null, "aria-current": k === i ? "step" : null }));
    return h("div", { "class": "tb-progress" }, [m("p", "tablet.progress", { "class": "tb-count" }, { N: i + 1, Total: n }),
      h("ol", { "class": "tb-dots", "aria-hidden": "true" }, dots)]);
  }
  function showQuestion() {
    var qs = questions(), i = Math.min(S.qi || 0, qs.length - 1), q = qs[i];
    var kids = [progress(i, qs.length)];
    if (q.fallback) kids.push(m("p", "tablet.in_dutch", { "class": "tb-fbnote" }));
    if (S.another && i === 0) kids.push(m("p", "tablet4.another_note", { "class": "tb-fbnote", id: "another-note" }));
    kids.push(h("h1", { id: "qtext", lang: q.fallback ? "nl" : null }, q.text));
    if (q.help) kids.push(h("p", { "class": "tb-help", lang: q.fallback ? "nl" : null }, q.help));
    kids.push(listen(function () { return questionItems(q); }));
    if (q.type === "single_choice" || q.type === "sign") kids.push(choiceList(q, false));
    else if (q.type === "multiple_choice") { kids.push(m("p", "tablet.choose_more", { "class": "tb-help" })); kids.push(choiceList(q, true)); }
    else if (q.type === "scale") kids.push(scale(q));
    else if (q.type === "voice") kids.push(voiceBox(q));
    else {
      var field = textField(q);
      kids.push(field);
      if (q.max_length) kids.push(OS.counter(kit, field, q.max_length));
      if (q.allow_voice) kids.push(voiceBox(q));
    }
    kids.push(h("p", { "class": "tb-error", id: "q-error", role: "alert" }, errors[q.id] || ""));
    kids.push(h("div", { "class": "tb-nav" }, [
      btn("tablet.back", "tb-btn tb-ghost tb-back", function () {
        if (i > 0) go("q", i - 1);
        else go(R.identify === "anonymous" ? (consentOf(R) ? "consent" : "q") : "who", 0);
      }, { id: "back" }, "back"),
      btn("tablet.next", "tb-btn", function () {
        var e = document.getElementById("q-error");
        if (q.required && !answered(q)) {
          e.textContent = t("tablet.required");
          return;
        }
        if (tooLong(q)) {
          // The counter under the field already says so, plainly: take her there.
          document.getElementById("answer").focus();
          return;
        }
        go(i + 1 < qs.length ? "q" : "review", i + 1 < qs.length ? i + 1 : i);
      }, { id: "next" }, "next")
    ]));
    show(kids);
  }

  function answerText(q) {
    var v = S.answers[q.id];
    if (!answered(q)) return [m("span", "tablet.no_answer", { "class": "tb-none" })];
    var opt = function (id) {
      var o = (q.options || []).filter(function (x) { return x.id === id; })[0];
      return o ? o.text : q.type === "sign" && SIGNS[id] ? t(SIGNS[id]) : String(id);
    };
    if (Array.isArray(v)) return [v.map(opt).join(", ")];
    if (q.type === "single_choice" || q.type === "sign") return [opt(v)];
    var out = [];
    var txt = textOf(q);
    if (txt && q.type !== "voice") out.push(h("bdi", { "class": "tb-answer", dir: "auto" }, txt));
    if (voiceOf(q)) out.push(m("span", "tablet.voice_answer", { "class": "tb-voicetag" }));
    if (!out.length) out.push(String(v));
    return out;
  }
  function showReview(sending) {
    var qs = questions();
    // Errors not about one question (the round closed, the code unknown…) go on top.
    var ids = {};
    qs.forEach(function (q) { ids[q.id] = 1; });
    var general = Object.keys(errors).filter(function (k) { return !ids[k]; }).map(function (k) {
      return h("p", { "class": "tb-error", "data-field": k }, errors[k]);
    });
    var anyErr = Object.keys(errors).length > 0;
    show([m("h1", "tablet.review_title"), OS.whoLine(kit, S, false), listen(function () { return reviewItems(qs); }),
      anyErr ? m("p", "tablet.send_errors", { "class": "tb-error", role: "alert", id: "send-errors" }) : null].concat(general, [
      h("ol", { "class": "tb-review" }, qs.map(function (q, i) {
        return h("li", {}, [h("p", { "class": "tb-q", lang: q.fallback ? "nl" : null }, q.text),
          h("p", { "class": "tb-a" }, answerText(q)),
          errors[q.id] ? h("p", { "class": "tb-error", "data-field": q.id }, errors[q.id]) : null,
          btn("tablet.review_change", "tb-btn tb-ghost tb-small", function () { go("q", i); }, { "aria-label": t("tablet.review_change") + ": " + q.text })]);
      })),
      h("div", { "class": "tb-nav" }, [
        btn("tablet.back", "tb-btn tb-ghost tb-back", function () { go("q", qs.length - 1); }, {}, "back"),
        btn(sending ? "tablet.sending" : "tablet.send", "tb-btn tb-next", submit, { id: "send", disabled: !!sending }, "send")
      ])]));
  }
  // reviewItems: each question, then its answer: the chosen options' recordings, the
  // cursist's own voice recording, typed text by the device's voice.
  function reviewItems(qs) {
    var items = [word("tablet.review_title")];
    qs.forEach(function (q) {
      items.push({ audio: q.audio_url || "", text: q.text, lang: q.fallback ? "nl" : LANG });
      var v = S.answers[q.id], chosen = [].concat(v === undefined || v === null ? [] : v);
      if (q.type === "single_choice" || q.type === "sign" || q.type === "multiple_choice") {
        optionsOf(q).forEach(function (o) { if (chosen.indexOf(o.id) >= 0) items.push({ audio: o.audio_url || "", text: o.text }); });
        return;
      }
      if (textOf(q) && q.type !== "voice") items.push({ text: textOf(q) });
      var vid = voiceOf(q);
      if (vid && S.audio[vid]) items.push({ audio: URL.createObjectURL(S.audio[vid].blob) });
      if (!answered(q)) items.push({ text: t("tablet.no_answer") });
    });
    return items.concat([word("tablet.send")]);
  }
  function submit() {
    showReview(true);
    var audio = [];
    questions().forEach(function (q) { var v = voiceOf(q); if (v && S.audio[v]) audio.push(S.audio[v]); });
    var body = { id: S.id, language: LANG, cursist: S.cursist || null, answers: {}, started: S.started || undefined };
    questions().forEach(function (q) { if (answered(q)) body.answers[q.id] = S.answers[q.id]; });
    if (S.consent) body.consent_version = S.consent;
    if (P) body.link = P.token;
    var item = { id: S.id, code: CODE, body: body, audio: audio, at: Date.now() };
    // Into the outbox first: from here on the reflection survives a crash or no network.
    store("outbox", "readwrite", function (s) { return s.put(item); }).then(function () {
      return send(item);
    }).then(function (res) {
      if (res.rejected && (res.status === 413 || onlyQuestions(res.rejected))) {
        errors = res.rejected;
        // Something to fix in the answers (or no room left for her recording, which she
        // can replace by typing): keep them in the draft, not the outbox.
        return store("outbox", "readwrite", function (s) { return s.delete(item.id); }).then(function () { showReview(); });
      }
      if (res.rejected) {
        // The round will not take it (closed too long, say): it stays in the outbox with
        // the reason and goes to the coordinator; the person is told, calmly.
        S.undelivered = true;
        report(item).catch(function () { /* flush tries again */ });
        return clearDraft().then(function () { S.step = "closed"; render(); });
      }
      S.sent = !!res.ok;
      S.quota = res.quota || "";
      return clearDraft().then(function () { go("done"); });
    }).then(countOutbox, countOutbox);
  }
  function onlyQuestions(errs) {
    var qs = {};
    questions().forEach(function (q) { qs[q.id] = 1; });
    var ks = Object.keys(errs);
    return ks.length > 0 && ks.every(function (k) { return qs[k]; });
  }
  function showDone() {
    var said = S.sent ? "tablet.thanks_sent" : "tablet.thanks_queued";
    show([UI.scene("thanks"), m("h1", "tablet.thanks_title"), OS.whoLine(kit, S, true),
      listen(function () { return [word("tablet.thanks_title"), S.sent ? word(said) : { text: t(said) }, word("tablet4.another_change"), word("tablet.next_person")]; }),
      m("p", said, { id: "thanks", hidden: !!S.quota }),
      S.quota ? h("p", { "class": "tb-error", role: "alert", id: "quota" }, S.quota) : null,
      h("div", { "class": "tb-nav" }, [
        P ? null : btn("tablet4.another_change", "tb-btn tb-ghost", anotherChange, { id: "another" }, "plus"),
        btn("tablet.next_person", "tb-btn tb-next", nextPerson, { id: "next-person" }, "next")])]);
    if (!S.sent) flush();
  }
  // anotherChange: the same person tells a second change in the same round without
  // choosing her language, agreeing or saying who she is again. It is a new reflection
  // (its own client id, so both are stored) under the same identity and consent; the
  // idle wipe and "are you …?" protect it like any draft.
  function anotherChange() {
    var was = S;
    S = { id: uuid(), step: "q", qi: 0, consent: was.consent, cursist: was.cursist, name: was.name, anon: was.anon,
      answers: {}, audio: {}, started: was.started || R.started || null, startedAt: Date.now(), another: (was.another || 0) + 1 };
    errors = {};
    touchedAt = Date.now();
    save();
    render();
  }
  function clearDraft() { return store("draft", "readwrite", function (s) { return s.clear(); }).catch(function () {}); }
  // nextPerson wipes every trace of the previous cursist: the draft, the page and its
  // memory (by loading the language step afresh, replacing this history entry). The
  // outbox stays: it holds only reflections that are not yet safe on the server.
  function nextPerson() {
    UI.stop();
    S = null; R = null; people = null; errors = {};
    screen.textContent = "";
    clearDraft().then(function () { location.replace(P ? "/p/" + encodeURIComponent(P.token) : "/r/" + encodeURIComponent(CODE)); });
  }

  function start() {
    if (!screen) return;
    // The page carries the round when it could; otherwise (a closed round, say) ask.
    var round = D.round ? Promise.resolve(D.round) : fetch(API + "?lang=" + encodeURIComponent(LANG), { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw r;
      return r.json();
    });
    Promise.all([
      round,
      store("draft", "readonly", function (s) { return s.get(CODE); }).catch(function () { return null; })
    ]).then(function (res) {
      R = res[0];
      UI.setPrompts(R.prompts, LANG);
      var idleS = R.idle_seconds || 180, old = res[1];
      if (old && (old.step === "done" || old.step === "declined" || old.step === "closed" || OS.stale(old, idleS))) old = null;
      if (old && P && old.cursist !== P.code) old = null; // someone else's draft on this device
      watchIdle(idleS);
      if (R.closed) {
        S = fresh();
        S.step = "closed";
        return clearDraft().then(render);
      }
      if (!OS.hasPerson(old)) {
        S = fresh();
        save();
        return render();
      }
      // Somebody's draft: shown only to the person who says it is hers.
      S = old;
      OS.askWho(kit, old, show, function () { touchedAt = Date.now(); save(); render(); }, function () {
        clearDraft().then(function () { S = fresh(); save(); render(); });
      });
    }, function () {
      show([m("h1", "tablet.title"), m("p", "tablet.offline_no_round", { "class": "tb-error", role: "alert" })]);
    });
  }

  function fresh() {
    return { id: uuid(), step: firstStep(), qi: 0, consent: null, cursist: null, anon: false, answers: {}, audio: {},
      started: R.started || null, startedAt: Date.now() };
  }
  var watching = false;
  function watchIdle(seconds) {
    if (watching) return;
    watching = true;
    OS.idle(kit, { seconds: seconds,
      active: function () { return !!S && S.step !== "closed"; },
      // The draft's touch time is what a reload judges staleness by: kept fresh, cheaply.
      onTouch: function (ms) { touchedAt = ms; if (S && ms - (S.touched || 0) > 5000) save(); },
      onTimeout: nextPerson });
  }
  var kit = { h: h, m: m, btn: btn, t: t, plural: plural, listen: listen, word: word };

  if (!P) offlineReady();
  start();
  flush();
})();
