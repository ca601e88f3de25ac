// Keeps page sections current without a reload: the server pushes "changed" for the reader's pool, the page is fetched
// again and every section marked data-live-source or data-live is swapped for its fresh version. Forms outside them are
// left alone, and so is a section the reader is looking into (an opened block's details).
(function () {
    const source = document.querySelector("[data-live-source]");
    if (!source || !window.EventSource) return;
    const sections = [...document.querySelectorAll("[data-live-source], [data-live]")].filter(function (s) { return s.id; });
    // What a section shows: a fresh form carries a fresh anti-forgery token and submission key, and those on the page
    // stay good, their form not sent yet.
    function content(section) {
        const copy = section.cloneNode(true);
        for (const field of copy.querySelectorAll("input[name=__RequestVerificationToken], input[name=__Submission]")) field.removeAttribute("value");
        return copy.innerHTML;
    }
    let pending = null;
    async function refresh() {
        pending = null;
        const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
        if (!response.ok || response.redirected) return;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        for (const section of sections) {
            const fresh = page.getElementById(section.id);
            if (!fresh || section.querySelector("details[open]")) continue;
            // Unchanged, the section is left as it is: what the reader is about to click is not swapped under the pointer.
            if (content(section) === content(fresh)) continue;
            section.innerHTML = fresh.innerHTML;
            section.dataset.refreshed = String(Date.now());
        }
    }
    const events = new EventSource(source.dataset.liveSource);
    events.addEventListener("changed", function () {
        // A burst of changes is one redraw.
        if (!pending) pending = setTimeout(refresh, 200);
    });
    events.addEventListener("open", function () { source.dataset.listening = "true"; });
})();
