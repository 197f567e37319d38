"""``python -m mathlsp`` runs the same command line as the ``mathlsp`` script."""

from mathlsp.cli import main

raise SystemExit(main())
