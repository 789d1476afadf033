"""Pure e-Kinerja rules: no UI, no database, time passed in."""
