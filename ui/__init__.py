"""The PySide6 desktop interface. It calls `app.services` and never opens a session.

Start it with `ui.app.run_gui(db_path)`.
"""
