"""Schema stage: the registry of JSON Schemas, walking a schema beside a document, schema findings, and amounts."""
