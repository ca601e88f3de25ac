// The notification bell of every page: the server pushes the reader's unread count when it changes; the bell shows it,
// and the notification centre, when open, redraws its list.
(function () {
    const bell = document.getElementById("bell");
    if (!bell || !window.EventSource) return;
    const count = document.getElementById("bell-count");
    // Listening starts once the page has loaded, so that an open stream never holds up the page's own load.
    if (document.readyState !== "complete") {
        window.addEventListener("load", listen, { once: true });
    } else {
        listen();
    }
    function listen() {
    const events = new EventSource(bell.dataset.bellSource);
    events.addEventListener("open", function () { bell.dataset.listening = "true"; });
    events.addEventListener("bell", async function (e) {
        const unread = parseInt(e.data, 10) || 0;
        count.textContent = String(unread);
        count.hidden = unread === 0;
        bell.setAttribute("aria-label", bell.dataset.label.replace("{0}", String(unread)));
        bell.dataset.rung = String(Date.now());
        const list = document.getElementById("notifications");
        if (!list) return;
        const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
        if (!response.ok || response.redirected) return;
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("notifications");
        if (fresh) {
            list.innerHTML = fresh.innerHTML;
            list.dataset.refreshed = String(Date.now());
        }
    });
    }
})();
