"""SQLite through sqlite-utils: connections, migrations, and mapping rows to domain objects."""
