"""The rule language: grammar, parser, AST, static checker, compiler to closures."""
