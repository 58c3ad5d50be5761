"""Use cases: one transaction each, returning (result, events); the caller dispatches the events after commit."""
