"""Reading one document: a spaCy pipeline of claimgraph's own components."""
