// Keeps a page section current without a reload: the server pushes "changed" for the reader's pool, and the
// section marked data-live-source is fetched again and swapped in. Forms outside it are left alone.
(function () {
    const section = document.querySelector("[data-live-source]");
    if (!section || !window.EventSource) return;
    let pending = null;
    async function refresh() {
        pending = null;
        const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
        if (!response.ok) return;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById(section.id);
        if (fresh) {
            section.innerHTML = fresh.innerHTML;
            section.dataset.refreshed = String(Date.now());
        }
    }
    const source = new EventSource(section.dataset.liveSource);
    source.addEventListener("changed", function () {
        // A burst of changes is one redraw.
        if (!pending) pending = setTimeout(refresh, 200);
    });
    source.addEventListener("open", function () { section.dataset.listening = "true"; });
})();
