// The dashboard's situation refreshes itself: every few seconds, while the
// page is visible, it fetches the same situation as an HTML fragment and
// swaps it in. Without script the page still shows it, and "Show" reloads.
(function () {
  "use strict";
  var box = document.getElementById("situation");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-live");
  var every = (parseInt(box.getAttribute("data-every"), 10) || 30) * 1000;
  var status = document.getElementById("situation-status");
  var busy = false;
  function say(text) { if (status) { status.textContent = text; } }
  function refresh() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.text();
      })
      .then(function (html) {
        box.innerHTML = html;
        say(status.getAttribute("data-updated") + " " + new Date().toLocaleTimeString());
      })
      .catch(function () { say(status.getAttribute("data-failed")); })
      .then(function () { busy = false; });
  }
  setInterval(refresh, every);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
})();
