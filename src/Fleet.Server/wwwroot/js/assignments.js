// Keeps the driver's assignments current without a reload and without losing what the driver is typing: when
// anything changes in the pool (the server pushes "changed"), or the phone wakes the page again, the page is fetched
// again and every card is replaced by its fresh version, except a card the driver is filling in or has opened.
(function () {
    const section = document.getElementById("assignments");
    if (!section) return;

    function busy(card) {
        if (card.contains(document.activeElement) && document.activeElement !== document.body) return true;
        if (card.querySelector("details[open]")) return true;
        for (const field of card.querySelectorAll("input:not([type=hidden]), textarea, select")) {
            if (field.value !== field.defaultValue) return true;
        }
        return false;
    }

    // Puts the nodes wanted into the parent in order without moving those already there, so that a field being
    // typed in keeps its focus and the phone its keyboard.
    function reconcile(parent, wanted) {
        for (const child of [...parent.childNodes]) {
            if (!wanted.includes(child)) child.remove();
        }
        let cursor = parent.firstChild;
        for (const node of wanted) {
            if (node.parentNode === parent) {
                cursor = node.nextSibling;
                continue;
            }
            parent.insertBefore(node.ownerDocument === document ? node : document.importNode(node, true), cursor);
        }
    }

    // What an element shows, so that a refresh leaves alone what did not change (a card the driver is about to tap
    // is not swapped under the finger). A fresh form carries a fresh anti-forgery token and submission key; those on
    // the page stay good, their form not sent yet.
    function content(element) {
        const copy = element.cloneNode(true);
        for (const field of copy.querySelectorAll("input[name=__RequestVerificationToken], input[name=__Submission]")) field.removeAttribute("value");
        return copy.outerHTML;
    }

    function unchanged(shown, fresh) {
        return shown && shown.nodeName === fresh.nodeName && content(shown) === content(fresh) ? shown : fresh;
    }

    let pending = null;
    async function refresh() {
        pending = null;
        const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
        if (!response.ok || response.redirected) return;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById(section.id);
        if (!fresh) return;
        const kept = new Map();
        for (const card of section.querySelectorAll("article[data-trip]")) {
            if (busy(card)) kept.set(card.dataset.trip, card);
        }
        const liveLists = section.querySelectorAll(".assignment-list");
        const listed = new Set([...fresh.querySelectorAll("article[data-trip]")].map(function (card) { return card.dataset.trip; }));
        const shownNodes = [...section.children];
        const desired = [...fresh.children].map(function (node, position) {
            if (!node.classList.contains("assignment-list")) return unchanged(shownNodes[position], node);
            const index = [...fresh.querySelectorAll(".assignment-list")].indexOf(node);
            const live = liveLists[index];
            if (!live) return node;
            const cards = [...node.children].map(function (card) {
                const mine = kept.get(card.dataset.trip);
                if (!mine) return unchanged(live.querySelector(`article[data-trip="${card.dataset.trip}"]`), card);
                kept.delete(card.dataset.trip);
                return mine;
            });
            // A card being filled in stays even if the trip left the list: the driver sees the answer on sending it.
            for (const mine of live.querySelectorAll("article[data-trip]")) {
                if (kept.has(mine.dataset.trip) && !listed.has(mine.dataset.trip)) cards.push(mine);
            }
            reconcile(live, cards);
            return live;
        });
        reconcile(section, desired);
        section.dataset.refreshed = String(Date.now());
    }

    function soon() {
        // A burst of changes is one refresh.
        if (!pending) pending = setTimeout(refresh, 500);
    }

    if (window.EventSource && section.dataset.liveSource) {
        const source = new EventSource(section.dataset.liveSource);
        source.addEventListener("changed", soon);
        source.addEventListener("open", function () { section.dataset.listening = "true"; });
    }
    // A phone puts the page to sleep and the push with it: on waking, catch up at once, and now and then regardless.
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") soon(); });
    setInterval(function () { if (document.visibilityState === "visible") soon(); }, 60000);
})();
