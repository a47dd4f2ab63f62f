/* Musyawarah embed: <div data-musyawarah-report="<your report id>" data-musyawarah-system="<your system code>"></div>
   <script src="https://<musyawarah>/sematkan.js" async></script>
   Replaces each such element with a frame showing that report's deliberation, sized to fit. */
(function () {
  var script = document.currentScript;
  var origin = new URL(script ? script.src : "/", location.href).origin;
  var lang = (document.documentElement.lang || "id").slice(0, 2) === "en" ? "en" : "id";
  var frames = [];
  document.querySelectorAll("[data-musyawarah-report]").forEach(function (el) {
    if (el.getAttribute("data-musyawarah-ready")) return;
    el.setAttribute("data-musyawarah-ready", "1");
    var frame = document.createElement("iframe");
    frame.src = origin + "/sematkan/" + encodeURIComponent(el.getAttribute("data-musyawarah-report")) +
      "?sistem=" + encodeURIComponent(el.getAttribute("data-musyawarah-system") || "") + "&lng=" + lang;
    frame.title = lang === "en" ? "Citizens' deliberation on Musyawarah" : "Musyawarah warga tentang laporan ini";
    frame.loading = "lazy";
    frame.style.cssText = "width:100%;border:0;min-height:240px;display:block";
    el.appendChild(frame);
    frames.push(frame);
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.musyawarahHeight !== "number") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(event.data.musyawarahHeight) + "px";
    });
  });
})();
