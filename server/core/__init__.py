"""Pure queue rules: ticket states and transitions, numbering, next-ticket choice (stdlib only)."""
