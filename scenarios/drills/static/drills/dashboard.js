// The coordinator's live dashboard: the server pushes the whole state every few seconds and,
// in between, only the rows that changed (partial, with the totals); we merge them and
// redraw the grid, the totals and the table. On reconnect the server sends the whole state.
// While the lobby is open each push also says which teams are not ready (attendance).
(function () {
  var root = document.getElementById("drill-dashboard");
  if (!root || !window.WebSocket) return;
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + location.host + "/ws/dien-tap/" + root.dataset.drill + "/dieu-hanh/";
  var live = document.getElementById("live-state");
  var delay = 1000;
  var rows = {}, order = [];
  function merge(data) {
    if (!data.partial) {
      rows = {};
      order = data.teams.map(function (t) { return t.id; });
    }
    data.teams.forEach(function (t) {
      if (!(t.id in rows) && order.indexOf(t.id) < 0) order.push(t.id);
      rows[t.id] = t;
    });
    return order.map(function (id) { return rows[id]; });
  }
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }
  function num(v) { return v === null || v === undefined ? "—" : String(v); }
  function drawGrid(teams) {
    var grid = document.getElementById("commune-grid");
    if (!grid) return;
    var items = teams.map(function (t) {
      var li = document.createElement("li");
      li.className = "cell state-" + t.state;
      li.dataset.team = t.id;
      li.appendChild(text("strong", t.commune));
      li.appendChild(text("span", (t.received || 0) + " / " + (t.processed || 0) + " / " + (t.overdue || 0), "nums"));
      return li;
    });
    grid.replaceChildren.apply(grid, items);
  }
  function drawTable(teams) {
    var body = document.getElementById("dashboard-rows");
    if (!body) return;
    var rows = teams.map(function (t) {
      var tr = document.createElement("tr");
      [t.commune, num(t.received || 0), num(t.accepted || 0), num(t.processed || 0), num(t.overdue || 0),
       num(t.breaches || 0), num(t.score), (t.connected || 0) + " / " + (t.members || 0)].forEach(function (v) {
        tr.appendChild(text("td", v));
      });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }
  // Totals are over every team and participant of the drill, whatever page of a table
  // is shown; data-of names the total a figure is out of ("joined / members").
  function drawTotals(totals) {
    if (!totals) return;
    document.querySelectorAll("#drill-totals [data-total]").forEach(function (dd) {
      var value = num(totals[dd.dataset.total]);
      dd.textContent = dd.dataset.of ? value + " / " + num(totals[dd.dataset.of]) : value;
    });
  }
  // The teams not ready, from whole readings (never older than the one shown): the list is
  // changed item by item (it is not a live region, so nothing is read twice) and one status
  // line says what changed. The start form's confirmation follows the list shown; the
  // server checks again at the start.
  var attendanceAsOf = 0;
  var texts = document.getElementById("attendance-texts");
  var words = texts ? JSON.parse(texts.textContent) : null;
  var startForm = document.querySelector(".start-form");
  var withoutName = startForm ? startForm.dataset.without : null;
  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (all, key) { return values[key]; });
  }
  function names(list) {
    var shown = list.slice(0, 5).join(", ");
    return list.length > 5 ? shown + " " + fill(words.more, {more: list.length - 5}) : shown;
  }
  function notReadyItem(li, t) {
    li = li || document.createElement("li");
    li.dataset.team = t.id;
    li.dataset.commune = t.commune;
    var line = t.commune + " – " + fill(words.reasons[t.why], {members: t.members});
    if (li.textContent !== line) li.textContent = line;
    return li;
  }
  function drawNotReady(list) {
    var ul = document.querySelector("#attendance .not-ready");
    var shown = {}, readyNow = [], added = [];
    list.forEach(function (t) { shown[t.id] = true; });
    var before = {};
    Array.prototype.forEach.call(ul.querySelectorAll("li[data-team]"), function (li) {
      if (shown[li.dataset.team]) before[li.dataset.team] = li;
      else { readyNow.push(li.dataset.commune); li.remove(); }
    });
    var cursor = ul.firstElementChild;
    list.forEach(function (t) {
      if (!before[t.id]) added.push(t.commune);
      var li = notReadyItem(before[t.id], t);
      if (li === cursor) cursor = cursor.nextElementSibling;
      else ul.insertBefore(li, cursor);
    });
    return {ready: readyNow, added: added};
  }
  function syncStart(list, readyCount) {
    var confirm = startForm && startForm.querySelector("input[type=checkbox]");
    if (!confirm || !withoutName) return;
    var agreed = Array.prototype.map.call(
      startForm.querySelectorAll("input[type=hidden][name='" + withoutName + "']"),
      function (input) { return input.value; });
    var ids = list.map(function (t) { return String(t.id); });
    // A team the coordinator has not seen in the list asks for the confirmation again.
    if (ids.some(function (id) { return agreed.indexOf(id) < 0; })) confirm.checked = false;
    startForm.querySelectorAll("input[type=hidden][name='" + withoutName + "']").forEach(function (input) { input.remove(); });
    ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = withoutName; input.value = id;
      startForm.appendChild(input);
    });
    // Asked only when some teams are ready and some not (with none ready, nothing starts).
    confirm.closest("p").hidden = !ids.length || !readyCount;
  }
  function drawAttendance(a, asOf) {
    if (!words || !document.getElementById("attendance") || asOf < attendanceAsOf) return;
    attendanceAsOf = asOf;
    document.getElementById("attendance-summary").textContent = fill(words.summary, {ready: a.ready, total: a.teams, joined: a.joined, members: a.members});
    var blocker = document.getElementById("attendance-blocker");
    blocker.textContent = a.blocker ? fill(words.blockers[a.blocker], {members: a.members}) : "";
    blocker.hidden = !a.blocker;
    var title = document.getElementById("not-ready-title");
    var count = fill(words.count, {count: a.not_ready.length, total: a.teams});
    title.textContent = count;
    title.hidden = !a.not_ready.length;
    document.querySelector("#attendance .not-ready").hidden = !a.not_ready.length;
    var change = drawNotReady(a.not_ready);
    syncStart(a.not_ready, a.ready);
    if (!change.ready.length && !change.added.length) return;
    var news = [];
    if (change.ready.length) news.push(fill(words.became_ready, {communes: names(change.ready)}));
    if (change.added.length) news.push(fill(words.added, {communes: names(change.added)}));
    news.push(a.not_ready.length ? count : words.all_ready);
    document.getElementById("not-ready-news").textContent = news.join(" ");
  }
  function log(line, cls) {
    var list = document.getElementById("drill-log");
    if (list) list.insertBefore(text("li", new Date().toLocaleTimeString() + " – " + line, cls), list.firstChild);
  }
  function handle(data) {
    if (data.type === "dashboard") {
      document.getElementById("drill-status").textContent = data.status_label;
      var sim = document.getElementById("drill-sim-now");
      if (sim && data.sim_now) sim.textContent = new Date(data.sim_now).toLocaleString("vi-VN", {timeZone: "Asia/Ho_Chi_Minh"});
      var teams = merge(data);
      drawGrid(teams); drawTable(teams); drawTotals(data.totals);
      if (data.attendance) drawAttendance(data.attendance, data.as_of);
      root.dataset.asOf = data.as_of;
    } else if (data.type === "announcement") {
      log(root.dataset.textAnnouncement + ": " + data.message);
    } else if (data.type === "inject") {
      log(root.dataset.textInject + ": " + data.label + (data.message ? ": " + data.message : ""), "inject");
    } else if (data.type === "status") {
      document.getElementById("drill-status").textContent = data.label;
    }
  }
  function connect() {
    var socket = new WebSocket(url);
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
  // The inject form shows the fault only for signature faults, the procedure only for a new
  // dossier (without script, every field stays shown and the server ignores the others).
  var injectForm = document.querySelector(".inject-form");
  var kind = injectForm && injectForm.querySelector("select[name$='kind']");
  function showInjectFields() {
    injectForm.querySelectorAll("[data-inject-kinds]").forEach(function (part) {
      part.hidden = part.dataset.injectKinds.split(" ").indexOf(kind.value) < 0;
    });
  }
  if (kind) { kind.addEventListener("change", showInjectFields); showInjectFields(); }
})();
