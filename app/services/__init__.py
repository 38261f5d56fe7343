"""Use cases. Each takes a ServiceContext and plain values, returns frozen dataclasses."""
