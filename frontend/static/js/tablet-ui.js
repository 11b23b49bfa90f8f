// Oogst tablet: pictures and listening, for cursists who read little. Icons and small
// illustrations are inline SVG (no requests, no emoji that differ per device). The
// Listen button reads a whole screen: a recorded prompt when the round has one in this
// language, the device's speech voice otherwise, nothing when it has neither (then the
// button hides itself rather than stay silent). Every clip or sentence a tap on Listen
// queues is noted in window.oogstPlayed (playing: true once it sounds), so tests can see
// what was chosen without hearing it.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  // Each shape is a list of [element, attributes]; stroke and fill follow currentColor.
  var SHAPES = {
    speaker: [["path", { d: "M4 9h4l5-4v14l-5-4H4z", fill: "currentColor" }],
      ["path", { d: "M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" }]],
    mic: [["rect", { x: "9", y: "3", width: "6", height: "11", rx: "3", fill: "currentColor" }],
      ["path", { d: "M6 11a6 6 0 0 0 12 0M12 17v4M8.5 21h7", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" }]],
    plus: [["path", { d: "M12 5v14M5 12h14", fill: "none", stroke: "currentColor", "stroke-width": "3", "stroke-linecap": "round" }]],
    stop: [["rect", { x: "6", y: "6", width: "12", height: "12", rx: "2", fill: "currentColor" }]],
    next: [["path", { d: "M5 12h13M13 6l6 6-6 6", fill: "none", stroke: "currentColor", "stroke-width": "2.5", "stroke-linecap": "round", "stroke-linejoin": "round" }]],
    back: [["path", { d: "M19 12H6M11 6l-6 6 6 6", fill: "none", stroke: "currentColor", "stroke-width": "2.5", "stroke-linecap": "round", "stroke-linejoin": "round" }]],
    yes: [["path", { d: "M5 12.5l4.5 4.5L19 7", fill: "none", stroke: "currentColor", "stroke-width": "3", "stroke-linecap": "round", "stroke-linejoin": "round" }]],
    no: [["path", { d: "M6 6l12 12M18 6L6 18", fill: "none", stroke: "currentColor", "stroke-width": "3", "stroke-linecap": "round" }]],
    send: [["path", { d: "M3 11l18-8-7 18-2.5-7.5z", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linejoin": "round" }]],
    person: [["circle", { cx: "12", cy: "8", r: "4", fill: "currentColor" }], ["path", { d: "M4 21a8 8 0 0 1 16 0z", fill: "currentColor" }]],
    lock: [["rect", { x: "5", y: "10", width: "14", height: "11", rx: "2", fill: "currentColor" }],
      ["path", { d: "M8 10V7a4 4 0 0 1 8 0v3", fill: "none", stroke: "currentColor", "stroke-width": "2" }]],
    box: [["path", { d: "M3 8l9-5 9 5v9l-9 5-9-5z", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linejoin": "round" }],
      ["path", { d: "M3 8l9 5 9-5M12 13v9", fill: "none", stroke: "currentColor", "stroke-width": "2" }]],
    eye: [["path", { d: "M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z", fill: "none", stroke: "currentColor", "stroke-width": "2" }],
      ["circle", { cx: "12", cy: "12", r: "3", fill: "currentColor" }]],
    // The six building blocks of the project (answers to "which part helped?").
    partnership: [["circle", { cx: "8", cy: "7", r: "3", fill: "currentColor" }], ["circle", { cx: "16", cy: "7", r: "3", fill: "currentColor" }],
      ["path", { d: "M2 20a6 6 0 0 1 12 0zM10 20a6 6 0 0 1 12 0z", fill: "currentColor", stroke: "#fff", "stroke-width": "1" }]],
    outreach: [["path", { d: "M3 10v4h3l9 5V5L6 10z", fill: "currentColor" }],
      ["path", { d: "M18 9l3-2M18 15l3 2M18.5 12H22", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" }]],
    guidance: [["circle", { cx: "12", cy: "12", r: "9.5", fill: "none", stroke: "currentColor", "stroke-width": "2" }],
      ["path", { d: "M15.5 8.5l-2 5-5 2 2-5z", fill: "currentColor" }]],
    training: [["path", { d: "M12 6c-2-1.5-5-2-9-2v14c4 0 7 .5 9 2 2-1.5 5-2 9-2V4c-4 0-7 .5-9 2z", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linejoin": "round" }],
      ["path", { d: "M12 6v14", stroke: "currentColor", "stroke-width": "2" }]],
    workplace: [["path", { d: "M3 11l9-7 9 7v10H3z", fill: "currentColor" }], ["rect", { x: "10", y: "14", width: "4", height: "7", fill: "#fff" }]],
    aftercare: [["path", { d: "M12 21V11", stroke: "currentColor", "stroke-width": "2.5", "stroke-linecap": "round" }],
      ["path", { d: "M12 12C12 7 9 4 4 4c0 5 3 8 8 8zM12 14c0-4 3-7 8-7 0 4-3 7-8 7z", fill: "currentColor" }]],
    // Faces for a change that is positive, negative or both.
    positive: [["circle", { cx: "12", cy: "12", r: "10", fill: "#2f6b3a" }], ["circle", { cx: "8.5", cy: "9.5", r: "1.4", fill: "#fff" }],
      ["circle", { cx: "15.5", cy: "9.5", r: "1.4", fill: "#fff" }], ["path", { d: "M7 14a5.5 5.5 0 0 0 10 0", fill: "none", stroke: "#fff", "stroke-width": "2", "stroke-linecap": "round" }]],
    negative: [["circle", { cx: "12", cy: "12", r: "10", fill: "#a4262c" }], ["circle", { cx: "8.5", cy: "9.5", r: "1.4", fill: "#fff" }],
      ["circle", { cx: "15.5", cy: "9.5", r: "1.4", fill: "#fff" }], ["path", { d: "M7 17a5.5 5.5 0 0 1 10 0", fill: "none", stroke: "#fff", "stroke-width": "2", "stroke-linecap": "round" }]],
    both: [["path", { d: "M12 2a10 10 0 0 0 0 20z", fill: "#2f6b3a" }], ["path", { d: "M12 2a10 10 0 0 1 0 20z", fill: "#a4262c" }],
      ["circle", { cx: "8.5", cy: "9.5", r: "1.4", fill: "#fff" }], ["circle", { cx: "15.5", cy: "9.5", r: "1.4", fill: "#fff" }],
      ["path", { d: "M7 15h10", fill: "none", stroke: "#fff", "stroke-width": "2", "stroke-linecap": "round" }]]
  };
  function svg(name, cls, size) {
    var s = document.createElementNS(NS, "svg");
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("class", cls || "tb-svg");
    s.setAttribute("aria-hidden", "true");
    s.setAttribute("focusable", "false");
    if (size) { s.setAttribute("width", size); s.setAttribute("height", size); }
    (SHAPES[name] || []).forEach(function (p) {
      var e = document.createElementNS(NS, p[0]);
      Object.keys(p[1]).forEach(function (k) { e.setAttribute(k, p[1][k]); });
      s.appendChild(e);
    });
    return s;
  }
  // Two small scenes: a welcome (a person with a speech bubble at a tablet) and a
  // thank-you (a person and a heart). Decorative: the text beside them says it all.
  function scene(kind) {
    var s = document.createElementNS(NS, "svg");
    s.setAttribute("viewBox", "0 0 160 90");
    s.setAttribute("class", "tb-scene");
    s.setAttribute("aria-hidden", "true");
    s.setAttribute("focusable", "false");
    var parts = [["rect", { x: "0", y: "0", width: "160", height: "90", rx: "14", fill: "#eef4ef" }],
      ["circle", { cx: "50", cy: "30", r: "12", fill: "#1f4a28" }], ["path", { d: "M28 84a22 24 0 0 1 44 0z", fill: "#2f6b3a" }]];
    if (kind === "welcome") {
      parts.push(["rect", { x: "88", y: "40", width: "44", height: "34", rx: "5", fill: "#1d1d1b" }],
        ["rect", { x: "92", y: "44", width: "36", height: "26", rx: "2", fill: "#fff" }],
        ["path", { d: "M80 10h56a8 8 0 0 1 8 8v8a8 8 0 0 1-8 8H96l-10 7 2-7h-8a8 8 0 0 1-8-8v-8a8 8 0 0 1 8-8z", fill: "#f4d35e" }],
        ["path", { d: "M86 22h44", stroke: "#5a4700", "stroke-width": "3", "stroke-linecap": "round" }]);
    } else {
      parts.push(["path", { d: "M112 70c-22-14-30-24-30-34a10 10 0 0 1 30-4 10 10 0 0 1 30 4c0 10-8 20-30 34z", fill: "#a4262c" }],
        ["path", { d: "M70 54l12-10", stroke: "#2f6b3a", "stroke-width": "6", "stroke-linecap": "round" }]);
    }
    parts.forEach(function (p) {
      var e = document.createElementNS(NS, p[0]);
      Object.keys(p[1]).forEach(function (k) { e.setAttribute(k, p[1][k]); });
      s.appendChild(e);
    });
    return s;
  }
  // decorate puts an icon at the start of a button, keeping its text as the label.
  function decorate(button, name) {
    button.insertBefore(svg(name, "tb-bicon"), button.firstChild);
    return button;
  }

  // ---- listening ----
  var played = window.oogstPlayed = window.oogstPlayed || [];
  var cur = null, queue = [], prompts = {}, lang = "nl";
  function voiceFor(l) {
    if (!("speechSynthesis" in window)) return null;
    var vs = speechSynthesis.getVoices();
    for (var i = 0; i < vs.length; i++) if (vs[i].lang.toLowerCase().split(/[-_]/)[0] === l) return vs[i];
    return null;
  }
  // An item is {audio, text, lang}; playable when recorded or a device voice exists.
  function playable(it) { return !!(it && (it.audio || (it.text && voiceFor(it.lang || lang)))); }
  function stop() {
    queue = [];
    if (cur) { cur.onended = cur.onerror = null; cur.pause(); cur = null; }
    if ("speechSynthesis" in window) speechSynthesis.cancel();
  }
  function next() {
    var it = queue.shift();
    if (!it) { cur = null; return; }
    if (it.audio) {
      cur = new Audio(it.audio);
      cur.onplaying = function () { it.note.playing = true; };
      cur.onended = cur.onerror = next;
      cur.play().catch(next);
      return;
    }
    var v = voiceFor(it.lang || lang);
    if (!v || !it.text) return next();
    var u = new SpeechSynthesisUtterance(it.text);
    u.lang = it.lang || lang; u.voice = v;
    u.onstart = function () { it.note.playing = true; };
    u.onend = u.onerror = next;
    speechSynthesis.speak(u);
  }
  function play(items) {
    stop();
    queue = items.filter(playable).map(function (it) {
      var note = it.audio ? { audio: it.audio } : { speech: it.text, lang: it.lang || lang };
      played.push(note);
      return { audio: it.audio, text: it.text, lang: it.lang, note: note };
    });
    next();
  }
  // word is one of the tablet's own texts: its recording, else the text to speak.
  function word(id, text) { return { audio: prompts["_" + id] || "", text: text }; }
  // listenButton reads items() (called at the tap, so it reads what is on screen now).
  function listenButton(label, items) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "tb-btn tb-listen";
    b.id = "listen";
    b.appendChild(document.createTextNode(label));
    decorate(b, "speaker");
    b.addEventListener("click", function () { play(items()); });
    var seen = false;
    function check() {
      // A button of an earlier screen stops listening for voices.
      if (b.isConnected) seen = true;
      else if (seen) { speechSynthesis.removeEventListener("voiceschanged", check); return; }
      b.hidden = !items().some(playable);
    }
    check();
    if ("speechSynthesis" in window) speechSynthesis.addEventListener("voiceschanged", check);
    return b;
  }
  window.OogstUI = {
    has: function (name) { return !!SHAPES[name]; }, svg: svg, scene: scene, decorate: decorate, listenButton: listenButton, word: word, stop: stop, play: play,
    setPrompts: function (p, l) { prompts = p || {}; lang = l; }
  };
})();
