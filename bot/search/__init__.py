"""Search: a query language recruiters can type, expanded against taxonomies and the workspace's own words."""
