// Live updates for a sandbox page: when the server says something changed, show a notice and
// (on the inbox) reload the list. The database is the truth: on reconnect we simply reload.
(function () {
  var root = document.querySelector("[data-live-sandbox]");
  if (!root || !window.WebSocket) return;
  var notice = document.getElementById("live-notice");
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + location.host + "/ws/sa-ban/" + root.dataset.liveSandbox + "/";
  var delay = 1000, opened = false;
  function show(text) { if (notice) { notice.textContent = text; notice.hidden = false; } }
  function connect() {
    var socket = new WebSocket(url);
    socket.onopen = function () {
      if (opened && root.dataset.liveReload === "1") location.reload();
      opened = true; delay = 1000;
    };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (root.dataset.liveReload === "1") { location.reload(); return; }
      if (!root.dataset.liveDossier || data.dossier === root.dataset.liveDossier) {
        show(root.dataset.liveText + " (" + data.dossier + ")");
      }
    };
    socket.onclose = function () { setTimeout(connect, delay); delay = Math.min(delay * 2, 30000); };
  }
  connect();
})();
