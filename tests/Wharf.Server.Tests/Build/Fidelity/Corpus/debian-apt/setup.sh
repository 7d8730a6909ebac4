cp "$FIDELITY_DEBS"/hello_*.deb .
