"""The hub: create_app is in server.app; this package imports nothing, so the entry point can patch first."""
