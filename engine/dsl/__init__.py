"""Rule language: grammar, parser, AST, static checker, compiler to closures, and the functions rules call."""
