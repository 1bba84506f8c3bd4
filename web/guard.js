// Connection guard (served by web/server.py, loaded before Flet's own scripts).
// A result on screen is only as good as the server behind it: when the server stops answering
// (no heartbeat for STALL ms, or the app's WebSocket closed), everything is hidden behind a
// full-screen notice and taken out of the accessibility tree. When the server answers again the
// page starts a fresh session (a new check is needed); nothing of the old screen comes back.
(function () {
  "use strict";
  var STRINGS = __STRINGS__;
  var STALL = __STALL_MS__;
  var ALIVE = __ALIVE__;
  var lastOk = Date.now();
  var inFlight = false;
  var sockets = [];
  var wasOpen = false;
  var shownAt = 0;
  var lastTick = Date.now();
  var graceUntil = 0;

  var Native = window.WebSocket;
  function Guarded(url, protocols) {
    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    sockets.push(ws);
    ws.addEventListener("open", function () { wasOpen = true; lastOk = Date.now(); });
    ws.addEventListener("message", function () { lastOk = Date.now(); });
    ws.addEventListener("close", function () { evaluate(); });
    return ws;
  }
  Guarded.prototype = Native.prototype;
  Guarded.CONNECTING = 0; Guarded.OPEN = 1; Guarded.CLOSING = 2; Guarded.CLOSED = 3;
  window.WebSocket = Guarded;

  function lang() {
    var title = document.title;
    for (var code in STRINGS) {
      if (STRINGS[code].title && STRINGS[code].title === title) return code;
    }
    return "nb";
  }

  function socketDown() {
    if (!wasOpen || !sockets.length) return false;
    return sockets[sockets.length - 1].readyState !== 1;
  }

  function show() {
    if (shownAt) return;
    shownAt = Date.now();
    var s = STRINGS[lang()] || STRINGS.nb;
    for (var i = 0; i < document.body.children.length; i++) {
      var el = document.body.children[i];
      el.setAttribute("aria-hidden", "true");
      el.inert = true;
      el.style.visibility = "hidden";  // neither painted nor in the accessibility tree
    }
    var box = document.createElement("div");
    box.id = "connection-lost";
    box.setAttribute("role", "alert");
    box.setAttribute("lang", lang());
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:#1B1B1B;color:#FFFFFF;" +
      "display:flex;flex-direction:column;align-items:center;justify-content:center;padding:24px;" +
      "font:20px/1.4 sans-serif;text-align:center;gap:16px";
    var h = document.createElement("h1");
    h.style.cssText = "font-size:28px;margin:0";
    h.textContent = s.offline;
    var p = document.createElement("p");
    p.style.margin = "0";
    p.textContent = s.body;
    var b = document.createElement("button");
    b.id = "connection-reload";
    b.textContent = s.reload;
    b.style.cssText = "font-size:20px;min-height:56px;padding:0 24px;border:2px solid #FFFFFF;" +
      "border-radius:10px;background:#FFFFFF;color:#111111";
    b.onclick = fresh;
    box.appendChild(h); box.appendChild(p); box.appendChild(b);
    document.body.appendChild(box);
  }

  function fresh() {
    // A new Flet session (its id lives in sessionStorage): the old screen must not come back.
    try { sessionStorage.clear(); } catch (e) {}
    window.location.replace(window.location.pathname);
  }

  function evaluate() {
    var now = Date.now();
    var gap = now - lastTick;
    lastTick = now;
    if (document.hidden) return;  // background tabs throttle timers: judged again when visible
    // Nothing of the app is on screen before its socket first opened.
    if (!wasOpen) return;
    // This page itself was busy (Flutter starting, a slow phone): an answer may be waiting in the
    // queue behind us. Judge the server only after it had a fair second to come through.
    if (gap > 600) graceUntil = now + 1000;
    if (now < graceUntil && !socketDown()) return;
    var stalled = now - lastOk > STALL;
    if (stalled || socketDown()) {
      show();
    } else if (shownAt && now - shownAt > 1000) {
      fresh();  // the server answers again: start over, never resume the hidden result
    }
  }

  function ping() {
    if (inFlight || document.hidden) return;
    inFlight = true;
    var ctrl = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctrl) ctrl.abort(); }, STALL);
    fetch(ALIVE, { cache: "no-store", credentials: "same-origin", signal: ctrl ? ctrl.signal : undefined })
      .then(function (r) { if (r.ok) lastOk = Date.now(); })
      .catch(function () {})
      .then(function () { clearTimeout(timer); inFlight = false; });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { lastOk = Date.now(); ping(); }
  });
  setInterval(ping, 400);
  setInterval(evaluate, 200);
})();
