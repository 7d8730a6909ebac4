// Wharf's one script, and the only one the content security policy allows: copy buttons, and following a running
// build's log. Every page works without it; the buttons stay hidden until this runs, so nobody sees a button that does
// nothing, and a build page without it says to reload for more of the log.
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

    const log = document.getElementById("build-log");
    if (log && log.dataset.follow) {
        followLog(log, document.getElementById("build-announce"));
    }
});

// Streams the build's whole log from /builds/{id}/log?follow=true (which stays open until the build ends) and appends
// the lines after those the page was rendered with, as text; then reads the page again for how the build ended, and
// says so in the page's aria-live region.
async function followLog(log, announce) {
    const shown = Number(log.dataset.lines) || 0;
    announce.textContent = "";
    let seen = 0;
    let pending = "";
    try {
        const response = await fetch(log.dataset.follow, { credentials: "same-origin", cache: "no-store" });
        if (!response.ok || !response.body) {
            announce.textContent = "The log could not be followed: reload the page for more of it.";
            return;
        }

        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
            const { value, done } = await reader.read();
            if (done) {
                break;
            }

            pending += value;
            const lines = pending.split("\n");
            pending = lines.pop();
            const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
            for (const line of lines) {
                seen++;
                if (seen > shown) {
                    log.append(line + "\n");
                }
            }
            if (atEnd) {
                log.scrollTop = log.scrollHeight;
            }
        }
        if (pending && seen + 1 > shown) {
            log.append(pending);
        }
    } catch {
        announce.textContent = "Following the log stopped: reload the page for more of it.";
        return;
    }

    let state = "ended";
    try {
        const page = await fetch(location.pathname, { credentials: "same-origin", cache: "no-store" });
        const ended = new DOMParser().parseFromString(await page.text(), "text/html");
        state = ended.getElementById("build-state")?.textContent || state;
        const current = document.getElementById("build-state");
        if (current) {
            current.textContent = state;
            current.className = "state state-" + state;
        }
        const actions = ended.querySelector(".actions");
        const here = document.querySelector(".actions");
        if (actions && here) {
            here.replaceWith(document.importNode(actions, true));
        }
    } catch {
        // the state stays as it was rendered; the announcement still says the build ended
    }
    announce.textContent = `The build has ended: ${state}.`;
}
