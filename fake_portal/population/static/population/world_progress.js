// Poll the status of worlds being generated and move their <progress> bars (admin only).
(function () {
  function poll(bar) {
    fetch(bar.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        bar.value = data.percent;
        var text = bar.parentNode.querySelector(".world-progress-text");
        if (text) text.textContent = data.percent + " % – " + data.status_label;
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
