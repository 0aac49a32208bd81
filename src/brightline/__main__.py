"""``python -m brightline`` runs the command line."""

from brightline.cli.app import main

main()
