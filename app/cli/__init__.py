"""The `leadkeeper` command line (entry point: `app.cli.main:main`)."""
