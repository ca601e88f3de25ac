// Follows a verification of the history while it runs: asks for its status every second and moves the numbers and
// bars on; once it has finished, the page is loaded again to show the result. Without scripts, reloading the page
// shows the same.
(function () {
    const section = document.getElementById("progress");
    if (!section || !window.fetch) return;
    const summary = document.getElementById("progress-summary");
    const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

    function show(status) {
        summary.textContent = summary.dataset.template
            .replace("{0}", numbers.format(status.checked))
            .replace("{1}", numbers.format(status.total))
            .replace("{2}", String(status.percent));
        for (const chain of status.chains) {
            const row = section.querySelector('tr[data-chain="' + CSS.escape(chain.chain) + '"]');
            // The chains were not yet counted when the page was drawn: draw it again with them.
            if (!row) return false;
            const bar = row.querySelector("progress");
            bar.max = Math.max(1, chain.total);
            bar.value = Math.min(chain.checked, bar.max);
            row.querySelector("[data-checked]").textContent = numbers.format(chain.checked);
            row.querySelector("[data-total]").textContent = numbers.format(chain.total);
        }
        return true;
    }

    async function poll() {
        try {
            const response = await fetch(section.dataset.status, { credentials: "same-origin", headers: { Accept: "application/json" } });
            if (response.ok) {
                const status = await response.json();
                if (status.id !== section.dataset.run || status.state !== "running" || !show(status)) {
                    window.location.reload();
                    return;
                }
                section.dataset.polled = String(status.checked);
            }
        } catch (e) {
            // A moment without the server is no reason to stop following.
        }
        setTimeout(poll, 1000);
    }

    setTimeout(poll, 1000);
})();
