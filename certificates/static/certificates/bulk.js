// Polls the bulk job's JSON status every two seconds until it is finished.
(function () {
  var box = document.getElementById("bulk-progress");
  if (!box || box.dataset.status === "finished") return;
  var set = function (id, value) { document.getElementById(id).textContent = value; };
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return setTimeout(poll, 5000);
        document.getElementById("bulk-bar").value = data.processed;
        set("bulk-state", data.status_label);
        set("bulk-processed", data.processed);
        set("bulk-issued", data.issued);
        set("bulk-skipped", data.skipped);
        set("bulk-failed", data.failed);
        box.dataset.status = data.status;
        if (data.status !== "finished") setTimeout(poll, 2000);
        else if (data.failed) window.location.reload();
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
