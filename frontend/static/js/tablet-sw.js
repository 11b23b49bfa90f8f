// Oogst tablet service worker (served as /sw.js, scope /r/): keeps what a round needs to
// take reflections without network, in EVERY language the round offers, once the round
// was opened online: the pages, the questions (round JSON per language), the recorded
// prompts those list, the CSS/JS including the voice recorder. The page asks for this
// after its first screen is drawn, so the first load stays small. Answers never pass
// through here: they live in IndexedDB and go out from the page.
// Pages and round data: network first, cache when offline. Versioned static files and
// recorded prompts: cache first (their address changes with their content).
"use strict";
var CACHE = "oogst-tablet-v2";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("oogst-tablet-") === 0 && k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(c, u) {
  return fetch(u, { credentials: "same-origin" }).then(function (r) {
    if (r.ok) return c.put(u, r.clone()).then(function () { return r; });
  }).catch(function () {});
}
// promptsOf lists the recorded prompts a round JSON points to.
function promptsOf(round) {
  var out = [];
  Object.keys(round.prompts || {}).forEach(function (k) { out.push(round.prompts[k]); });
  ((round.form || {}).questions || []).forEach(function (q) {
    if (q.audio_url) out.push(q.audio_url);
    (q.options || []).forEach(function (o) { if (o.audio_url) out.push(o.audio_url); });
  });
  return out;
}

// pool runs jobs two at a time, so that preparing for offline use leaves the browser's
// other connections to the cursist's own requests (the name list, the answers).
function pool(jobs) {
  var i = 0;
  function worker() {
    if (i >= jobs.length) return Promise.resolve();
    var job = jobs[i++];
    return Promise.resolve().then(job).catch(function () {}).then(worker);
  }
  return Promise.all([worker(), worker()]);
}

// The page lists what it needs offline: {cache: addresses, rounds: round JSON per
// language}; prompts are found in the round JSON. Prompts already kept are not fetched
// again (their address changes with the recording). While one round is being prepared,
// a second page of it (the cursist chose her language) adds only its own addresses.
var preparing = {};
self.addEventListener("message", function (e) {
  var urls = (e.data && e.data.cache) || [], rounds = (e.data && e.data.rounds) || [];
  var key = rounds.join(" ");
  if (preparing[key]) rounds = [];
  else preparing[key] = true;
  e.waitUntil(caches.open(CACHE).then(function (c) {
    var found = [];
    var first = urls.map(function (u) { return function () { return keep(c, u); }; }).concat(rounds.map(function (u) {
      return function () {
        return keep(c, u).then(function (r) { return r ? r.json() : null; }).then(function (round) {
          if (round) found = found.concat(promptsOf(round));
        });
      };
    }));
    return pool(first).then(function () {
      return pool(found.map(function (p) {
        return function () { return c.match(p).then(function (hit) { return hit || keep(c, p); }); };
      }));
    });
  }).then(function () { delete preparing[key]; }, function () { delete preparing[key]; }));
});

var PROMPT = /^\/api\/v1\/rounds\/[^/]+\/audio\/prompts\//;
function cacheable(url) {
  return url.pathname.indexOf("/r/") === 0 || url.pathname.indexOf("/static/") === 0 || PROMPT.test(url.pathname) ||
    /^\/api\/v1\/rounds\/[^/]+(\/cursists)?$/.test(url.pathname);
}

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin || !cacheable(url)) return;
  if ((url.pathname.indexOf("/static/") === 0 || PROMPT.test(url.pathname)) && url.searchParams.get("v")) {
    // An <audio> element asks with a Range header; the whole clip answers it well enough.
    e.respondWith(caches.match(req.url).then(function (hit) {
      return hit || fetch(req).then(function (r) {
        if (r.status === 200) { var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(req.url, copy); }); }
        return r;
      });
    }));
    return;
  }
  // Network first; a kept copy answers when the network fails, or when it is still
  // silent after a few seconds (a classroom Wi-Fi that is "connected" but not working).
  var net = fetch(req).then(function (r) {
    if (r.ok) { var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
    return r;
  });
  var kept = function () {
    return caches.match(req).then(function (hit) {
      // A page of this round not kept yet: its language step rather than the browser's error.
      if (hit || req.mode !== "navigate") return hit;
      return caches.match(url.pathname);
    });
  };
  e.respondWith(new Promise(function (resolve) {
    var done = false;
    function answer(r) { if (!done && r) { done = true; resolve(r); } }
    net.then(answer, function () { kept().then(function (hit) { answer(hit || Response.error()); }); });
    setTimeout(function () { caches.match(req).then(answer); }, 6000);
  }));
});
