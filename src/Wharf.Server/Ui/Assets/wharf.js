// Wharf's one script, and the only one the content security policy allows: copy buttons. Every page works without
// it; the buttons stay hidden until this runs, so nobody sees a button that does nothing.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button[data-copy]")) {
        if (!navigator.clipboard) {
            continue; // not a secure context (plain HTTP off localhost): no clipboard to write to
        }

        button.hidden = false;
        button.addEventListener("click", async () => {
            try {
                await navigator.clipboard.writeText(button.dataset.copy);
                button.textContent = "Copied";
            } catch {
                button.textContent = "Copy failed";
            }
            setTimeout(() => { button.textContent = "Copy"; }, 2000);
        });
    }
});
