"""HTTP plumbing shared by the entry modules: the resolver, sessions, errors. No shop rules here."""
