// A participant's drill page: announcements and injects arrive live; in the lobby the page
// waits for its admission wave (spread over the wave's interval) and then goes in. The first
// connection receives the whole state; a reconnection says the last notices it saw (the
// cursor) and receives what it missed, or the whole state again if that was too much.
(function () {
  var root = document.getElementById("drill-participant");
  if (!root || !window.WebSocket) return;
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + location.host + "/ws/dien-tap/" + root.dataset.drill + "/";
  var cursor = null;  // {drill_event, dossier_event}: the newest numbers seen
  var live = document.getElementById("live-state");
  var seen = {};  // the notices shown, by key: those the page came with count too
  Array.prototype.forEach.call(document.querySelectorAll("#drill-feed [data-key]"), function (li) { seen[li.dataset.key] = true; });
  var timer = null, delay = 1000;
  var jitter = Math.random();
  function item(text, cls) {
    var li = document.createElement("li");
    li.textContent = text; li.className = cls || "";
    return li;
  }
  function add(key, text, cls) {
    if (seen[key]) return;
    seen[key] = true;
    var feed = document.getElementById("drill-feed");
    if (feed) feed.insertBefore(item(text, cls), feed.firstChild);
  }
  function time(at) { return at ? new Date(at).toLocaleTimeString("vi-VN", {hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh"}) : ""; }
  function goWhenAdmitted(admitAt, interval) {
    if (root.dataset.page !== "lobby" || !admitAt) return;
    var note = document.getElementById("admission-note");
    var when = (admitAt + jitter * Math.max(0, interval || 0)) * 1000;
    if (timer) clearTimeout(timer);
    function step() {
      var wait = Math.max(0, when - Date.now());
      if (wait <= 0) {
        if (note) note.textContent = root.dataset.textGo;
        location.href = root.dataset.playUrl;
        return;
      }
      if (note) note.textContent = root.dataset.textWait.replace("%s", Math.ceil(wait / 1000));
      timer = setTimeout(step, Math.min(wait, 1000));
    }
    step();
  }
  function advance(key, value) {
    if (cursor && value && value > cursor[key]) cursor[key] = value;
  }
  function handle(data) {
    var status = document.getElementById("drill-status");
    if (data.cursor) cursor = data.cursor;
    advance("drill_event", data.drill_event);
    if (data.type === "dossier") advance("dossier_event", data.id);
    if (data.type === "replay") {
      data.events.forEach(handle);
    } else if (data.type === "state") {
      if (status) status.textContent = data.label;
      // Each notice goes on top: add the oldest first so that the newest ends on top.
      var notices = (data.announcements || []).map(function (a) {
        return {key: "a" + a.id, at: a.at, text: a.message, cls: "announcement"};
      }).concat((data.injects || []).map(function (i) {
        return {key: "i" + i.id, at: i.at, text: i.label + (i.message ? ": " + i.message : ""), cls: "inject"};
      }));
      notices.sort(function (x, y) { return new Date(x.at) - new Date(y.at); });
      notices.forEach(function (n) { add(n.key, time(n.at) + " – " + n.text, n.cls); });
      if (data.wave !== null && data.wave !== undefined) root.dataset.wave = data.wave;
      if ((data.status === "running" || data.status === "paused") && data.admit_at) goWhenAdmitted(data.admit_at, data.interval);
    } else if (data.type === "status") {
      if (status) status.textContent = data.label;
      // Each page works out its own wave's time from the one start message, so that the
      // server is not asked by everyone at the same instant.
      if (root.dataset.page === "lobby" && data.status === "running" && data.started && root.dataset.wave !== "") {
        goWhenAdmitted(data.started + Number(root.dataset.wave) * data.interval, data.interval);
      }
      if (data.status === "ended") location.reload();
    } else if (data.type === "announcement") {
      add("a" + data.id, time(data.at || new Date()) + " – " + data.message, "announcement");
    } else if (data.type === "inject") {
      if (data.teams && data.teams.indexOf(Number(root.dataset.team)) < 0) return;
      add("i" + data.id, time(data.at || new Date()) + " – " + data.label + (data.message ? ": " + data.message : ""), "inject");
    } else if (data.type === "dossier") {
      var notice = document.getElementById("dossier-notice");
      if (notice) { notice.textContent = root.dataset.textDossier + " (" + data.dossier + ")"; notice.hidden = false; }
    }
  }
  var socket;
  function connect() {
    socket = new WebSocket(cursor ? url + "?drill_event=" + cursor.drill_event + "&dossier_event=" + cursor.dossier_event : url);
    socket.onopen = function () { delay = 1000; if (live) live.textContent = root.dataset.textConnected; root.dataset.live = "1"; };
    socket.onmessage = function (event) { handle(JSON.parse(event.data)); };
    socket.onclose = function () {
      root.dataset.live = "0";
      if (live) live.textContent = root.dataset.textReconnecting;
      setTimeout(connect, delay + Math.random() * 1000);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
