"""Management: administration, the live dashboard and reports, as one slice (blueprints, namespace, exports)."""
