// Narrows long lists of cars and drivers as the dispatcher types a plate or a name: rows that do not match are hidden,
// a chosen row always stays in sight.
(function () {
    for (const box of document.querySelectorAll("input[data-filter]")) {
        const rows = () => document.querySelectorAll(box.dataset.filter);
        box.addEventListener("input", function () {
            const wanted = box.value.trim().toLowerCase();
            for (const row of rows()) {
                const chosen = row.querySelector("input:checked");
                row.hidden = wanted.length > 0 && !chosen && !row.textContent.toLowerCase().includes(wanted);
            }
        });
    }
})();
