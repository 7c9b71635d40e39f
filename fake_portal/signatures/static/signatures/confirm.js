// Second screen: count down each request and re-read the list every 5 seconds.
(function () {
  var box = document.getElementById("pending");
  if (!box) return;
  function tick() {
    var now = Date.now();
    box.querySelectorAll(".countdown").forEach(function (el) {
      var left = Math.max(0, Math.round((Date.parse(el.dataset.expires) - now) / 1000));
      el.textContent = el.textContent.replace(/\d+/, left);
    });
  }
  function refresh() {
    if (box.contains(document.activeElement) && document.activeElement.tagName === "BUTTON") return;
    fetch(box.dataset.url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; tick(); } })
      .catch(function () {});
  }
  setInterval(tick, 1000);
  setInterval(refresh, 5000);
})();
