// The dispatch order's print button: the page's content security policy allows no inline handler.
document.querySelectorAll("[data-print]").forEach(button => button.addEventListener("click", () => window.print()));
