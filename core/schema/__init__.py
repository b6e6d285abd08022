"""The GraphQL layer: core types, connections, payloads, loaders and the schema builder."""
