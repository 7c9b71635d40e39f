// Poll the status of worlds being generated and move their <progress> bars (admin only).
// The world's other status fields (the list's "trạng thái" column, the change form's
// read-only status and error) follow, so the page never contradicts its own bar.
(function () {
  function statusFields(bar) {
    var row = bar.closest("tr");
    if (row) return {status: row.querySelector("td.field-status"), error: null};
    return {
      status: document.querySelector(".field-status .readonly"),
      error: document.querySelector(".field-error .readonly"),
    };
  }

  function poll(bar) {
    fetch(bar.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        bar.dataset.status = data.status;
        var text = bar.parentNode.querySelector(".world-progress-text");
        if (text) text.textContent = data.percent + " % – " + data.status_label;
        var fields = statusFields(bar);
        if (fields.status) fields.status.textContent = data.status_label;
        if (fields.error && data.error) fields.error.textContent = data.error;
        if (data.status === "pending" || data.status === "generating") {
          setTimeout(function () { poll(bar); }, 2000);
        }
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("progress.world-progress").forEach(function (bar) {
      if (bar.dataset.status === "pending" || bar.dataset.status === "generating") poll(bar);
    });
  });
})();
