#!/usr/bin/env bash
# Makes docs/screenshots/: the web UI's main pages in the light and dark themes, rendered by the same browser test that
# checks they render (tests/Wharf.Server.Tests/Ui/ScreenshotTests.cs), on a registry the test fills with images real
# docker built. Needs what ./test needs (root, the test tools).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
WHARF_SCREENSHOTS="$here/docs/screenshots" dotnet test tests/Wharf.Server.Tests -c Release \
    --filter "FullyQualifiedName~Wharf.Server.Tests.Ui.ScreenshotTests"
