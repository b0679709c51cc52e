"""The tests, one folder per stage of the pipeline (base, ingest, schema, dsl, rules, batch, report, cli) and the package as a whole."""
