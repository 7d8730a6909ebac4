cp "$BUSYBOX" busybox
