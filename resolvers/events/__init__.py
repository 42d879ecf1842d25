"""Live case events over `graphql-transport-ws`, scoped like every query."""
