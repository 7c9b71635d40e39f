// The coordinator's live dashboard: the server pushes the whole state every few seconds and,
// in between, only the rows that changed (partial, with the totals); we merge them and
// redraw the grid, the totals and the table. On reconnect the server sends the whole state.
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
})();
